import Foundation
import StrataCore
import StrataReport
import StrataTestSupport
import Testing

@Suite("The SARIF reporter")
struct SARIFReporterTests {
    private func parse(_ report: Report) throws -> [String: Any] {
        let text = SARIFReporter.render(report, toolVersion: "0.1.0", informationURI: "https://example.com/strata")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func run(_ report: Report) throws -> [String: Any] {
        let runs = try #require(try parse(report)["runs"] as? [[String: Any]])
        try #require(runs.count == 1)
        return runs[0]
    }

    @Test("the log names SARIF 2.1.0, one run, the driver and code-point columns")
    func envelope() throws {
        let log = try parse(ReportSamples.full)
        #expect(log["version"] as? String == "2.1.0")
        #expect((log["$schema"] as? String)?.hasSuffix("sarif-schema-2.1.0.json") == true)
        let run = try run(ReportSamples.full)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "strata")
        #expect(driver["version"] as? String == "0.1.0")
        #expect(driver["informationUri"] as? String == "https://example.com/strata")
        let bases = try #require(run["originalUriBaseIds"] as? [String: Any])
        #expect(bases.keys.sorted() == ["%SRCROOT%"])
    }

    @Test("rules come from the metadata, sorted, plus a bare entry for an id without metadata")
    func rules() throws {
        let run = try run(ReportSamples.full)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(
            rules.compactMap { $0["id"] as? String } == [
                "flux/dependency-not-found", "flux/unused-source", "images/tag-latest", "yaml/unused-anchor",
            ]
        )
        let first = rules[0]
        #expect(first["name"] as? String == "Dependency Not Found")
        #expect((first["shortDescription"] as? [String: String])?["text"] == ReportSamples.rules[0].summary)
        #expect((first["fullDescription"] as? [String: String])?["text"] == ReportSamples.rules[0].rationale)
        #expect(
            first["help"] as? [String: String] == [
                "text": "Fix the name in `spec.dependsOn`.", "markdown": "Fix the name in `spec.dependsOn`.",
            ]
        )
        #expect(first["helpUri"] as? String == "https://example.com/rules/dependency-not-found")
        #expect((first["defaultConfiguration"] as? [String: String])?["level"] == "error")
        #expect(rules[3].keys.sorted() == ["id"])
    }

    @Test("each result points at its rule and carries level, message, locations and related locations")
    func results() throws {
        let run = try run(ReportSamples.full)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let ruleIDs = try #require(driver["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["level"] as? String } == ["note", "warning", "error"])
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == result["ruleId"] as? String)
        }

        let fileless = try #require(results[0]["locations"] as? [[String: Any]])
        #expect(fileless.first?["physicalLocation"] == nil)
        let logical = try #require(fileless.first?["logicalLocations"] as? [[String: String]])
        #expect(logical == [["name": "settings", "fullyQualifiedName": "ConfigMap/settings", "kind": "resource"]])
        #expect((results[0]["message"] as? [String: String])?["text"] == "anchor 'base' is never used\nsecond line")

        let located = try #require((results[2]["locations"] as? [[String: Any]])?.first)
        let physical = try #require(located["physicalLocation"] as? [String: Any])
        #expect(
            physical["artifactLocation"] as? [String: String] == [
                "uri": "clusters/prod/apps.yaml", "uriBaseId": "%SRCROOT%",
            ]
        )
        #expect(physical["region"] as? [String: Int] == ["startLine": 11, "startColumn": 7])
        let subject = try #require(located["logicalLocations"] as? [[String: String]])
        #expect(subject.first?["fullyQualifiedName"] == "prod/Kustomization/flux-system/apps")

        let related = try #require(results[2]["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related.first?["id"] as? Int == 0)
        #expect((related.first?["message"] as? [String: String])?["text"] == "kustomizations are looked up here")
    }

    @Test(
        "artifact URIs percent-encode what a URI path cannot hold",
        arguments: [
            ("apps/café 1/deploy.yaml", "apps/caf%C3%A9%201/deploy.yaml"),
            ("a:b/c,d#e?f%g.yaml", "a%3Ab/c%2Cd%23e%3Ff%25g.yaml"),
            ("plain/path-1_2~3.yaml", "plain/path-1_2~3.yaml"),
        ]
    )
    func uris(path: String, uri: String) throws {
        let diagnostic = Diagnostic(
            id: "x/y",
            severity: .error,
            message: "m",
            location: StrataCore.SourceLocation(path: path, line: 1, column: 1)
        )
        let run = try run(Report(diagnostics: [diagnostic], counts: [:]))
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let artifact = (location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: String]
        #expect(artifact?["uri"] == uri)
    }

    @Test("a clean report still has the driver, no results and no machine paths")
    func clean() throws {
        let run = try run(ReportSamples.clean)
        #expect((run["results"] as? [Any])?.isEmpty == true)
        let base = (run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any]
        #expect(base?["uri"] == nil)
        let rooted = SARIFReporter.render(ReportSamples.clean, toolVersion: "0", sourceRootURI: "file:///repo/")
        #expect(rooted.contains("\"uri\" : \"file:///repo/\""))
    }

    @Test(
        "the log validates against the SARIF 2.1.0 schema",
        .enabled(if: SchemaValidator.isAvailable, SchemaValidator.unavailable)
    )
    func schema() throws {
        for report in [ReportSamples.full, ReportSamples.clean] {
            let text = SARIFReporter.render(report, toolVersion: "0.1.0", informationURI: "https://example.com/strata")
            let result = try SchemaValidator.validate(text)
            #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        }
    }

    @Test(
        "the schema check rejects a log with a wrong level",
        .enabled(if: SchemaValidator.isAvailable, SchemaValidator.unavailable)
    )
    func schemaRejects() throws {
        let text = SARIFReporter.render(ReportSamples.full, toolVersion: "0.1.0")
            .replacingOccurrences(of: "\"level\" : \"warning\"", with: "\"level\" : \"fatal\"")
        #expect(try SchemaValidator.validate(text).code == 1)
    }
}

extension SARIFReporterTests {
    @Test("a finding on line 0 names the file without a region")
    func wholeFile() throws {
        let diagnostic = Diagnostic(
            id: "x/y",
            severity: .warning,
            message: "m",
            location: StrataCore.SourceLocation(path: "a.yaml", line: 0, column: 0)
        )
        let run = try run(Report(diagnostics: [diagnostic], counts: [:]))
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        #expect(physical["region"] == nil)
        #expect((physical["artifactLocation"] as? [String: String])?["uri"] == "a.yaml")
    }
}
