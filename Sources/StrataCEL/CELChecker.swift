/// Checks a parsed expression against what the interpreter implements, resolves namespaced function names
/// (`sets.contains`, `optional.of`) and compiles constant regular expressions once.
struct CELChecker {
    /// Argument counts accepted per function: as a global call `f(a, b)` and as a method `a.f(b)`
    /// (receiver not counted).
    struct Signature {
        var global: Set<Int>
        var member: Set<Int>
    }

    static let functions: [String: Signature] = {
        var t: [String: Signature] = [:]
        func add(_ names: [String], global: Set<Int> = [], member: Set<Int> = []) {
            for n in names { t[n] = Signature(global: global, member: member) }
        }
        // Standard library.
        add(["size"], global: [1], member: [0])
        add(["int", "uint", "double", "string", "bytes", "bool", "type", "dyn"], global: [1])
        add(["duration"], global: [1])
        add(["timestamp"], global: [1])
        add(["matches"], global: [2], member: [1])
        add(["startsWith", "endsWith", "contains"], member: [1])
        add(
            [
                "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHours",
                "getMinutes", "getSeconds", "getMilliseconds",
            ],
            member: [0, 1]
        )
        // Strings extension (version 2, as the API server configures it).
        add(["charAt"], member: [1])
        add(["indexOf", "lastIndexOf"], member: [1, 2])
        add(["lowerAscii", "upperAscii", "trim"], member: [0])
        add(["replace"], member: [2, 3])
        add(["split"], member: [1, 2])
        add(["substring"], member: [1, 2])
        add(["join"], member: [0, 1])
        add(["format"], member: [1])
        add(["strings.quote"], global: [1])
        // Kubernetes list library.
        add(["isSorted", "sum", "min", "max"], member: [0])
        // Kubernetes regex library.
        add(["find"], member: [1])
        add(["findAll"], member: [1, 2])
        // Kubernetes URL library.
        add(["url", "isURL"], global: [1])
        add(["getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery"], member: [0])
        // Kubernetes quantity library.
        add(["quantity", "isQuantity"], global: [1])
        add(["sign", "isInteger", "asInteger", "asApproximateFloat"], member: [0])
        add(["add", "sub", "compareTo", "isGreaterThan", "isLessThan"], member: [1])
        // Kubernetes IP and CIDR libraries.
        add(["ip"], global: [1], member: [0])
        add(["isIP", "cidr", "isCIDR"], global: [1])
        add(
            [
                "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast",
                "isGlobalUnicast", "prefixLength", "masked",
            ],
            member: [0]
        )
        add(["containsIP", "containsCIDR"], member: [1])
        // Kubernetes semver library.
        add(["isSemver", "semver"], global: [1, 2])
        add(["major", "minor", "patch"], member: [0])
        // Kubernetes format library.
        add(["format.named"], global: [1])
        add(CELFormat.names.map { "format." + $0 }, global: [0])
        add(["validate"], member: [1])
        // Sets extension.
        add(["sets.contains", "sets.equivalent", "sets.intersects"], global: [2])
        // Optional values.
        add(["optional.of", "optional.ofNonZeroValue"], global: [1])
        add(["optional.none"], global: [0])
        add(["hasValue", "value"], member: [0])
        add(["orValue", "or"], member: [1])
        return t
    }()

    private static let namespaces: Set<String> = ["sets", "optional", "strings", "format"]

    /// Names that refer to type values when not shadowed by a variable.
    private static let typeNames = CELType.named

    private var scope: [String]

    init(variables: [String]) { scope = variables }

    /// The dotted name an identifier chain spells (`google.protobuf`), when its root is not a variable.
    private func qualifiedName(_ e: CELExpr) -> String? {
        switch e {
        case .ident(let name, _): return scope.contains(name) ? nil : name
        case .select(let operand, let field, false, _): return qualifiedName(operand).map { $0 + "." + field }
        default: return nil
        }
    }

    /// Literal lists and maps must hold one type, as the API server's environment requires; only constant
    /// elements can be checked without a type checker.
    private static func requireHomogeneous(_ items: [CELExpr], _ what: String) throws(CELCompileError) {
        var first: CELType?
        for item in items {
            guard case .literal(let v) = item else { continue }
            if let first, first != v.celType {
                throw CELCompileError(
                    message: "\(what) literal mixes types: expected '\(first.name)' but found '\(v.celType.name)'",
                    unsupported: false,
                    offset: 0
                )
            }
            first = first ?? v.celType
        }
    }

    mutating func check(_ e: CELExpr) throws(CELCompileError) -> CELExpr {
        switch e {
        case .literal:
            return e
        case .ident(let name, let offset):
            if scope.contains(name) { return e }
            if let t = CELChecker.typeNames[name] { return .literal(.type(t)) }
            throw CELCompileError(message: "undeclared reference to '\(name)'", unsupported: false, offset: offset)
        case .select(let operand, let field, let optional, let offset):
            if !optional, let qualified = qualifiedName(operand), let t = CELChecker.typeNames[qualified + "." + field]
            {
                return .literal(.type(t))
            }
            // Property names are unescaped once here rather than on every evaluation.
            return .select(
                try check(operand),
                field: CELInterpreter.unescape(field),
                optional: optional,
                offset: offset
            )
        case .has(let operand, let field):
            return .has(try check(operand), field: CELInterpreter.unescape(field))
        case .index(let a, let b, let optional):
            return .index(try check(a), try check(b), optional: optional)
        case .list(let items, let optional):
            var out: [CELExpr] = []
            for item in items { out.append(try check(item)) }
            try CELChecker.requireHomogeneous(out, "list")
            return .list(out, optional: optional)
        case .map(let entries):
            var out: [CELExpr.MapEntry] = []
            for entry in entries {
                out.append(
                    CELExpr.MapEntry(key: try check(entry.key), value: try check(entry.value), optional: entry.optional)
                )
            }
            try CELChecker.requireHomogeneous(out.map(\.key), "map key")
            try CELChecker.requireHomogeneous(out.map(\.value), "map value")
            return .map(out)
        case .not(let a): return .not(try check(a))
        case .negate(let a): return .negate(try check(a))
        case .and(let a, let b): return .and(try check(a), try check(b))
        case .or(let a, let b): return .or(try check(a), try check(b))
        case .conditional(let a, let b, let c): return .conditional(try check(a), try check(b), try check(c))
        case .binary(let op, let a, let b): return .binary(op, try check(a), try check(b))
        case .regexCall:
            return e
        case .comprehension(let macro, let range, let first, let second, let args):
            let checkedRange = try check(range)
            scope.append(first)
            if let second { scope.append(second) }
            defer {
                scope.removeLast(second == nil ? 1 : 2)
            }
            var checked: [CELExpr] = []
            for a in args { checked.append(try check(a)) }
            return .comprehension(macro, range: checkedRange, first: first, second: second, args: checked)
        case .call(var name, var target, let args, let offset):
            if case .ident(let ns, _) = target, !scope.contains(ns), CELChecker.namespaces.contains(ns) {
                name = ns + "." + name
                target = nil
            }
            guard let signature = CELChecker.functions[name] else {
                throw CELCompileError(message: "function '\(name)' is not supported", unsupported: true, offset: offset)
            }
            let arities = target == nil ? signature.global : signature.member
            guard arities.contains(args.count) else {
                let form =
                    target == nil ? "\(name)(\(args.count) arguments)" : "receiver.\(name)(\(args.count) arguments)"
                throw CELCompileError(message: "no supported overload for \(form)", unsupported: true, offset: offset)
            }
            var checkedArgs: [CELExpr] = []
            for a in args { checkedArgs.append(try check(a)) }
            let checkedTarget: CELExpr?
            if let target { checkedTarget = try check(target) } else { checkedTarget = nil }
            // The API server rejects malformed duration and timestamp literals when the rule is created.
            if target == nil, name == "duration" || name == "timestamp",
                case .literal(.string(let text)) = checkedArgs[0]
            {
                let valid = name == "duration" ? CELDuration(parsing: text) != nil : CELTimestamp(parsing: text) != nil
                guard valid else {
                    throw CELCompileError(
                        message: "invalid \(name) literal \(CELValue.quote(text))",
                        unsupported: false,
                        offset: offset
                    )
                }
            }
            if ["matches", "find", "findAll"].contains(name) {
                let receiver = checkedTarget ?? checkedArgs[0]
                let rest = checkedTarget == nil ? Array(checkedArgs.dropFirst()) : checkedArgs
                if case .literal(.string(let pattern)) = rest[0] {
                    switch CELRegex.compile(pattern) {
                    case .success(let regex):
                        return .regexCall(name, target: receiver, regex: regex, args: Array(rest.dropFirst()))
                    case .failure(var error):
                        error.offset = offset
                        throw error
                    }
                }
            }
            return .call(name, target: checkedTarget, args: checkedArgs, offset: offset)
        }
    }
}
