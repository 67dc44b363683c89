public import StrataYAML

/// One entry of a CRD schema's `x-kubernetes-validations`, compiled once and applied to values.
public struct CELValidationRule: Sendable {
    /// The CEL expression that must hold.
    public let rule: String
    /// The fixed failure message, if any.
    public let message: String?
    /// A CEL expression computing the failure message, if any.
    public let messageExpression: String?
    /// The path, relative to the value, that a failure is reported on (`fieldPath`), if any.
    public let fieldPath: String?
    /// The failure reason (`FieldValueInvalid`, `FieldValueForbidden`, …), if any.
    public let reason: String?
    /// The compiled rule, or why it did not compile.
    public let program: Result<CELProgram, CELCompileError>
    private let messageProgram: CELProgram?

    /// Compiles a rule and its message expression.
    public init(
        rule: String,
        message: String? = nil,
        messageExpression: String? = nil,
        fieldPath: String? = nil,
        reason: String? = nil
    ) {
        self.rule = rule
        self.message = message
        self.messageExpression = messageExpression
        self.fieldPath = fieldPath
        self.reason = reason
        program = CELProgram.compile(rule)
        messageProgram = messageExpression.flatMap { try? CELProgram.compile($0).get() }
    }

    /// Reads an `x-kubernetes-validations` item; `nil` when it has no `rule`.
    public init?(node: YAMLNode) {
        guard let rule = node["rule"]?.string else { return nil }
        self.init(
            rule: rule,
            message: node["message"]?.string,
            messageExpression: node["messageExpression"]?.string,
            fieldPath: node["fieldPath"]?.string,
            reason: node["reason"]?.string
        )
    }

    /// Applies the rule with `self` bound to the value.
    public func validate(self value: CELValue) -> CELRuleOutcome {
        let program: CELProgram
        switch self.program {
        case .success(let p): program = p
        case .failure(let e) where e.unsupported: return .skipped("unsupported rule: \(e.message)")
        case .failure(let e): return .error("invalid rule: \(e.message)")
        }
        switch program.evaluate(self: value) {
        case .skipped(let reason): return .skipped(reason)
        case .error(let message): return .error(message)
        case .value(.bool(true)): return .passed
        case .value(.bool(false)): return .failed(failureMessage(value))
        case .value(let other): return .error("rule evaluated to \(other.celType.name), not bool")
        }
    }

    /// The API server's choice of message: a usable `messageExpression` result, else `message`, else the rule.
    private func failureMessage(_ value: CELValue) -> String {
        if let messageProgram, case .value(.string(let text)) = messageProgram.evaluate(self: value),
            !text.allSatisfy(\.isWhitespace), !text.contains(where: \.isNewline)
        {
            return text
        }
        if let message, !message.isEmpty { return message }
        return "failed rule: \(rule)"
    }
}
