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
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Value, into out: inout String) {
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let entries):
            out += "{"
            let sorted = entries.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            for (i, entry) in sorted.enumerated() {
                if i > 0 { out += "," }
                writeString(entry.0, into: &out)
                out += ":"
                write(entry.1, into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        let hex = Array("0123456789abcdef")
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                let v = scalar.value
                out += "\\u"
                for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((v >> UInt32(shift)) & 0xf)]) }
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.append(hex[Int(scalar.value >> 4)])
                    out.append(hex[Int(scalar.value & 0xf)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Go's formatting of a float64 (integral values without a fraction; others are rare in hashed data).
    private static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e21 { return String(Int64(d)) }
        return "\(d)"
    }
}
