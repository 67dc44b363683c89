/// The type conversion functions `int()`, `uint()`, `double()` and `string()`.
enum CELConversions {
    static func toInt(_ v: CELValue) throws(CELEvalError) -> CELValue {
        switch v {
        case .int: return v
        case .uint(let u):
            guard u <= UInt64(Int64.max) else { throw CELEvalError("integer overflow") }
            return .int(Int64(u))
        case .double(let d):
            // The upper bound is exclusive because 2^63 itself is not an int.
            guard d.isFinite, d > -9_223_372_036_854_775_809.0, d < 9_223_372_036_854_775_807.0 else {
                throw CELEvalError("integer overflow")
            }
            return .int(Int64(d.rounded(.towardZero)))
        case .string(let s):
            guard let i = Int64(s) else { throw CELEvalError("type conversion error from 'string' to 'int'") }
            return .int(i)
        case .timestamp(let t): return .int(t.seconds)
        default: throw CELEvalError.noOverload("int", [v])
        }
    }

    static func toUInt(_ v: CELValue) throws(CELEvalError) -> CELValue {
        switch v {
        case .uint: return v
        case .int(let i):
            guard i >= 0 else { throw CELEvalError("unsigned integer overflow") }
            return .uint(UInt64(i))
        case .double(let d):
            guard d.isFinite, d > -1, d < 18_446_744_073_709_551_615.0 else {
                throw CELEvalError("unsigned integer overflow")
            }
            return .uint(UInt64(d.rounded(.towardZero)))
        case .string(let s):
            guard let u = UInt64(s) else { throw CELEvalError("type conversion error from 'string' to 'uint'") }
            return .uint(u)
        default: throw CELEvalError.noOverload("uint", [v])
        }
    }

    static func toDouble(_ v: CELValue) throws(CELEvalError) -> CELValue {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            guard !s.isEmpty, !s.contains(where: { $0 == " " || $0 == "_" }), let d = Double(s) else {
                throw CELEvalError("type conversion error from 'string' to 'double'")
            }
            return .double(d)
        default: throw CELEvalError.noOverload("double", [v])
        }
    }

    static func toString(_ v: CELValue) throws(CELEvalError) -> CELValue {
        switch v {
        case .string: return v
        case .bool(let b): return .string(b ? "true" : "false")
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(GoFloat.format(d))
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else {
                throw CELEvalError("invalid UTF-8 in bytes, cannot convert to string")
            }
            return .string(s)
        case .timestamp(let t): return .string(t.text)
        case .duration(let d): return .string(d.text)
        case .ip(let ip): return .string(ip.text)
        case .cidr(let c): return .string(c.text)
        case .type(let t): return .string(t.name)
        default: throw CELEvalError.noOverload("string", [v])
        }
    }

    /// Whether a value is its type's zero value, for `optional.ofNonZeroValue`.
    static func isZero(_ v: CELValue) -> Bool {
        switch v {
        case .null: true
        case .bool(let b): !b
        case .int(let i): i == 0
        case .uint(let u): u == 0
        case .double(let d): d == 0
        case .string(let s): s.isEmpty
        case .bytes(let b): b.isEmpty
        case .list(let l): l.isEmpty
        case .map(let m): m.count == 0
        case .duration(let d): d.nanoseconds == 0
        case .timestamp(let t): t.seconds == 0 && t.nanos == 0
        case .optional(let o): o == nil
        default: false
        }
    }
}
