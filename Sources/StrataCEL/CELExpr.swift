/// A node of a parsed CEL expression.
indirect enum CELExpr: Sendable {
    enum BinaryOp: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", inside = "in"
    }

    enum Macro: String, Sendable {
        case all, exists, existsOne = "exists_one", map, filter, transformList, transformMap, transformMapEntry
    }

    struct MapEntry: Sendable {
        var key: CELExpr
        var value: CELExpr
        var optional: Bool
    }

    case literal(CELValue)
    case ident(String, offset: Int)
    case select(CELExpr, field: String, optional: Bool, offset: Int)
    case has(CELExpr, field: String)
    case index(CELExpr, CELExpr, optional: Bool)
    case list([CELExpr], optional: [Bool])
    case map([MapEntry])
    case not(CELExpr)
    case negate(CELExpr)
    case and(CELExpr, CELExpr)
    case or(CELExpr, CELExpr)
    case conditional(CELExpr, CELExpr, CELExpr)
    case binary(BinaryOp, CELExpr, CELExpr)
    /// A function call; `target` is the receiver of `x.f(...)`.
    case call(String, target: CELExpr?, args: [CELExpr], offset: Int)
    /// `matches`, `find` or `findAll` with a constant pattern compiled once.
    case regexCall(String, target: CELExpr, regex: CELRegex, args: [CELExpr])
    /// A macro over a list or map: `range.all(v, body)`, or with two variables `range.all(i, v, body)`.
    case comprehension(Macro, range: CELExpr, first: String, second: String?, args: [CELExpr])
}
