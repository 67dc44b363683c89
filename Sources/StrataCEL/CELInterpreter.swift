/// Evaluates a checked expression tree against variable bindings, with a step budget.
struct CELInterpreter {
    private(set) var scope: [(name: String, value: CELValue)]
    private var remaining: Int
    let regexCache: CELRegexCache

    init(variables: [(String, CELValue)], budget: Int, regexCache: CELRegexCache) {
        scope = variables.map { (name: $0.0, value: $0.1) }
        remaining = budget
        self.regexCache = regexCache
    }

    mutating func charge(_ steps: Int = 1) throws(CELEvalError) {
        remaining -= steps
        if remaining < 0 { throw CELEvalError("operation cancelled: evaluation cost budget exceeded", cancelled: true) }
    }

    private func lookup(_ name: String) -> CELValue? {
        var i = scope.count
        while i > 0 {
            i -= 1
            if scope[i].name == name { return scope[i].value }
        }
        return nil
    }

    mutating func eval(_ e: CELExpr) throws(CELEvalError) -> CELValue {
        try charge()
        switch e {
        case .literal(let v):
            return v
        case .ident(let name, _):
            guard let v = lookup(name) else { throw CELEvalError("undeclared reference to '\(name)'") }
            return v
        case .select(let operand, let field, let optional, _):
            let base = try eval(operand)
            return try select(base, field: field, optional: optional)
        case .has(let operand, let field):
            let base = try eval(operand)
            switch base {
            case .map(let m): return .bool(m[string: field] != nil)
            case .optional(let inner):
                guard case .map(let m)? = inner else { return .bool(false) }
                return .bool(m[string: field] != nil)
            default: throw CELEvalError("invalid type for field selection: \(base.celType.name)")
            }
        case .index(let a, let b, let optional):
            let base = try eval(a)
            let key = try eval(b)
            return try index(base, key, optional: optional)
        case .list(let items, let optional):
            var out: [CELValue] = []
            out.reserveCapacity(items.count)
            for (item, isOptional) in zip(items, optional) {
                let v = try eval(item)
                if isOptional {
                    guard case .optional(let inner) = v else {
                        throw CELEvalError.noOverload("optional list element", [v])
                    }
                    if let inner { out.append(inner) }
                } else {
                    out.append(v)
                }
            }
            return .list(out)
        case .map(let entries):
            var m = CELMap()
            for entry in entries {
                let k = try eval(entry.key)
                var v = try eval(entry.value)
                if entry.optional {
                    guard case .optional(let inner) = v else {
                        throw CELEvalError.noOverload("optional map entry", [v])
                    }
                    guard let inner else { continue }
                    v = inner
                }
                guard CELMap.isValidKey(k) else { throw CELEvalError("unsupported key type: \(k.celType.name)") }
                guard m.insert(k, v, replacing: false) else { throw CELEvalError("Failed with repeated key: \(k)") }
            }
            return .map(m)
        case .not(let a):
            let v = try eval(a)
            guard case .bool(let b) = v else { throw CELEvalError.noOverload("!_", [v]) }
            return .bool(!b)
        case .negate(let a):
            let v = try eval(a)
            switch v {
            case .int(let i):
                guard i != Int64.min else { throw CELEvalError("integer overflow") }
                return .int(-i)
            case .double(let d): return .double(-d)
            case .duration(let d):
                guard d.nanoseconds != Int64.min else { throw CELEvalError("integer overflow") }
                return .duration(CELDuration(nanoseconds: -d.nanoseconds))
            default: throw CELEvalError.noOverload("-_", [v])
            }
        case .and(let a, let b):
            return try logical(a, b, shortCircuitOn: false, name: "_&&_")
        case .or(let a, let b):
            return try logical(a, b, shortCircuitOn: true, name: "_||_")
        case .conditional(let c, let yes, let no):
            let v = try eval(c)
            guard case .bool(let b) = v else { throw CELEvalError.noOverload("_?_:_", [v]) }
            return try eval(b ? yes : no)
        case .binary(let op, let a, let b):
            let l = try eval(a)
            let r = try eval(b)
            return try binary(op, l, r)
        case .call(let name, let target, let args, _):
            var receiver: CELValue?
            if let target { receiver = try eval(target) }
            var values: [CELValue] = []
            values.reserveCapacity(args.count)
            for a in args { values.append(try eval(a)) }
            return try call(name, receiver: receiver, args: values)
        case .regexCall(let name, let target, let regex, let args):
            let subject = try eval(target)
            var values: [CELValue] = []
            for a in args { values.append(try eval(a)) }
            return try regexCall(name, subject: subject, regex: regex, extra: values)
        case .comprehension(let macro, let range, let first, let second, let args):
            let r = try eval(range)
            return try comprehension(macro, range: r, first: first, second: second, args: args)
        }
    }

    /// `&&` and `||` are commutative over errors: a deciding value on either side wins over an error on the other.
    private mutating func logical(
        _ a: CELExpr,
        _ b: CELExpr,
        shortCircuitOn decisive: Bool,
        name: String
    ) throws(CELEvalError) -> CELValue {
        var firstError: CELEvalError?
        do throws(CELEvalError) {
            let l = try eval(a)
            guard case .bool(let lb) = l else { throw CELEvalError.noOverload(name, [l]) }
            if lb == decisive { return .bool(decisive) }
        } catch {
            if error.cancelled { throw error }
            firstError = error
        }
        let r: CELValue
        do throws(CELEvalError) {
            r = try eval(b)
        } catch {
            throw firstError.map { error.cancelled ? error : $0 } ?? error
        }
        guard case .bool(let rb) = r else { throw firstError ?? CELEvalError.noOverload(name, [r]) }
        if rb == decisive { return .bool(decisive) }
        if let firstError { throw firstError }
        return .bool(!decisive)
    }

    // MARK: - Fields and indexes

    private static let reservedNames: Set<String> = [
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    /// Undoes the API server's escaping of property names that are not CEL identifiers: `__namespace__` for a
    /// reserved word, `__dash__`, `__dot__`, `__slash__` and `__underscores__` inside names.
    static func unescape(_ name: String) -> String {
        guard name.contains("__") else { return name }
        if name.hasPrefix("__"), name.hasSuffix("__"), name.count > 4 {
            let inner = String(name.dropFirst(2).dropLast(2))
            if reservedNames.contains(inner) { return inner }
        }
        var out = ""
        var rest = Substring(name)
        let table: [(String, String)] = [
            ("__underscores__", "__"), ("__dot__", "."), ("__dash__", "-"), ("__slash__", "/"),
        ]
        outer: while !rest.isEmpty {
            for (escaped, plain) in table where rest.hasPrefix(escaped) {
                out += plain
                rest = rest.dropFirst(escaped.count)
                continue outer
            }
            out.append(rest.removeFirst())
        }
        return out
    }

    /// Selects a field whose name the checker has already unescaped.
    private func select(_ base: CELValue, field key: String, optional: Bool) throws(CELEvalError) -> CELValue {
        switch base {
        case .map(let m):
            if let v = m[string: key] { return optional ? .optional(v) : v }
            if optional { return .optional(nil) }
            throw CELEvalError("no such key: \(key)")
        case .optional(let inner):
            guard let inner else { return .optional(nil) }
            return try select(inner, field: key, optional: true)
        default:
            throw CELEvalError("type '\(base.celType.name)' does not support field selection")
        }
    }

    private func index(_ base: CELValue, _ key: CELValue, optional: Bool) throws(CELEvalError) -> CELValue {
        switch base {
        case .list(let items):
            let i: Int64
            switch key {
            case .int(let v): i = v
            case .uint(let v): i = Int64(clamping: v)
            case .double(let d):
                guard let v = Int64(exactly: d) else { throw CELEvalError("unsupported index value \(d) in list") }
                i = v
            default: throw CELEvalError.noOverload("_[_]", [base, key])
            }
            guard i >= 0, i < items.count else {
                if optional { return .optional(nil) }
                throw CELEvalError("index out of bounds: \(i)")
            }
            return optional ? .optional(items[Int(i)]) : items[Int(i)]
        case .map(let m):
            guard CELMap.isValidKey(key) || key.isNumber else {
                throw CELEvalError("unsupported key type: \(key.celType.name)")
            }
            if let v = m[key] { return optional ? .optional(v) : v }
            if optional { return .optional(nil) }
            throw CELEvalError("no such key: \(key.keyDescription)")
        case .optional(let inner):
            guard let inner else { return .optional(nil) }
            return try index(inner, key, optional: true)
        default:
            throw CELEvalError.noOverload("_[_]", [base, key])
        }
    }

    // MARK: - Macros

    private mutating func bind(_ name: String, _ value: CELValue) { scope.append((name: name, value: value)) }
    private mutating func unbind(_ count: Int) { scope.removeLast(count) }

    /// The (first, second) variable values a macro iterates over.
    private func iteration(
        _ range: CELValue,
        twoVariables: Bool,
        macro: String
    ) throws(CELEvalError) -> [(CELValue, CELValue)] {
        switch range {
        case .list(let items):
            return twoVariables
                ? items.enumerated().map { (.int(Int64($0.offset)), $0.element) } : items.map { ($0, .null) }
        case .map(let m):
            return m.entries.map { ($0.key, $0.value) }
        default:
            throw CELEvalError("cannot iterate over \(range.celType.name) in \(macro)()")
        }
    }

    private mutating func boolBody(_ e: CELExpr, _ macro: String) throws(CELEvalError) -> Bool {
        let v = try eval(e)
        guard case .bool(let b) = v else { throw CELEvalError.noOverload(macro, [v]) }
        return b
    }

    private mutating func comprehension(
        _ macro: CELExpr.Macro,
        range: CELValue,
        first: String,
        second: String?,
        args: [CELExpr]
    ) throws(CELEvalError) -> CELValue {
        let pairs = try iteration(range, twoVariables: second != nil, macro: macro.rawValue)
        let bound = second == nil ? 1 : 2
        switch macro {
        case .all, .exists:
            // Like `&&`/`||`: a deciding element wins over errors from other elements.
            let decisive = macro == .exists
            var pending: CELEvalError?
            for (a, b) in pairs {
                try charge()
                bind(first, a)
                if let second { bind(second, b) }
                defer { unbind(bound) }
                do throws(CELEvalError) {
                    if try boolBody(args[0], macro.rawValue) == decisive { return .bool(decisive) }
                } catch {
                    if error.cancelled { throw error }
                    pending = pending ?? error
                }
            }
            if let pending { throw pending }
            return .bool(!decisive)
        case .existsOne:
            var count = 0
            for (a, b) in pairs {
                try charge()
                bind(first, a)
                if let second { bind(second, b) }
                defer { unbind(bound) }
                if try boolBody(args[0], macro.rawValue) { count += 1 }
            }
            return .bool(count == 1)
        case .map, .filter, .transformList:
            var out: [CELValue] = []
            for (a, b) in pairs {
                try charge()
                bind(first, a)
                if let second { bind(second, b) }
                defer { unbind(bound) }
                if macro == .filter {
                    if try boolBody(args[0], "filter") { out.append(a) }
                    continue
                }
                if args.count == 2, !(try boolBody(args[0], macro.rawValue)) { continue }
                out.append(try eval(args[args.count - 1]))
            }
            return .list(out)
        case .transformMap, .transformMapEntry:
            var out = CELMap()
            for (a, b) in pairs {
                try charge()
                bind(first, a)
                if let second { bind(second, b) }
                defer { unbind(bound) }
                if args.count == 2, !(try boolBody(args[0], macro.rawValue)) { continue }
                let v = try eval(args[args.count - 1])
                if macro == .transformMap {
                    out.insert(a, v, replacing: true)
                } else {
                    guard case .map(let entry) = v else { throw CELEvalError.noOverload("transformMapEntry", [v]) }
                    for (k, ev) in entry.entries where !out.insert(k, ev, replacing: false) {
                        throw CELEvalError("insert failed: key \(k) already exists")
                    }
                }
            }
            return .map(out)
        }
    }
}

extension CELValue {
    var isNumber: Bool {
        switch self {
        case .int, .uint, .double: true
        default: false
        }
    }

    var keyDescription: String {
        if case .string(let s) = self { return s }
        return description
    }
}
