public import StrataCore

/// What a check run found: the diagnostics and the counts that summarise the run.
public struct Report: Sendable {
    /// The diagnostics, in report order.
    public var diagnostics: [Diagnostic]
    /// Counts of what was loaded (`clusters`, `kustomizations`, `objects`, `helmReleases` …).
    public var counts: [String: Int]
    /// The rules of the run, so formats that describe rules (SARIF, Markdown) can say what each id means.
    public var rules: [RuleMetadata]
    /// How many findings were silenced (by configuration or ignore annotations) and so are not listed.
    public var suppressed: Int

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - diagnostics: The findings, already in report order.
    ///   - counts: What was loaded, by name.
    ///   - rules: Descriptions of the rules that could have fired.
    ///   - suppressed: How many findings were silenced.
    public init(diagnostics: [Diagnostic], counts: [String: Int], rules: [RuleMetadata] = [], suppressed: Int = 0) {
        self.diagnostics = diagnostics
        self.counts = counts
        self.rules = rules
        self.suppressed = suppressed
    }

    /// How many diagnostics have each severity.
    public func count(_ severity: Severity) -> Int {
        diagnostics.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }

    /// The description of rule `id`, when the report has one (the first, should ids repeat).
    public func rule(_ id: String) -> RuleMetadata? {
        rules.first { $0.id == id }
    }

    /// The distinct ids of the diagnostics, sorted.
    public var firedRuleIDs: [String] {
        Set(diagnostics.map(\.id)).sorted()
    }

    /// The run in one sentence: `Checked N objects in M clusters: E errors, W warnings, N notes[, S suppressed]`.
    public var summaryLine: String {
        let objects = counts["objects"] ?? 0
        let clusters = counts["clusters"] ?? 0
        var line = "Checked \(objects) objects in \(clusters) cluster\(clusters == 1 ? "" : "s"): "
        line += "\(count(.error)) errors, \(count(.warning)) warnings, \(count(.note)) notes"
        if suppressed > 0 { line += ", \(suppressed) suppressed" }
        return line
    }
}
