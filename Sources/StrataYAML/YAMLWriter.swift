import Foundation

/// Writes ``YAMLNode``s as block-style YAML, deterministically.
///
/// The output follows kustomize's conventions: two-space indentation, sequences inside mappings not
/// indented, multi-line strings as literal blocks, and quotes only where a plain scalar would change type
/// or meaning. The same tree always gives the same bytes.
public enum YAMLWriter {
    /// The YAML text of one document, ending with a newline.
    public static func write(_ node: YAMLNode) -> String {
        var out = ""
        out.reserveCapacity(1024)
        writeTop(node, into: &out)
        return out
    }

    /// The YAML text of several documents separated by `---` lines.
    public static func writeStream(_ nodes: [YAMLNode]) -> String {
        var out = ""
        for (i, node) in nodes.enumerated() {
            if i > 0 { out += "---\n" }
            writeTop(node, into: &out)
        }
        return out
    }

    private static func writeTop(_ node: YAMLNode, into out: inout String) {
        switch node.content {
        case .mapping(let pairs) where !pairs.isEmpty:
            writeMapping(pairs, indent: 0, into: &out)
        case .sequence(let items) where !items.isEmpty:
            writeSequence(items, indent: 0, into: &out)
        default:
            out += inline(node, indent: 0)
            out += "\n"
        }
    }

    private static func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }

    private static func writeMapping(_ pairs: [YAMLPair], indent: Int, into out: inout String) {
        let pad = spaces(indent)
        for pair in pairs {
            out += pad
            out += key(pair.key)
            out += ":"
            writeValue(pair.value, indent: indent, inSequence: false, into: &out)
        }
    }

    private static func writeSequence(_ items: [YAMLNode], indent: Int, into out: inout String) {
        let pad = spaces(indent)
        for item in items {
            out += pad
            out += "-"
            switch item.content {
            case .mapping(let pairs) where !pairs.isEmpty:
                // The first entry goes on the dash line; the rest align with it.
                out += " "
                var first = true
                for pair in pairs {
                    if !first { out += spaces(indent + 2) }
                    first = false
                    out += key(pair.key)
                    out += ":"
                    writeValue(pair.value, indent: indent + 2, inSequence: false, into: &out)
                }
            case .sequence(let inner) where !inner.isEmpty:
                out += "\n"
                writeSequence(inner, indent: indent + 2, into: &out)
            default:
                writeValue(item, indent: indent, inSequence: true, into: &out)
            }
        }
    }

    /// Writes what follows `key:` or `-` for a value.
    private static func writeValue(_ value: YAMLNode, indent: Int, inSequence: Bool, into out: inout String) {
        switch value.content {
        case .mapping(let pairs) where !pairs.isEmpty:
            out += tagPrefix(value, trailingSpace: false)
            out += "\n"
            writeMapping(pairs, indent: indent + 2, into: &out)
        case .sequence(let items) where !items.isEmpty:
            out += tagPrefix(value, trailingSpace: false)
            out += "\n"
            // kustomize style: a sequence under a mapping key is not indented further.
            writeSequence(items, indent: inSequence ? indent + 2 : indent, into: &out)
        case .scalar(let s) where isBlockCandidate(s):
            out += " "
            out += tagPrefix(value, trailingSpace: true)
            out += literalBlock(s.text, indent: indent + 2)
        default:
            out += " "
            out += inline(value, indent: indent)
            out += "\n"
        }
    }

    private static func tagPrefix(_ node: YAMLNode, trailingSpace: Bool) -> String {
        guard let tag = node.tag else { return "" }
        return trailingSpace ? "\(tag) " : " \(tag)"
    }

    private static func key(_ node: YAMLNode) -> String {
        if let s = node.scalar { return scalarText(s, forKey: true) }
        return "? " + inline(node, indent: 0)
    }

    /// A node written on one line (scalars, empty collections, and flow collections for complex keys).
    private static func inline(_ node: YAMLNode, indent: Int) -> String {
        let prefix = node.tag.map { "\($0) " } ?? ""
        switch node.content {
        case .scalar(let s):
            return prefix + scalarText(s, forKey: false)
        case .sequence(let items):
            return prefix + "[" + items.map { inline($0, indent: indent) }.joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return prefix + "{"
                + pairs.map { key($0.key) + ": " + inline($0.value, indent: indent) }.joined(separator: ", ") + "}"
        }
    }

    private static func isBlockCandidate(_ s: YAMLScalar) -> Bool {
        guard s.text.contains("\n") else { return false }
        // Literal blocks cannot carry trailing spaces on lines reliably, nor control characters or tabs-first lines.
        for scalar in s.text.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { return false }
            if scalar.value == 0x7F || scalar == "\u{FEFF}" || scalar == "\u{85}" || scalar == "\u{2028}"
                || scalar == "\u{2029}"
            {
                return false
            }
        }
        for line in s.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix(" ") || line.hasSuffix("\t") { return false }
        }
        // A first line starting with a space needs an indentation indicator; keep it quoted instead.
        if s.text.hasPrefix(" ") || s.text.hasPrefix("\n") { return false }
        return true
    }

    private static func literalBlock(_ text: String, indent: Int) -> String {
        var body = Substring(text)
        var header = "|"
        if body.hasSuffix("\n") {
            body = body.dropLast()
            if body.hasSuffix("\n") {
                header = "|+"
            }
        } else {
            header = "|-"
        }
        let pad = spaces(indent)
        var out = header + "\n"
        let lines = (header == "|+" ? Substring(text.dropLast()) : body).split(
            separator: "\n",
            omittingEmptySubsequences: false
        )
        for line in lines {
            if line.isEmpty {
                out += "\n"
            } else {
                out += pad
                out += line
                out += "\n"
            }
        }
        return out
    }

    // MARK: - Scalars

    private static func scalarText(_ s: YAMLScalar, forKey: Bool) -> String {
        let text = s.text
        if s.style == .plain {
            // A plain scalar keeps its resolved type when written plain, unless its text cannot stand plain.
            if text.isEmpty { return forKey ? "\"\"" : "null" }
            if canBePlain(text) { return text }
            return quoted(text)
        }
        if text.isEmpty { return "\"\"" }
        if case .string = ScalarResolver.resolve(text), canBePlain(text), !ScalarResolver.isYAML11Boolean(text) {
            return text
        }
        return quoted(text)
    }

    /// Whether `text` can be written as a plain scalar and read back as the same text.
    static func canBePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " || first == "\t" || last == "\t" { return false }
        switch first {
        case "-", "?", ":":
            // Allowed when followed by a non-space "safe" character, but "- x" and "-" alone are not.
            let rest = text.unicodeScalars.dropFirst()
            guard let second = rest.first, second != " ", second != "\t" else { return false }
            if text == "---" || text.hasPrefix("--- ") { return false }
        case ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
            return false
        default:
            break
        }
        var prev: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}":
                return false
            case "#" where prev == " " || prev == "\t":
                return false
            case ":":
                break
            default:
                if scalar.value < 0x20 && scalar != "\t" { return false }
                if scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0) { return false }
            }
            if prev == ":" && (scalar == " " || scalar == "\t") { return false }
            prev = scalar
        }
        if last == ":" { return false }
        return true
    }

    private static func quoted(_ text: String) -> String {
        var needsDouble = false
        for scalar in text.unicodeScalars
        where scalar.value < 0x20 || scalar.value == 0x7F
            || (scalar.value >= 0x80 && scalar.value < 0xA0) || scalar == "\u{FEFF}" || scalar == "\u{2028}"
            || scalar == "\u{2029}"
        {
            needsDouble = true
            break
        }
        if !needsDouble {
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0) {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar == "\u{FEFF}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
