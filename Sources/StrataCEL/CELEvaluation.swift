/// The outcome of evaluating a CEL program.
public enum CELEvaluation: Sendable, Hashable {
    /// The expression produced a value.
    case value(CELValue)
    /// Evaluation failed with a CEL runtime error (no such key, overflow, no matching overload, cost limit, …).
    case error(String)
    /// The program was not evaluated, e.g. a transition rule (it reads `oldSelf`) with no old object.
    case skipped(String)
}

/// A runtime error raised while evaluating an expression.
struct CELEvalError: Error, Sendable {
    var message: String
    /// Exhausting the step budget cancels evaluation: `||`, `&&` and macros must not absorb it.
    var cancelled = false

    init(_ message: String, cancelled: Bool = false) {
        self.message = message
        self.cancelled = cancelled
    }

    static func noOverload(_ function: String, _ args: [CELValue]) -> CELEvalError {
        CELEvalError("no such overload: \(function)(\(args.map { $0.celType.name }.joined(separator: ", ")))")
    }
}
