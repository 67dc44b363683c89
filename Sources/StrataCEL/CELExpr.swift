/// A node of a parsed CEL expression.
indirect enum CELExpr: Sendable {
    enum BinaryOp: String, Sendable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessEqual = "<="
        case greater = ">"
        case greaterEqual = ">="
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case remainder = "%"
        case inside = "in"
    }

    enum Macro: String, Sendable {
        case all
        case exists
        case existsOne = "exists_one"
        case map
        case filter
        case transformList
        case transformMap
        case transformMapEntry
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

extension CELExpr {
    /// The direct subexpressions.
    var children: [CELExpr] {
        switch self {
        case .literal, .ident: return []
        case .select(let a, _, _, _), .has(let a, _), .not(let a), .negate(let a): return [a]
        case .index(let a, let b, _), .and(let a, let b), .or(let a, let b), .binary(_, let a, let b): return [a, b]
        case .conditional(let a, let b, let c): return [a, b, c]
        case .list(let items, _): return items
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .call(_, let target, let args, _): return (target.map { [$0] } ?? []) + args
        case .regexCall(_, let target, _, let args): return [target] + args
        case .comprehension(_, let range, _, _, let args): return [range] + args
        }
    }

    /// The height of the tree, computed without recursion so that a pathological tree cannot exhaust the stack.
    var height: Int {
        var deepest = 0
        var stack: [(CELExpr, Int)] = [(self, 1)]
        while let (e, d) = stack.popLast() {
            deepest = max(deepest, d)
            for c in e.children { stack.append((c, d + 1)) }
        }
        return deepest
    }
}
