import Foundation
import StrataCore
import StrataReport
import Testing

@Suite("The JSON reporter")
struct JSONReporterTests {
    private func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("keeps the version 1 shape: version, diagnostics with their fields, summary")
    func shape() throws {
        let document = try parse(JSONReporter.render(ReportSamples.full))
        #expect(Set(document.keys) == ["version", "diagnostics", "summary"])
        #expect(document["version"] as? Int == 1)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 3)
        for diagnostic in diagnostics {
            for field in ["id", "severity", "message", "file", "line", "column"] {
                #expect(diagnostic.keys.contains(field), "missing \(field)")
            }
        }
        #expect(diagnostics[0]["file"] is NSNull)
        #expect((diagnostics[0]["object"] as? [String: Any])?["kind"] as? String == "ConfigMap")
        #expect(diagnostics[1]["file"] as? String == "apps/café 1/deploy.yaml")
        #expect(diagnostics[1]["notes"] == nil)
        let notes = try #require(diagnostics[2]["notes"] as? [[String: Any]])
        #expect(notes.first?["message"] as? String == "kustomizations are looked up here")
    }

    @Test("adds helpUri from the rule, summary.suppressed, and tool only when a version is given")
    func additions() throws {
        let document = try parse(JSONReporter.render(ReportSamples.full))
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics[2]["helpUri"] as? String == "https://example.com/rules/dependency-not-found")
        #expect(diagnostics[1]["helpUri"] == nil)
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(
            summary == [
                "clusters": 2, "objects": 40, "kustomizations": 5, "errors": 1, "warnings": 1, "notes": 1,
                "suppressed": 3,
            ]
        )
        let versioned = try parse(JSONReporter.render(ReportSamples.full, toolVersion: "1.2.3"))
        #expect(versioned["tool"] as? [String: String] == ["name": "strata", "version": "1.2.3"])
    }

    @Test("a small report renders exactly, keys sorted")
    func exact() {
        let diagnostic = Diagnostic(
            id: "a/b",
            severity: .warning,
            message: "say \"hi\"\tnow",
            location: SourceLocation(path: "x/y.yaml", line: 2, column: 3)
        )
        let expected = """
            {
              "diagnostics" : [
                {
                  "column" : 3,
                  "file" : "x/y.yaml",
                  "id" : "a/b",
                  "line" : 2,
                  "message" : "say \\"hi\\"\\tnow",
                  "severity" : "warning"
                }
              ],
              "summary" : {
                "errors" : 0,
                "notes" : 0,
                "objects" : 1,
                "suppressed" : 0,
                "warnings" : 1
              },
              "version" : 1
            }

            """
        #expect(JSONReporter.render(Report(diagnostics: [diagnostic], counts: ["objects": 1])) == expected)
    }
}
