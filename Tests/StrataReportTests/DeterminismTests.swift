import StrataCore
import StrataReport
import Testing

@Suite("Reporter determinism")
struct DeterminismTests {
    static let formats: [(String, @Sendable (Report) -> String)] = [
        ("text", { TextReporter.render($0) }),
        ("json", { JSONReporter.render($0) }),
        ("sarif", { SARIFReporter.render($0, toolVersion: "1") }),
        ("junit", { JUnitReporter.render($0) }),
        ("github", { GitHubReporter.render($0) }),
        ("markdown", { MarkdownReporter.render($0) }),
    ]

    @Test("every format renders the same report byte-identically, LF only, ending in a newline")
    func identical() {
        for (name, render) in Self.formats {
            let first = render(ReportSamples.full)
            #expect(first == render(ReportSamples.full), "\(name)")
            #expect(first.hasSuffix("\n"), "\(name)")
            #expect(!first.unicodeScalars.contains("\r"), "\(name)")
        }
    }

    @Test("the order of rule metadata does not change any output")
    func ruleOrder() {
        var shuffled = ReportSamples.full
        shuffled.rules.reverse()
        for (name, render) in Self.formats {
            #expect(render(ReportSamples.full) == render(shuffled), "\(name)")
        }
    }
}
