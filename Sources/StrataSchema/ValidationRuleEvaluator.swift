public import StrataYAML

/// Compiles `x-kubernetes-validations` rules (CEL expressions) so the validator can evaluate them.
///
/// The schema stage does not depend on any CEL implementation; a caller that has one passes it to
/// ``SchemaValidator``. Without one, every rule an object reaches is reported once as not evaluated.
public protocol ValidationRuleEvaluator: Sendable {
    /// Compiles one rule; returns `nil` when it cannot be evaluated (it is then reported once as not evaluated).
    ///
    /// Called at most once per rule of a schema, whatever the number of objects validated.
    func compile(rule: String, messageExpression: String?) -> (any CompiledValidationRule)?
}

/// A compiled `x-kubernetes-validations` rule.
public protocol CompiledValidationRule: Sendable {
    /// Evaluates the rule with `self` bound to `value`, the node the rule's schema applies to.
    func evaluate(self value: YAMLNode) -> ValidationRuleResult
}

/// What evaluating one rule gave.
public enum ValidationRuleResult: Hashable, Sendable {
    /// The rule holds.
    case passed
    /// The rule does not hold; `message` is the evaluated `messageExpression`, when there is one.
    case failed(message: String?)
    /// The rule could not be evaluated for this value (a runtime error, a cost limit); not a finding.
    case error(String)
}
