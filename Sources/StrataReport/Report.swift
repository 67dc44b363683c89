public import StrataCore

/// What a check run found: the diagnostics and the counts that summarise the run.
public struct Report: Sendable {
    /// The diagnostics, in report order.
    public var diagnostics: [Diagnostic]
    /// Counts of what was loaded (`clusters`, `kustomizations`, `objects`, `helmReleases` …).
    public var counts: [String: Int]

    /// Creates a report.
    public init(diagnostics: [Diagnostic], counts: [String: Int]) {
        self.diagnostics = diagnostics
        self.counts = counts
    }

    /// How many diagnostics have each severity.
    public func count(_ severity: Severity) -> Int {
        diagnostics.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }
}
