import StrataYAML

/// JSON text exactly as Go's `encoding/json` writes it for the values kustomize hashes: object keys
/// sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped, no spaces.
enum GoJSON {
    /// A JSON value.
    indirect enum Value {
        case string(String)
        case number(String)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])
    }

    /// The JSON value of a YAML node, with scalars typed as kustomize's YAML-to-JSON conversion types them.
    static func value(_ node: YAMLNode) -> Value {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .number(String(i))
            case .float(let f): return Double(f).map { .number(format($0)) } ?? .string(scalar.text)
            case .string(let s): return .string(s)
            }
        case .sequence(let items):
            return .array(items.map(value))
        case .mapping(let pairs):
            var entries: [String: Value] = [:]
            for pair in pairs { entries[pair.key.scalar?.text ?? ""] = value(pair.value) }
            return .object(entries.map { ($0.key, $0.value) })
        }
    }

    /// Encodes a value.
    static func encode(_ value: Value) -> String {
        String(decoding: encodedBytes(value), as: UTF8.self)
    }

    /// Encodes a value as UTF-8 bytes (what hashing needs; building a `String` scalar by scalar was slow).
    static func encodedBytes(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            out.append(UInt8(ascii: "{"))
            let sorted = entries.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            for (i, entry) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(entry.0, into: &out)
                out.append(UInt8(ascii: ":"))
                write(entry.1, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                let v = scalar.value
                out.append(contentsOf: "\\u".utf8)
                for shift in stride(from: 12, through: 0, by: -4) {
                    out.append(hexDigits[Int((v >> UInt32(shift)) & 0xf)])
                }
            default:
                if scalar.value < 0x20 {
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hexDigits[Int(scalar.value >> 4)])
                    out.append(hexDigits[Int(scalar.value & 0xf)])
                } else if scalar.isASCII {
                    out.append(UInt8(scalar.value))
                } else {
                    out.append(contentsOf: scalar.utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Go's formatting of a float64 (integral values without a fraction; others are rare in hashed data).
    private static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e21 { return String(Int64(d)) }
        return "\(d)"
    }
}
