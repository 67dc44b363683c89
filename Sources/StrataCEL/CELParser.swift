/// A recursive-descent parser for the CEL grammar, expanding the standard macros as it goes.
struct CELParser {
    private var tokens: [CELToken]
    private var pos = 0
    private var depth = 0
    // Nesting and tree height are bounded so that parsing, checking and evaluating (all recursive) stay well
    // within the small stacks of concurrent threads; real rules stay far below these.
    private static let maxDepth = 40
    static let maxHeight = 120

    private static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ]

    init(tokens: [CELToken]) { self.tokens = tokens }

    static func parse(_ source: String) -> Result<CELExpr, CELCompileError> {
        switch CELLexer.tokenize(source) {
        case .failure(let e): return .failure(e)
        case .success(let tokens):
            var parser = CELParser(tokens: tokens)
            do throws(CELCompileError) {
                let expr = try parser.expression()
                guard case .end = parser.current.kind else {
                    throw parser.error("unexpected \(parser.describe(parser.current))")
                }
                guard expr.height <= maxHeight else {
                    throw CELCompileError(
                        message: "expression is nested more than \(maxHeight) levels deep",
                        unsupported: true,
                        offset: 0
                    )
                }
                return .success(expr)
            } catch {
                return .failure(error)
            }
        }
    }

    private var current: CELToken { tokens[min(pos, tokens.count - 1)] }

    private func error(_ message: String, unsupported: Bool = false) -> CELCompileError {
        CELCompileError(message: message, unsupported: unsupported, offset: current.offset)
    }

    private func describe(_ t: CELToken) -> String {
        switch t.kind {
        case .end: "end of expression"
        case .punct(let p): "'\(p)'"
        case .identifier(let n): "'\(n)'"
        default: "literal"
        }
    }

    private func isPunct(_ p: String) -> Bool {
        if case .punct(let q) = current.kind { return q == p }
        return false
    }

    private mutating func accept(_ p: String) -> Bool {
        if isPunct(p) {
            pos += 1
            return true
        }
        return false
    }

    private mutating func expect(_ p: String) throws(CELCompileError) {
        guard accept(p) else { throw error("expected '\(p)' but found \(describe(current))") }
    }

    private mutating func expression() throws(CELCompileError) -> CELExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth < CELParser.maxDepth else {
            throw error("expression is nested more than \(CELParser.maxDepth) levels deep", unsupported: true)
        }
        let condition = try conditionalOr()
        guard accept("?") else { return condition }
        let yes = try conditionalOr()
        try expect(":")
        let no = try expression()
        return .conditional(condition, yes, no)
    }

    private mutating func conditionalOr() throws(CELCompileError) -> CELExpr {
        var lhs = try conditionalAnd()
        while accept("||") { lhs = .or(lhs, try conditionalAnd()) }
        return lhs
    }

    private mutating func conditionalAnd() throws(CELCompileError) -> CELExpr {
        var lhs = try relation()
        while accept("&&") { lhs = .and(lhs, try relation()) }
        return lhs
    }

    private mutating func relation() throws(CELCompileError) -> CELExpr {
        var lhs = try addition()
        while true {
            let op: CELExpr.BinaryOp
            switch current.kind {
            case .punct("=="): op = .equal
            case .punct("!="): op = .notEqual
            case .punct("<"): op = .less
            case .punct("<="): op = .lessEqual
            case .punct(">"): op = .greater
            case .punct(">="): op = .greaterEqual
            case .identifier("in"): op = .inside
            default: return lhs
            }
            pos += 1
            lhs = .binary(op, lhs, try addition())
        }
    }

    private mutating func addition() throws(CELCompileError) -> CELExpr {
        var lhs = try multiplication()
        while true {
            if accept("+") {
                lhs = .binary(.add, lhs, try multiplication())
            } else if accept("-") {
                lhs = .binary(.subtract, lhs, try multiplication())
            } else {
                return lhs
            }
        }
    }

    private mutating func multiplication() throws(CELCompileError) -> CELExpr {
        var lhs = try unary()
        while true {
            if accept("*") {
                lhs = .binary(.multiply, lhs, try unary())
            } else if accept("/") {
                lhs = .binary(.divide, lhs, try unary())
            } else if accept("%") {
                lhs = .binary(.remainder, lhs, try unary())
            } else {
                return lhs
            }
        }
    }

    private mutating func unary() throws(CELCompileError) -> CELExpr {
        if accept("!") {
            var count = 1
            while accept("!") { count += 1 }
            var e = try member()
            for _ in 0..<count { e = .not(e) }
            return e
        }
        if accept("-") {
            var count = 1
            while accept("-") { count += 1 }
            var e: CELExpr
            // -9223372036854775808 is only writable as a negated literal, so fold that one case here.
            if case .int(let magnitude) = current.kind, magnitude == UInt64(Int64.max) + 1, !nextIsMemberStart {
                pos += 1
                e = .literal(.int(Int64.min))
                count -= 1
            } else {
                e = try member()
            }
            for _ in 0..<count { e = .negate(e) }
            return e
        }
        return try member()
    }

    private var nextIsMemberStart: Bool {
        guard pos + 1 < tokens.count, case .punct(let p) = tokens[pos + 1].kind else { return false }
        return p == "." || p == ".?" || p == "[" || p == "[?"
    }

    private mutating func member() throws(CELCompileError) -> CELExpr {
        var e = try primary()
        while true {
            if isPunct(".") || isPunct(".?") {
                let optional = isPunct(".?")
                pos += 1
                let offset = current.offset
                guard case .identifier(let name) = current.kind else { throw error("expected a field name after '.'") }
                try checkIdentifier(name)
                pos += 1
                if !optional, accept("(") {
                    let args = try arguments(closing: ")")
                    e = try memberCall(name, target: e, args: args, offset: offset)
                } else {
                    e = .select(e, field: name, optional: optional, offset: offset)
                }
            } else if isPunct("[") || isPunct("[?") {
                let optional = isPunct("[?")
                pos += 1
                let index = try expression()
                try expect("]")
                e = .index(e, index, optional: optional)
            } else {
                return e
            }
        }
    }

    private func checkIdentifier(_ name: String) throws(CELCompileError) {
        if CELParser.reserved.contains(name) || ["true", "false", "null", "in"].contains(name) {
            throw error("reserved word '\(name)' cannot be used as an identifier")
        }
    }

    private mutating func arguments(closing: String) throws(CELCompileError) -> [CELExpr] {
        var args: [CELExpr] = []
        if accept(closing) { return args }
        while true {
            args.append(try expression())
            if accept(closing) { return args }
            try expect(",")
        }
    }

    private func memberCall(
        _ name: String,
        target: CELExpr,
        args: [CELExpr],
        offset: Int
    ) throws(CELCompileError) -> CELExpr {
        let macro: CELExpr.Macro?
        switch (name, args.count) {
        case ("all", 2), ("all", 3), ("exists", 2), ("exists", 3): macro = CELExpr.Macro(rawValue: name)
        case ("exists_one", 2), ("exists_one", 3), ("existsOne", 2), ("existsOne", 3): macro = .existsOne
        case ("map", 2), ("map", 3), ("filter", 2): macro = CELExpr.Macro(rawValue: name)
        case ("transformList", 3), ("transformList", 4), ("transformMap", 3), ("transformMap", 4),
            ("transformMapEntry", 3), ("transformMapEntry", 4):
            macro = CELExpr.Macro(rawValue: name)
        default: macro = nil
        }
        guard let macro else { return .call(name, target: target, args: args, offset: offset) }
        guard case .ident(let first, _) = args[0] else {
            throw CELCompileError(
                message: "\(name)() variable must be a simple name",
                unsupported: false,
                offset: offset
            )
        }
        let twoVariables: Bool
        switch macro {
        case .all, .exists, .existsOne: twoVariables = args.count == 3
        case .map, .filter: twoVariables = false
        case .transformList, .transformMap, .transformMapEntry: twoVariables = true
        }
        if twoVariables {
            guard case .ident(let second, _) = args[1] else {
                throw CELCompileError(
                    message: "\(name)() variable must be a simple name",
                    unsupported: false,
                    offset: offset
                )
            }
            return .comprehension(macro, range: target, first: first, second: second, args: Array(args.dropFirst(2)))
        }
        return .comprehension(macro, range: target, first: first, second: nil, args: Array(args.dropFirst()))
    }

    private mutating func primary() throws(CELCompileError) -> CELExpr {
        let token = current
        switch token.kind {
        case .end:
            throw error("unexpected end of expression")
        case .int(let v):
            guard v <= UInt64(Int64.max) else { throw error("integer literal overflows int") }
            pos += 1
            return .literal(.int(Int64(v)))
        case .uint(let v):
            pos += 1
            return .literal(.uint(v))
        case .double(let d):
            pos += 1
            return .literal(.double(d))
        case .string(let s):
            pos += 1
            return .literal(.string(s))
        case .bytes(let b):
            pos += 1
            return .literal(.bytes(b))
        case .identifier(let name):
            pos += 1
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: break
            }
            try checkIdentifier(name)
            if accept("(") {
                let args = try arguments(closing: ")")
                if name == "has" {
                    guard args.count == 1, case .select(let operand, let field, false, _) = args[0] else {
                        throw CELCompileError(
                            message: "invalid argument to has() macro",
                            unsupported: false,
                            offset: token.offset
                        )
                    }
                    return .has(operand, field: field)
                }
                return .call(name, target: nil, args: args, offset: token.offset)
            }
            if isPunct("{") {
                throw error("message construction is not supported", unsupported: true)
            }
            return .ident(name, offset: token.offset)
        case .punct("."):
            throw error("leading-dot names are not supported", unsupported: true)
        case .punct("("):
            pos += 1
            let e = try expression()
            try expect(")")
            return e
        case .punct("["), .punct("[?"):
            // The lexer reads `[?` as one token for optional indexing; at a list's start it opens an optional element.
            var pendingOptional = isPunct("[?")
            pos += 1
            var items: [CELExpr] = []
            var optional: [Bool] = []
            while pendingOptional || !accept("]") {
                optional.append(pendingOptional || accept("?"))
                pendingOptional = false
                items.append(try expression())
                if accept("]") { break }
                try expect(",")
            }
            return .list(items, optional: optional)
        case .punct("{"):
            pos += 1
            var entries: [CELExpr.MapEntry] = []
            while !accept("}") {
                let optional = accept("?")
                let key = try expression()
                try expect(":")
                let value = try expression()
                entries.append(CELExpr.MapEntry(key: key, value: value, optional: optional))
                if accept("}") { break }
                try expect(",")
            }
            return .map(entries)
        case .punct(let p):
            throw error("unexpected '\(p)'")
        }
    }
}
