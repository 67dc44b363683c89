public import StrataCore

/// Where a rule reports: stamps the rule's id and its configured severity on every finding.
public struct RuleSink: Sendable {
    /// The rule's id.
    public let id: String
    /// The severity findings get unless the rule asks for another one.
    public let severity: Severity
    private let base: any DiagnosticSink

    /// Creates a sink for one rule.
    public init(id: String, severity: Severity, base: any DiagnosticSink) {
        self.id = id
        self.severity = severity
        self.base = base
    }

    /// Reports one finding.
    ///
    /// - Parameters:
    ///   - message: What is wrong: lowercase start, no final period, user values in single quotes.
    ///   - location: The exact node the finding is about.
    ///   - object: The object it is about, for SARIF's logical location and annotation suppressions.
    ///   - notes: Related places ("defined here").
    ///   - severity: A lower severity for a softer variant of the finding; `nil` uses the configured one.
    public func report(
        _ message: String,
        at location: SourceLocation?,
        object: ObjectReference? = nil,
        notes: [Diagnostic.Note] = [],
        severity: Severity? = nil
    ) {
        base.emit(
            Diagnostic(
                id: id,
                severity: severity.map { min($0, self.severity) } ?? self.severity,
                message: message,
                location: location,
                subject: object,
                notes: notes
            )
        )
    }
}
