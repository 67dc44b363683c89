public import StrataCore

/// What a rule is, as the reporters that describe rules (SARIF, Markdown) need it.
///
/// The rule engine maps its own descriptions onto this plain value, so reporters depend on nothing but
/// `StrataCore`.
public struct RuleMetadata: Sendable, Hashable {
    /// The stable id, such as `flux/dependency-not-found`.
    public var id: String
    /// A short title, such as `Dependency Not Found`.
    public var name: String
    /// One sentence without a final period.
    public var summary: String
    /// Why the rule exists, in Markdown.
    public var rationale: String
    /// How to fix a finding, in Markdown.
    public var remediation: String
    /// The severity the rule reports with unless configured otherwise.
    public var severity: Severity
    /// Where the rule's documentation lives, when it has a page.
    public var helpURI: String?

    /// Creates a rule description.
    ///
    /// - Parameters:
    ///   - id: The stable id.
    ///   - name: A short title.
    ///   - summary: One sentence without a final period.
    ///   - rationale: Why the rule exists, in Markdown.
    ///   - remediation: How to fix a finding, in Markdown.
    ///   - severity: The default severity.
    ///   - helpURI: The documentation page, if any.
    public init(
        id: String,
        name: String,
        summary: String,
        rationale: String = "",
        remediation: String = "",
        severity: Severity,
        helpURI: String? = nil
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.remediation = remediation
        self.severity = severity
        self.helpURI = helpURI
    }
}
