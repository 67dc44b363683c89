public import StrataCore

/// The outcome of one rule at one place in an object.
public struct CELRuleFinding: Sendable, Hashable {
    /// Where in the object the rule applied (`spec.rules[0].matches[1]`); empty for the object itself.
    public var fieldPath: String
    /// The rule's expression.
    public var rule: String
    /// What the rule said.
    public var outcome: CELRuleOutcome
    /// The rule's `reason`, if it declares one.
    public var reason: String?
    /// The source position of the value the rule applied to.
    public var location: SourceLocation?

    /// Creates a finding.
    public init(
        fieldPath: String,
        rule: String,
        outcome: CELRuleOutcome,
        reason: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.fieldPath = fieldPath
        self.rule = rule
        self.outcome = outcome
        self.reason = reason
        self.location = location
    }
}
