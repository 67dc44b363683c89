public import StrataCore

/// The formats `strata check` can write, by their command-line identifier.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Compiler-style lines with source excerpts and a summary.
    case text
    /// The versioned JSON document.
    case json
    /// SARIF 2.1.0 for code-scanning services.
    case sarif
    /// JUnit XML for CI test tabs.
    case junit
    /// GitHub Actions workflow commands, shown as pull-request annotations.
    case github
    /// Markdown for pull-request comments and generated pages.
    case markdown

    /// One line saying what the format is for, for help texts.
    public var summary: String {
        switch self {
        case .text: "compiler-style findings with source excerpts and a summary line"
        case .json: "a versioned JSON document with every finding and the run's counts"
        case .sarif: "SARIF 2.1.0 for code-scanning services"
        case .junit: "JUnit XML with a test suite per rule, for CI test tabs"
        case .github: "GitHub Actions workflow commands that annotate pull requests"
        case .markdown: "a Markdown summary for pull-request comments"
        }
    }

    /// Renders a report in this format.
    ///
    /// - Parameters:
    ///   - report: What to render.
    ///   - toolVersion: The version of strata, for the formats that name the tool (JSON, SARIF).
    ///   - color: Whether text output carries ANSI colour; other formats ignore it.
    ///   - sourceLine: The text of the line at a location, for the text format's excerpts.
    /// - Returns: The rendered report, ending in a newline unless it is empty.
    public func render(
        _ report: Report,
        toolVersion: String,
        color: Bool = false,
        sourceLine: (SourceLocation) -> String? = { _ in nil }
    ) -> String {
        switch self {
        case .text: TextReporter.render(report, color: color, sourceLine: sourceLine)
        case .json: JSONReporter.render(report, toolVersion: toolVersion)
        case .sarif: SARIFReporter.render(report, toolVersion: toolVersion)
        case .junit: JUnitReporter.render(report)
        case .github: GitHubReporter.render(report)
        case .markdown: MarkdownReporter.render(report)
        }
    }
}
