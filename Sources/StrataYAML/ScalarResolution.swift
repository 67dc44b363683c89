/// The type a YAML scalar resolves to, following the YAML 1.2 core schema that kustomize (yaml.v3) and
/// therefore Flux's builds use: `yes`, `no`, `on`, `off`, `y` and `n` are strings there.
public enum ResolvedScalar: Hashable, Sendable {
    /// `null`, `~` or an empty plain scalar.
    case null
    /// A boolean.
    case bool(Bool)
    /// An integer that fits in 64 bits.
    case int(Int)
    /// A floating-point number, kept as its canonical text so equality is exact.
    case float(String)
    /// Any other text.
    case string(String)
}

extension YAMLScalar {
    /// The resolved value of this scalar.
    public var resolved: ResolvedScalar {
        if style.isQuoted { return .string(text) }
        return ScalarResolver.resolve(text)
    }
}

/// Resolves plain scalars to their types.
public enum ScalarResolver {
    /// Resolves a plain scalar's text.
    public static func resolve(_ text: String) -> ResolvedScalar {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return text == "~" ? .null : .string(text)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "null" || text == "Null" || text == "NULL" { return .null }
            return .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            if text == "true" || text == "True" || text == "TRUE" { return .bool(true) }
            return .string(text)
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            if text == "false" || text == "False" || text == "FALSE" { return .bool(false) }
            return .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return number(text) ?? .string(text)
        default:
            return .string(text)
        }
    }

    /// Whether a plain scalar's text resolves to null, without resolving numbers (the hot path of readers).
    public static func isNull(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        switch first {
        case UInt8(ascii: "~"): return text == "~"
        case UInt8(ascii: "n"), UInt8(ascii: "N"): return text == "null" || text == "Null" || text == "NULL"
        default: return false
        }
    }

    /// Whether a YAML 1.1 reader (go-yaml v2, PyYAML) would take this plain text for a boolean; writers
    /// quote such strings so every reader sees a string, as kustomize does.
    public static func isYAML11Boolean(_ text: String) -> Bool {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
            return true
        default:
            return false
        }
    }

    private static func number(_ text: String) -> ResolvedScalar? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        if body.isEmpty { return nil }
        if body.hasPrefix("0x"), let v = Int(body.dropFirst(2), radix: 16) { return .int(negative ? -v : v) }
        if body.hasPrefix("0o"), let v = Int(body.dropFirst(2), radix: 8) { return .int(negative ? -v : v) }
        if body.allSatisfy({ $0.isASCII && $0.isNumber }) {
            if let v = Int(text) { return .int(v) }
            return .float(text)
        }
        let lower = body.lowercased()
        if lower == ".inf" { return .float(negative ? "-.inf" : ".inf") }
        if lower == ".nan" { return .float(".nan") }
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var sawDigit = false
        var sawDot = false
        var sawExp = false
        var prev: Character = " "
        for c in body {
            if c.isASCII && c.isNumber {
                sawDigit = true
            } else if c == "." && !sawDot && !sawExp {
                sawDot = true
            } else if (c == "e" || c == "E") && sawDigit && !sawExp {
                sawExp = true
            } else if (c == "-" || c == "+") && (prev == "e" || prev == "E") {
            } else {
                return nil
            }
            prev = c
        }
        guard sawDigit, prev != "e", prev != "E", prev != "-", prev != "+" else { return nil }
        guard let value = Double(text) else { return nil }
        return .float(String(value))
    }
}
