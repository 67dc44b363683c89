import StrataCore
import StrataReport
import Testing

@Suite("Report formats")
struct ReportFormatTests {
    @Test("the identifiers are the command-line spellings, each with a summary")
    func identifiers() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "json", "sarif", "junit", "github", "markdown"])
        #expect(ReportFormat.allCases.allSatisfy { !$0.summary.isEmpty && !$0.summary.hasSuffix(".") })
    }

    @Test("each format renders with its reporter", arguments: ReportFormat.allCases)
    func dispatch(format: ReportFormat) {
        let report = ReportSamples.full
        let expected =
            switch format {
            case .text: TextReporter.render(report, color: true)
            case .json: JSONReporter.render(report, toolVersion: "9.9")
            case .sarif: SARIFReporter.render(report, toolVersion: "9.9")
            case .junit: JUnitReporter.render(report)
            case .github: GitHubReporter.render(report)
            case .markdown: MarkdownReporter.render(report)
            }
        #expect(format.render(report, toolVersion: "9.9", color: true) == expected)
    }
}
