import StrataCore
import Synchronization

/// The validator's shared memory of `x-kubernetes-validations` rules: each compiled once, each rule that cannot
/// be evaluated reported once, whichever thread reaches it first.
final class RuleLedger: Sendable {
    private enum Entry {
        case compiled(any CompiledValidationRule)
        case unavailable
    }

    private let evaluator: (any ValidationRuleEvaluator)?
    private let entries = Mutex<[String: Entry]>([:])

    init(evaluator: (any ValidationRuleEvaluator)?) {
        self.evaluator = evaluator
    }

    /// The compiled rule, or `nil` when it cannot be evaluated.
    ///
    /// The first caller to find a rule unavailable gets `firstUnavailable == true` and reports it.
    func compiled(_ rule: RuleInfo, key: String) -> (rule: (any CompiledValidationRule)?, firstUnavailable: Bool) {
        if let entry = entries.withLock({ $0[key] }) {
            if case .compiled(let compiled) = entry { return (compiled, false) }
            return (nil, false)
        }
        // Compile outside the lock: compiling can be slow, and a rare duplicate compile is harmless.
        let compiled = evaluator?.compile(rule: rule.rule, messageExpression: rule.messageExpression)
        return entries.withLock { table in
            if let existing = table[key] {
                if case .compiled(let c) = existing { return (c, false) }
                return (nil, false)
            }
            if let compiled {
                table[key] = .compiled(compiled)
                return (compiled, false)
            }
            table[key] = .unavailable
            return (nil, true)
        }
    }
}
