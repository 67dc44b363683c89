/// Equality, ordering, arithmetic and membership, with CEL's overflow and cross-type numeric rules.
extension CELInterpreter {
    func binary(_ op: CELExpr.BinaryOp, _ l: CELValue, _ r: CELValue) throws(CELEvalError) -> CELValue {
        switch op {
        case .equal: return .bool(CELInterpreter.equal(l, r))
        case .notEqual: return .bool(!CELInterpreter.equal(l, r))
        case .less: return .bool(try CELInterpreter.compare(l, r, "_<_") < 0)
        case .lessEqual: return .bool(try CELInterpreter.compare(l, r, "_<=_") <= 0)
        case .greater: return .bool(try CELInterpreter.compare(l, r, "_>_") > 0)
        case .greaterEqual: return .bool(try CELInterpreter.compare(l, r, "_>=_") >= 0)
        case .inside:
            switch r {
            case .list(let items): return .bool(items.contains { CELInterpreter.equal(l, $0) })
            case .map(let m): return .bool(m[l] != nil)
            default: throw CELEvalError.noOverload("@in", [l, r])
            }
        case .add: return try CELInterpreter.add(l, r)
        case .subtract: return try CELInterpreter.subtract(l, r)
        case .multiply: return try CELInterpreter.multiply(l, r)
        case .divide: return try CELInterpreter.divide(l, r)
        case .remainder: return try CELInterpreter.remainder(l, r)
        }
    }

    /// CEL's heterogeneous equality: numbers compare by value across int, uint and double; other differing
    /// types are unequal; NaN equals nothing.
    static func equal(_ l: CELValue, _ r: CELValue) -> Bool {
        switch (l, r) {
        case (.int, _), (.uint, _), (.double, _):
            guard r.isNumber, let c = numericCompare(l, r) else { return false }
            return c == 0
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            return zip(a, b).allSatisfy { equal($0, $1) }
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (k, v) in a.entries {
                guard let other = b[k], equal(v, other) else { return false }
            }
            return true
        case (.optional(let a), .optional(let b)):
            switch (a, b) {
            case (nil, nil): return true
            case (let x?, let y?): return equal(x, y)
            default: return false
            }
        case (.quantity(let a), .quantity(let b)): return a.value == b.value
        case (.cidr(let a), .cidr(let b)): return a == b
        case (.semver(let a), .semver(let b)): return CELSemver.compare(a, b) == 0
        default:
            return l == r
        }
    }

    /// Compares two numbers of any numeric type exactly; `nil` when either is NaN.
    static func numericCompare(_ l: CELValue, _ r: CELValue) -> Int? {
        switch (l, r) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.uint(let a), .uint(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.int(let a), .uint(let b)): return a < 0 ? -1 : (UInt64(a) < b ? -1 : (UInt64(a) > b ? 1 : 0))
        case (.uint, .int): return numericCompare(r, l).map { -$0 }
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        case (.double(let a), .int(let b)):
            if a.isNaN { return nil }
            if a < -9_223_372_036_854_775_808.0 { return -1 }
            if a >= 9_223_372_036_854_775_808.0 { return 1 }
            return mixed(a, Int64(a.rounded(.towardZero)), b)
        case (.double(let a), .uint(let b)):
            if a.isNaN { return nil }
            if a < 0 { return -1 }
            if a >= 18_446_744_073_709_551_616.0 { return 1 }
            let t = UInt64(a.rounded(.towardZero))
            if t != b { return t < b ? -1 : 1 }
            return a > a.rounded(.towardZero) ? 1 : 0
        case (.int, .double), (.uint, .double): return numericCompare(r, l).map { -$0 }
        default: return nil
        }
    }

    private static func mixed(_ a: Double, _ truncated: Int64, _ b: Int64) -> Int {
        if truncated != b { return truncated < b ? -1 : 1 }
        let t = a.rounded(.towardZero)
        return a > t ? 1 : (a < t ? -1 : 0)
    }

    static func compare(_ l: CELValue, _ r: CELValue, _ op: String) throws(CELEvalError) -> Int {
        if l.isNumber, r.isNumber {
            // NaN orders as neither less nor greater nor equal: every comparison is false.
            guard let c = numericCompare(l, r) else { return op == "_<_" || op == "_<=_" ? 1 : -1 }
            return c
        }
        func cmp<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        switch (l, r) {
        case (.string(let a), .string(let b)):
            return a == b ? 0 : (a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1)
        case (.bytes(let a), .bytes(let b)): return a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        case (.duration(let a), .duration(let b)): return cmp(a, b)
        case (.timestamp(let a), .timestamp(let b)): return cmp(a, b)
        default: throw CELEvalError.noOverload(op, [l, r])
        }
    }

    static func add(_ l: CELValue, _ r: CELValue) throws(CELEvalError) -> CELValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            let (v, o) = a.addingReportingOverflow(b)
            if o { throw CELEvalError("integer overflow") }
            return .int(v)
        case (.uint(let a), .uint(let b)):
            let (v, o) = a.addingReportingOverflow(b)
            if o { throw CELEvalError("unsigned integer overflow") }
            return .uint(v)
        case (.double(let a), .double(let b)): return .double(a + b)
        case (.string(let a), .string(let b)): return .string(a + b)
        case (.bytes(let a), .bytes(let b)): return .bytes(a + b)
        case (.list(let a), .list(let b)): return .list(a + b)
        case (.duration(let a), .duration(let b)):
            let (v, o) = a.nanoseconds.addingReportingOverflow(b.nanoseconds)
            if o { throw CELEvalError("duration overflow") }
            return .duration(CELDuration(nanoseconds: v))
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return try shift(t, by: d.nanoseconds)
        default: throw CELEvalError.noOverload("_+_", [l, r])
        }
    }

    static func shift(_ t: CELTimestamp, by nanos: Int64) throws(CELEvalError) -> CELValue {
        var secs = t.seconds + nanos / 1_000_000_000
        var ns = Int64(t.nanos) + nanos % 1_000_000_000
        if ns < 0 {
            ns += 1_000_000_000
            secs -= 1
        } else if ns >= 1_000_000_000 {
            ns -= 1_000_000_000
            secs += 1
        }
        guard let out = CELTimestamp(seconds: secs, nanos: Int32(ns)) else { throw CELEvalError("timestamp overflow") }
        return .timestamp(out)
    }

    static func subtract(_ l: CELValue, _ r: CELValue) throws(CELEvalError) -> CELValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            let (v, o) = a.subtractingReportingOverflow(b)
            if o { throw CELEvalError("integer overflow") }
            return .int(v)
        case (.uint(let a), .uint(let b)):
            let (v, o) = a.subtractingReportingOverflow(b)
            if o { throw CELEvalError("unsigned integer overflow") }
            return .uint(v)
        case (.double(let a), .double(let b)): return .double(a - b)
        case (.duration(let a), .duration(let b)):
            let (v, o) = a.nanoseconds.subtractingReportingOverflow(b.nanoseconds)
            if o { throw CELEvalError("duration overflow") }
            return .duration(CELDuration(nanoseconds: v))
        case (.timestamp(let t), .duration(let d)):
            guard d.nanoseconds != Int64.min else { throw CELEvalError("timestamp overflow") }
            return try shift(t, by: -d.nanoseconds)
        case (.timestamp(let a), .timestamp(let b)):
            let secs = a.seconds - b.seconds
            let (m, o1) = secs.multipliedReportingOverflow(by: 1_000_000_000)
            let (v, o2) = m.addingReportingOverflow(Int64(a.nanos) - Int64(b.nanos))
            if o1 || o2 { throw CELEvalError("duration overflow") }
            return .duration(CELDuration(nanoseconds: v))
        default: throw CELEvalError.noOverload("_-_", [l, r])
        }
    }

    static func multiply(_ l: CELValue, _ r: CELValue) throws(CELEvalError) -> CELValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            let (v, o) = a.multipliedReportingOverflow(by: b)
            if o { throw CELEvalError("integer overflow") }
            return .int(v)
        case (.uint(let a), .uint(let b)):
            let (v, o) = a.multipliedReportingOverflow(by: b)
            if o { throw CELEvalError("unsigned integer overflow") }
            return .uint(v)
        case (.double(let a), .double(let b)): return .double(a * b)
        default: throw CELEvalError.noOverload("_*_", [l, r])
        }
    }

    static func divide(_ l: CELValue, _ r: CELValue) throws(CELEvalError) -> CELValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            if b == 0 { throw CELEvalError("division by zero") }
            let (v, o) = a.dividedReportingOverflow(by: b)
            if o { throw CELEvalError("integer overflow") }
            return .int(v)
        case (.uint(let a), .uint(let b)):
            if b == 0 { throw CELEvalError("division by zero") }
            return .uint(a / b)
        case (.double(let a), .double(let b)): return .double(a / b)
        default: throw CELEvalError.noOverload("_/_", [l, r])
        }
    }

    static func remainder(_ l: CELValue, _ r: CELValue) throws(CELEvalError) -> CELValue {
        switch (l, r) {
        case (.int(let a), .int(let b)):
            if b == 0 { throw CELEvalError("modulus by zero") }
            let (v, o) = a.remainderReportingOverflow(dividingBy: b)
            if o { throw CELEvalError("integer overflow") }
            return .int(v)
        case (.uint(let a), .uint(let b)):
            if b == 0 { throw CELEvalError("modulus by zero") }
            return .uint(a % b)
        default: throw CELEvalError.noOverload("_%_", [l, r])
        }
    }
}
