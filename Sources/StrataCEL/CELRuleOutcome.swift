/// The verdict of one validation rule on one value.
public enum CELRuleOutcome: Sendable, Hashable {
    /// The rule evaluated to `true`.
    case passed
    /// The rule evaluated to `false`; the message is the one the API server would report.
    case failed(String)
    /// The rule was not evaluated: a transition rule (no old object) or a feature this interpreter lacks.
    case skipped(String)
    /// The rule could not be decided: a runtime error, a result that is not a bool, or a rule that does not compile.
    case error(String)
}
