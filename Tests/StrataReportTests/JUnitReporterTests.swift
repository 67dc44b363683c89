import Foundation
import StrataCore
import StrataReport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("The JUnit reporter")
struct JUnitReporterTests {
    @Test("one suite per rule, one case per file, failures for errors and warnings, notes as output")
    func full() {
        let expected = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="strata" tests="3" failures="2" errors="0">
              <testsuite name="flux/dependency-not-found" tests="1" failures="1" errors="0">
                <testcase classname="flux/dependency-not-found" name="clusters/prod/apps.yaml">
                  <failure message="dependency &apos;infra&apos; not found" type="error">\
            clusters/prod/apps.yaml:11:7: dependency 'infra' not found
                clusters/prod:1:1: note: kustomizations are looked up here
            </failure>
                </testcase>
              </testsuite>
              <testsuite name="images/tag-latest" tests="1" failures="1" errors="0">
                <testcase classname="images/tag-latest" name="apps/café 1/deploy.yaml">
                  <failure message="image &apos;nginx:latest&apos; uses &lt;latest&gt; | a,b &amp; 100%" \
            type="warning">apps/café 1/deploy.yaml:4:12: image 'nginx:latest' uses &lt;latest&gt; | a,b &amp; 100%
            </failure>
                </testcase>
              </testsuite>
              <testsuite name="yaml/unused-anchor" tests="1" failures="0" errors="0">
                <testcase classname="yaml/unused-anchor" name="(no file)">
                  <system-out>anchor 'base' is never used
            second line
            </system-out>
                </testcase>
              </testsuite>
            </testsuites>

            """
        #expect(JUnitReporter.render(ReportSamples.full) == expected)
    }

    @Test("several findings of a rule in one file are one failure of the worst severity")
    func grouped() {
        let at = { (line: Int) in StrataCore.SourceLocation(path: "a.yaml", line: line, column: 1) }
        let report = Report(
            diagnostics: [
                Diagnostic(id: "r/x", severity: .warning, message: "first", location: at(1)),
                Diagnostic(id: "r/x", severity: .error, message: "second", location: at(2)),
                Diagnostic(id: "r/x", severity: .note, message: "third", location: at(3)),
            ],
            counts: [:]
        )
        let out = JUnitReporter.render(report)
        #expect(out.contains("<testsuite name=\"r/x\" tests=\"1\" failures=\"1\" errors=\"0\">"))
        #expect(
            out.contains(
                "<failure message=\"2 findings\" type=\"error\">a.yaml:1:1: first\na.yaml:2:1: second\n</failure>"
            )
        )
        #expect(out.contains("<system-out>a.yaml:3:1: third\n</system-out>"))
    }

    @Test("a clean report is a single passing test case")
    func clean() {
        let expected = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="strata" tests="1" failures="0" errors="0">
              <testsuite name="strata" tests="1" failures="0" errors="0">
                <testcase classname="strata" name="check"/>
              </testsuite>
            </testsuites>

            """
        #expect(JUnitReporter.render(ReportSamples.clean) == expected)
    }

    @Test("control characters, quotes and line breaks in attributes survive as valid XML")
    func awkwardCharacters() throws {
        let diagnostic = Diagnostic(
            id: "r/\"q\"",
            severity: .error,
            message: "bell\u{07} tab\t line\nbreak \"quoted\" ]]> end",
            location: StrataCore.SourceLocation(path: "dir/<odd>&'file'.yaml", line: 1, column: 1)
        )
        let out = JUnitReporter.render(Report(diagnostics: [diagnostic], counts: [:]))
        #expect(!out.contains("\u{07}"))
        #expect(out.contains("message=\"bell\u{FFFD} tab&#9; line&#10;break &quot;quoted&quot; ]]&gt; end\""))
        #expect(out.contains("name=\"dir/&lt;odd&gt;&amp;&apos;file&apos;.yaml\""))
        try expectWellFormed(out, message: diagnostic.message.replacingOccurrences(of: "\u{07}", with: "\u{FFFD}"))
    }

    @Test("every rendering parses as XML with testsuites at the root")
    func wellFormed() throws {
        for report in [ReportSamples.full, ReportSamples.clean] {
            try expectWellFormed(JUnitReporter.render(report), message: nil)
        }
    }

    /// Parses with `XMLParser`, which (unlike `XMLDocument` on Linux) does not recover from malformed input.
    private func expectWellFormed(_ xml: String, message: String?) throws {
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        let parsed = parser.parse()
        #expect(parsed && parser.parserError == nil, "\(String(describing: parser.parserError))")
        #expect(collector.elements.first?.name == "testsuites")
        if let message {
            #expect(collector.elements.first { $0.name == "failure" }?.attributes["message"] == message)
        }
    }
}

/// Records the elements an `XMLParser` meets, in document order.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append((elementName, attributes))
    }
}
