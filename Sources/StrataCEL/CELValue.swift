import Foundation

/// A runtime value of the Common Expression Language, as Kubernetes validation rules see it.
///
/// Swift `==` on this type is structural (`.int(1) != .double(1)`); CEL's own equality, which compares
/// numbers across types, is what the interpreter applies to `==`, `in` and map lookups.
public indirect enum CELValue: Sendable, Hashable {
    /// `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A signed 64-bit integer.
    case int(Int64)
    /// An unsigned 64-bit integer (`1u`).
    case uint(UInt64)
    /// An IEEE 754 double.
    case double(Double)
    /// A Unicode string.
    case string(String)
    /// A byte sequence (`b"..."`).
    case bytes([UInt8])
    /// A list.
    case list([CELValue])
    /// A map with int, uint, bool or string keys.
    case map(CELMap)
    /// A signed span of time (`google.protobuf.Duration`).
    case duration(CELDuration)
    /// A point in time (`google.protobuf.Timestamp`).
    case timestamp(CELTimestamp)
    /// A type, as returned by `type(x)`.
    case type(CELType)
    /// An optional value: `nil` is `optional.none()`.
    case optional(CELValue?)
    /// A Kubernetes resource quantity (`quantity("100Mi")`).
    case quantity(CELQuantity)
    /// A parsed URL (`url("https://x")`).
    case url(CELURL)
    /// An IP address (`ip("10.0.0.1")`).
    case ip(CELIPAddress)
    /// A CIDR block (`cidr("10.0.0.0/8")`).
    case cidr(CELCIDR)
    /// A semantic version (`semver("1.2.3")`).
    case semver(CELSemver)
    /// A named Kubernetes string format (`format.dns1123Label()`), identified by its name.
    case format(String)

    /// The CEL type of this value.
    public var celType: CELType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list
        case .map: .map
        case .duration: .duration
        case .timestamp: .timestamp
        case .type: .type
        case .optional: .optional
        case .quantity: .quantity
        case .url: .url
        case .ip: .ip
        case .cidr: .cidr
        case .semver: .semver
        case .format: .format
        }
    }
}

extension CELValue: CustomStringConvertible {
    /// A CEL-like rendering of the value, used in error messages and test output.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d): return GoFloat.format(d)
        case .string(let s): return CELValue.quote(s)
        case .bytes(let b): return "b\"" + b.map { String(format: "\\x%02x", $0) }.joined() + "\""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.entries.map { "\($0.key.description): \($0.value.description)" }.joined(separator: ", ")
                + "}"
        case .duration(let d): return "duration(\"\(d.text)\")"
        case .timestamp(let t): return "timestamp(\"\(t.text)\")"
        case .type(let t): return t.name
        case .optional(let v): return v.map { "optional.of(\($0.description))" } ?? "optional.none()"
        case .quantity(let q): return "quantity(\"\(q.text)\")"
        case .url(let u): return "url(\"\(u.text)\")"
        case .ip(let ip): return "ip(\"\(ip.text)\")"
        case .cidr(let c): return "cidr(\"\(c.text)\")"
        case .semver(let v): return "semver(\"\(v.text)\")"
        case .format(let name): return "format.\(name)()"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
