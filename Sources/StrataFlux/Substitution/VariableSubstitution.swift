import StrataCore
public import StrataYAML

/// The outcome of substituting one object.
public struct SubstitutionResult: Sendable {
    /// The substituted object; every node keeps the location of the node it came from.
    public var node: YAMLNode
    /// Each error fails this object in Flux (`post build failed for …`); the node is then left unchanged
    /// where the error happened.
    public var errors: [EnvsubstError]
    /// Variables used without a default and not defined, in order of first use (non-strict, they became `""`).
    public var undefined: [String]

    /// Creates a result.
    public init(node: YAMLNode, errors: [EnvsubstError] = [], undefined: [String] = []) {
        self.node = node
        self.errors = errors
        self.undefined = undefined
    }
}

/// Flux's per-object post-build substitution, done scalar by scalar so every node keeps its location.
///
/// Flux serialises each built object JSON → YAML (keys sorted, source quoting gone), runs envsubst over
/// the whole text and parses the result back. This type reproduces that per scalar:
/// 1. it decides how Flux's YAML serialiser (go-yaml v2) would write the string: plain, single-quoted,
///    double-quoted (tabs, control characters, code points above U+FFFF, spaces before a line break) or a
///    literal block (other multi-line strings);
/// 2. it substitutes that written form;
/// 3. it reads the result back in the same position (mapping value, sequence item or key), so a plain
///    `${n}` becomes the integer `3`, `[a, b]` becomes a sequence, `a: b` in a mapping value is the YAML
///    error Flux reports, and a quoted, multi-line or literal string stays a string.
///
/// A literal block is read back under the indentation and chomping indicators go-yaml chose for the
/// original text, so a value that leaves the last line blank or indents the first line changes the string
/// as it does in Flux.
///
/// Known differences from the whole-text substitution:
/// - an expression cannot span two scalars: when a `${…:-` default is left open Flux's scanner runs on
///   into the following lines, here it is a parse error of the one scalar;
/// - inside a literal block an expression spanning lines sees them without the block's indentation;
/// - a value with a carriage return or a Unicode line break can add lines in Flux; here it is an error
///   whenever the result is not a single node in the scalar's place;
/// - go-yaml wraps long plain and quoted scalars at 80 columns; the wrap is ignored, which only matters
///   for an expression whose own text has a space at the wrap point;
/// - standard tags in a value are not all kept by the loader: `!!str` is honoured, others (`!!int "3"`)
///   are read as the loader reads them;
/// - a key that becomes a float is printed with Swift's shortest digits in Go's `%g` layout.
public enum VariableSubstitution {
    /// The label and annotation that opt an object out when set to `disabled`.
    public static let optOutKey = "kustomize.toolkit.fluxcd.io/substitute"

    /// The per-object substitution Flux applies.
    ///
    /// Skipped when the object has the label or annotation `kustomize.toolkit.fluxcd.io/substitute: disabled`
    /// (exact, case-sensitive). Otherwise every string scalar and mapping key is substituted. A scalar whose
    /// whole text becomes `3`, `true` or empty is re-typed (integer, boolean, null) only where Flux's
    /// serialiser writes the original unquoted; multi-line strings and strings written quoted stay strings.
    /// Variable values have every `\n` removed first, as Flux does.
    public static func apply(to node: YAMLNode, variables: [String: String], strict: Bool) -> SubstitutionResult {
        if isOptedOut(node) { return SubstitutionResult(node: node) }
        var walker = Walker(variables: variables, strict: strict)
        let substituted = walker.visit(node, in: .value)
        return SubstitutionResult(node: substituted ?? node, errors: walker.errors, undefined: walker.undefined)
    }

    /// Validates variable names against Flux's `^[_[:alpha:]][_[:alpha:][:digit:]]*$` (ASCII only).
    public static func isValidName(_ name: String) -> Bool {
        var first = true
        for byte in name.utf8 {
            let letter = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
            let digit = byte >= 0x30 && byte <= 0x39
            if !(letter || (digit && !first)) { return false }
            first = false
        }
        return !first
    }

    /// Whether the object opts out of substitution with the label or annotation set to exactly `disabled`.
    public static func isOptedOut(_ node: YAMLNode) -> Bool {
        guard let metadata = node["metadata"] else { return false }
        return metadata["labels"]?[optOutKey]?.string == "disabled"
            || metadata["annotations"]?[optOutKey]?.string == "disabled"
    }
}

// MARK: - Walking the tree

/// Where a scalar sits, which decides how its substituted text reads back.
private enum Position { case value, item, key }

/// How go-yaml v2 writes a string.
private enum WrittenStyle { case plain, singleQuoted, doubleQuoted, literal }

/// Visits every scalar, returning `nil` for subtrees that did not change so unchanged objects cost no copies.
private struct Walker {
    let variables: [String: String]
    let strict: Bool
    var errors: [EnvsubstError] = []
    var undefined: [String] = []
    private var undefinedSeen = Set<String>()

    init(variables: [String: String], strict: Bool) {
        self.variables = variables
        self.strict = strict
    }

    // Index loops, not `for … in`, so nodes are borrowed rather than copied: most objects have no
    // expression at all and this walk is all they cost.
    mutating func visit(_ node: YAMLNode, in position: Position) -> YAMLNode? {
        switch node.content {
        case .scalar(let scalar):
            guard Envsubst.needsSubstitution(scalar.text) else { return nil }
            return substitute(scalar, of: node, in: position)
        case .sequence(let items):
            var changed: [YAMLNode]?
            for i in items.indices {
                guard let new = visit(items[i], in: .item) else { continue }
                if changed == nil { changed = items }
                changed?[i] = new
            }
            guard let changed else { return nil }
            var copy = node
            copy.content = .sequence(changed)
            return copy
        case .mapping(let pairs):
            var changed: [YAMLPair]?
            for i in pairs.indices {
                var key: YAMLNode?
                if case .scalar = pairs[i].key.content { key = visit(pairs[i].key, in: .key) }
                let value = visit(pairs[i].value, in: .value)
                guard key != nil || value != nil else { continue }
                if changed == nil { changed = pairs }
                if let key { changed?[i].key = key }
                if let value { changed?[i].value = value }
            }
            guard let changed else { return nil }
            var copy = node
            copy.content = .mapping(changed)
            return copy
        }
    }

    private mutating func substitute(_ scalar: YAMLScalar, of node: YAMLNode, in position: Position) -> YAMLNode? {
        let text = scalar.text
        let style = Emitter.style(of: text)
        let written = Emitter.write(text, as: style)
        var used: [String] = []
        let bytes: [UInt8]
        do {
            bytes = try Envsubst.substitute(written, strict: strict, lookup: lookup, undefined: &used)
        } catch {
            record(used)
            errors.append(EnvsubstError(message: error.message, location: node.location))
            return nil
        }
        record(used)
        if bytes.elementsEqual(written.utf8) { return nil }
        // A byte substring or trim can cut a character; JSON encoding then puts U+FFFD for each stray byte.
        let result = String(validating: bytes, as: UTF8.self) ?? Self.replacingInvalidBytes(bytes)
        do {
            let simpleKey = !text.utf8.contains(0x0A) && text.utf8.count <= 128
            return try Reader.read(result, written: style, at: position, simpleKey: simpleKey, replacing: node)
        } catch {
            errors.append(EnvsubstError(message: error.message, location: node.location))
            return nil
        }
    }

    private static func replacingInvalidBytes(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let (scalar, width) = UTF8Decoder.decode(bytes, at: i)
            scalars.append(scalar)
            i += width
        }
        return String(scalars)
    }

    private func lookup(_ name: String) -> String? {
        guard let value = variables[name] else { return nil }
        guard value.utf8.contains(0x0A) else { return value }
        return String(decoding: value.utf8.filter { $0 != 0x0A }, as: UTF8.self)
    }

    private mutating func record(_ names: [String]) {
        for name in names where undefinedSeen.insert(name).inserted { undefined.append(name) }
    }
}

// MARK: - go-yaml v2 serialisation

/// The style decisions of go-yaml v2's encoder (`stringv`) and emitter (`analyze_scalar`,
/// `select_scalar_style`) for a string in block context.
private enum Emitter {
    static func style(of text: String) -> WrittenStyle {
        let v = Array(text.utf8)
        let n = v.count
        guard n > 0 else { return .doubleQuoted }
        var blockIndicators = false
        var special = false
        var lineBreaks = false
        var leadingSpace = false
        var leadingBreak = false
        var trailingSpace = false
        var trailingBreak = false
        var breakSpace = false
        var spaceBreak = false
        var previousSpace = false
        var previousBreak = false
        var precededByWhitespace = true
        if n >= 3 && ((v[0] == 0x2D && v[1] == 0x2D && v[2] == 0x2D) || (v[0] == 0x2E && v[1] == 0x2E && v[2] == 0x2E))
        {
            blockIndicators = true
        }
        var i = 0
        while i < n {
            let w = max(1, width(v[i]))
            let followedByWhitespace = i + w >= n || isBlank(v, i + w)
            let c = v[i]
            if i == 0 {
                switch c {
                case 0x23, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60:
                    blockIndicators = true
                case 0x3F, 0x3A, 0x2D:
                    if followedByWhitespace { blockIndicators = true }
                default:
                    break
                }
            } else if c == 0x3A && followedByWhitespace {
                blockIndicators = true
            } else if c == 0x23 && precededByWhitespace {
                blockIndicators = true
            }
            if !isPrintable(v, i) { special = true }
            if c == 0x20 {
                if i == 0 { leadingSpace = true }
                if i + w == n { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if isBreak(v, i) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i + w == n { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = isBlank(v, i) || isBreak(v, i) || c == 0
            i += w
        }
        let blockPlainAllowed =
            !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || special
            || lineBreaks || blockIndicators)
        let singleQuotedAllowed = !(breakSpace || spaceBreak || special)
        let blockAllowed = !(trailingSpace || spaceBreak || special)
        // The encoder asks for a literal block whenever the string has a line feed.
        if v.contains(0x0A) { return blockAllowed ? .literal : .doubleQuoted }
        if blockPlainAllowed { return .plain }
        return singleQuotedAllowed ? .singleQuoted : .doubleQuoted
    }

    /// The scalar's body as go-yaml writes it (without line wrapping, and without the quotes).
    static func write(_ text: String, as style: WrittenStyle) -> String {
        switch style {
        case .plain, .literal:
            return text
        case .singleQuoted:
            guard text.utf8.contains(0x27) else { return text }
            var out: [UInt8] = []
            for byte in text.utf8 {
                out.append(byte)
                if byte == 0x27 { out.append(0x27) }
            }
            return String(decoding: out, as: UTF8.self)
        case .doubleQuoted:
            return escapeDoubleQuoted(text)
        }
    }

    private static func escapeDoubleQuoted(_ text: String) -> String {
        let v = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(v.count + 8)
        var i = 0
        while i < v.count {
            let w = max(1, width(v[i]))
            let isBOM = v[i] == 0xEF && i + 2 < v.count && v[i + 1] == 0xBB && v[i + 2] == 0xBF
            guard !isPrintable(v, i) || isBOM || isBreak(v, i) || v[i] == 0x22 || v[i] == 0x5C else {
                out += v[i..<min(i + w, v.count)]
                i += w
                continue
            }
            let scalar = UTF8Decoder.decode(v, at: i).0.value
            out.append(0x5C)
            switch scalar {
            case 0x00: out.append(UInt8(ascii: "0"))
            case 0x07: out.append(UInt8(ascii: "a"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0B: out.append(UInt8(ascii: "v"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x1B: out.append(UInt8(ascii: "e"))
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x85: out.append(UInt8(ascii: "N"))
            case 0xA0: out.append(UInt8(ascii: "_"))
            case 0x2028: out.append(UInt8(ascii: "L"))
            case 0x2029: out.append(UInt8(ascii: "P"))
            default:
                let (letter, digits): (UInt8, Int) =
                    scalar <= 0xFF
                    ? (UInt8(ascii: "x"), 2) : scalar <= 0xFFFF ? (UInt8(ascii: "u"), 4) : (UInt8(ascii: "U"), 8)
                out.append(letter)
                for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                    let digit = UInt8((scalar >> UInt32(shift)) & 0xF)
                    out.append(digit < 10 ? 0x30 + digit : 0x41 + digit - 10)
                }
            }
            i += w
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// go-yaml's `width`: the length of the UTF-8 sequence a leading byte announces.
    private static func width(_ b: UInt8) -> Int {
        switch b {
        case 0x00..<0x80: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0..<0xF8: 4
        default: 0
        }
    }

    private static func isBlank(_ v: [UInt8], _ i: Int) -> Bool { v[i] == 0x20 || v[i] == 0x09 }

    private static func isBreak(_ v: [UInt8], _ i: Int) -> Bool {
        let b = v[i]
        if b == 0x0D || b == 0x0A { return true }
        if b == 0xC2 { return i + 1 < v.count && v[i + 1] == 0x85 }
        if b == 0xE2 { return i + 2 < v.count && v[i + 1] == 0x80 && (v[i + 2] == 0xA8 || v[i + 2] == 0xA9) }
        return false
    }

    /// go-yaml's `is_printable`: code points above U+FFFF are not, so emoji force double quotes.
    private static func isPrintable(_ v: [UInt8], _ i: Int) -> Bool {
        let b = v[i]
        let next = i + 1 < v.count ? v[i + 1] : 0
        let third = i + 2 < v.count ? v[i + 2] : 0
        return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && next >= 0xA0) || (b > 0xC2 && b < 0xED)
            || (b == 0xED && next < 0xA0) || b == 0xEE
            || (b == 0xEF && !(next == 0xBB && third == 0xBF) && !(next == 0xBF && (third == 0xBE || third == 0xBF)))
    }
}

// MARK: - Reading the substituted text back

/// Reads a substituted scalar back the way Flux's YAML → JSON step does, in the scalar's position.
private enum Reader {
    static func read(
        _ text: String,
        written style: WrittenStyle,
        at position: Position,
        simpleKey: Bool,
        replacing original: YAMLNode
    ) throws(EnvsubstError) -> YAMLNode {
        switch style {
        case .literal:
            let block = try readLiteral(text, original: original.scalar?.text ?? "")
            return position == .key ? key(block, like: original) : string(block, like: original)
        case .plain:
            if text.isEmpty {
                if position == .key { throw unsupportedKey("null") }
                return retyped(.plain("null"), like: original)
            }
            if isSafePlain(text) {
                return position == .key ? try key(plain: text, like: original) : try typed(text, like: original)
            }
        case .singleQuoted:
            if let plainText = unescapeSingleQuoted(text) {
                return position == .key ? key(plainText, like: original) : string(plainText, like: original)
            }
        case .doubleQuoted:
            if !text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }),
                otherLineBreaks(in: Array(text.utf8)) == 0
            {
                return position == .key ? key(text, like: original) : string(text, like: original)
            }
        }
        return try parse(text, written: style, at: position, simpleKey: simpleKey, replacing: original)
    }

    /// Parses the scalar in a one-line document that puts it in the same position, for everything the
    /// fast paths above cannot decide: flow collections, comments, quotes, escapes, YAML errors.
    private static func parse(
        _ text: String,
        written style: WrittenStyle,
        at position: Position,
        simpleKey: Bool,
        replacing original: YAMLNode
    ) throws(EnvsubstError) -> YAMLNode {
        let body =
            switch style {
            case .singleQuoted: "'" + text + "'"
            case .doubleQuoted: "\"" + text + "\""
            case .plain, .literal: text
            }
        let document =
            switch position {
            case .value: "k: " + body + "\n"
            case .item: "- " + body + "\n"
            case .key: simpleKey ? body + ": x\n" : "? " + body + "\n: x\n"
            }
        let sink = DiagnosticCollector()
        let documents = YAMLLoader.load(document, path: "", into: sink)
        if let problem = sink.diagnostics.first(where: { $0.severity == .error }) {
            throw EnvsubstError(message: "error converting YAML to JSON: yaml: \(problemText(problem.message))")
        }
        let parsed: YAMLNode?
        switch position {
        case .value:
            parsed =
                documents.count == 1 && documents[0].root.pairs?.count == 1 ? documents[0].root.pairs?[0].value : nil
        case .item:
            parsed = documents.count == 1 && documents[0].root.items?.count == 1 ? documents[0].root.items?[0] : nil
        case .key:
            parsed = documents.count == 1 && documents[0].root.pairs?.count == 1 ? documents[0].root.pairs?[0].key : nil
        }
        guard let parsed else {
            throw EnvsubstError(
                message: "error converting YAML to JSON: the substituted text \(quoted(text)) is not one value in place"
            )
        }
        if position == .key {
            guard let scalar = parsed.scalar else {
                throw unsupportedKey(parsed.isMapping ? "a mapping" : "a sequence")
            }
            return scalar.style == .plain
                ? try key(plain: scalar.text, like: original) : key(scalar.text, like: original)
        }
        return try normalized(parsed, in: document).relocated(to: original.location)
    }

    /// A literal block read back: go-yaml chose the indentation and chomping indicators for the original
    /// text, and the substituted lines are read under them.
    ///
    /// Without an indentation indicator (the original did not start with a space or a line break) the
    /// indentation is taken from the first non-blank line, so spaces a value puts there are absorbed, and
    /// a later line with fewer spaces ends the block: Flux then fails on the text that follows. The
    /// chomping indicator drops the trailing lines a value leaves blank.
    private static func readLiteral(_ text: String, original: String) throws(EnvsubstError) -> String {
        let o = Array(original.utf8)
        let r = Array(text.utf8)
        if otherLineBreaks(in: r) > otherLineBreaks(in: o) {
            throw EnvsubstError(
                message: "error converting YAML to JSON: yaml: a line break in a value ends the literal block early"
            )
        }
        let explicitIndentation = o.first == 0x20 || o.first == 0x0A
        enum Chomping { case strip, clip, keep }
        let chomping: Chomping =
            o.last != 0x0A ? .strip : (o.count == 1 || o[o.count - 2] == 0x0A) ? .keep : .clip
        let lines = r.split(separator: 0x0A, omittingEmptySubsequences: false)
        var indentation = 0
        if !explicitIndentation, let first = lines.first(where: { $0.contains { $0 != 0x20 } }) {
            indentation = first.prefix { $0 == 0x20 }.count
        }
        return try readLiteralLines(
            lines,
            indentation: indentation,
            detected: !explicitIndentation,
            chomping: chomping == .strip ? 0 : chomping == .clip ? 1 : Int.max
        )
    }

    /// The content of block lines under `indentation`, keeping at most `chomping` trailing line breaks.
    ///
    /// With a `detected` indentation, blank lines before the first content line are empty lines.
    private static func readLiteralLines(
        _ lines: [ArraySlice<UInt8>],
        indentation: Int,
        detected: Bool,
        chomping: Int
    ) throws(EnvsubstError) -> String {
        var content: [ArraySlice<UInt8>] = []
        var lastContent: Int?
        for line in lines {
            let spaces = line.prefix { $0 == 0x20 }.count
            if spaces == line.count {
                let leading = detected && lastContent == nil
                content.append(spaces > indentation && !leading ? line.dropFirst(indentation) : [])
            } else {
                guard spaces >= indentation else {
                    throw EnvsubstError(
                        message:
                            "error converting YAML to JSON: yaml: a value changes the indentation of a literal block"
                    )
                }
                content.append(line.dropFirst(indentation))
            }
            if !(content.last?.isEmpty ?? true) { lastContent = content.count - 1 }
        }
        guard let lastContent else { return "" }
        var out: [UInt8] = []
        for (i, line) in content[...lastContent].enumerated() {
            if i > 0 { out.append(0x0A) }
            out += line
        }
        let trailing = content.count - 1 - lastContent
        out += repeatElement(0x0A, count: min(trailing, chomping))
        return String(decoding: out, as: UTF8.self)
    }

    /// Carriage returns and the Unicode line breaks, which end a line in YAML as a line feed does.
    private static func otherLineBreaks(in v: [UInt8]) -> Int {
        var count = 0
        for i in v.indices {
            if v[i] == 0x0D || (v[i] == 0xC2 && i + 1 < v.count && v[i + 1] == 0x85)
                || (v[i] == 0xE2 && i + 2 < v.count && v[i + 1] == 0x80 && (v[i + 2] == 0xA8 || v[i + 2] == 0xA9))
            {
                count += 1
            }
        }
        return count
    }

    /// A parsed value as it comes out of YAML → JSON: plain scalars typed by go-yaml v2, keys as strings.
    private static func normalized(_ node: YAMLNode, in document: String) throws(EnvsubstError) -> YAMLNode {
        switch node.content {
        case .scalar(let scalar):
            guard scalar.style == .plain, !hasStringTag(node, in: document) else {
                return YAMLNode(
                    .scalar(YAMLScalar(scalar.text, style: .doubleQuoted)),
                    tag: node.tag,
                    location: node.location
                )
            }
            return try typed(scalar.text, like: node)
        case .sequence(let items):
            var copy = node
            var out: [YAMLNode] = []
            for item in items { out.append(try normalized(item, in: document)) }
            copy.content = .sequence(out)
            return copy
        case .mapping(let pairs):
            var copy = node
            var out: [YAMLPair] = []
            for pair in pairs {
                guard let scalar = pair.key.scalar else { throw unsupportedKey("a collection") }
                let key =
                    scalar.style == .plain
                    ? try key(plain: scalar.text, like: pair.key) : key(scalar.text, like: pair.key)
                out.append(YAMLPair(key: key, value: try normalized(pair.value, in: document)))
            }
            copy.content = .mapping(out)
            return copy
        }
    }

    /// Whether a scalar of the parsed document carries the standard `!!str` tag, which the loader does
    /// not keep but which makes go-yaml read `!!str 3` as a string.
    private static func hasStringTag(_ node: YAMLNode, in document: String) -> Bool {
        guard document.contains("!"), let location = node.location, location.line >= 1, location.column >= 1 else {
            return false
        }
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line <= lines.count else { return false }
        let rest = String(
            String.UnicodeScalarView(lines[location.line - 1].unicodeScalars.dropFirst(location.column - 1))
        )
        return rest.hasPrefix("!!str ") || rest.hasPrefix("!<tag:yaml.org,2002:str> ")
    }

    /// A plain scalar typed the way go-yaml v2 types it, written in its JSON form.
    private static func typed(_ text: String, like original: YAMLNode) throws(EnvsubstError) -> YAMLNode {
        switch GoYAML.resolve(text) {
        case .null: return retyped(.plain("null"), like: original)
        case .bool(let value): return retyped(.bool(value), like: original)
        case .int(let digits): return retyped(.plain(digits), like: original)
        case .float(let value):
            guard value.isFinite else {
                throw EnvsubstError(
                    message: "error converting YAML to JSON: json: unsupported value: "
                        + (value.isNaN ? "NaN" : value < 0 ? "-Inf" : "+Inf")
                )
            }
            if case .float = ScalarResolver.resolve(text) { return retyped(.plain(text), like: original) }
            return retyped(.plain(GoYAML.jsonFloat(value)), like: original)
        case .string:
            return string(text, like: original)
        }
    }

    private static func retyped(_ node: YAMLNode, like original: YAMLNode) -> YAMLNode {
        var copy = node
        copy.tag = original.tag
        copy.location = original.location
        return copy
    }

    /// A string node that stays a string whatever its text.
    private static func string(_ text: String, like original: YAMLNode) -> YAMLNode {
        let style: ScalarStyle
        if let old = original.scalar?.style, old != .plain {
            style = old
        } else if case .string = ScalarResolver.resolve(text) {
            style = .plain
        } else {
            style = .doubleQuoted
        }
        return YAMLNode(.scalar(YAMLScalar(text, style: style)), tag: original.tag, location: original.location)
    }

    /// A key node; keys are strings after YAML → JSON.
    private static func key(_ text: String, like original: YAMLNode) -> YAMLNode {
        string(text, like: YAMLNode(.scalar(YAMLScalar("")), tag: original.tag, location: original.location))
    }

    /// A plain key converted the way sigs.k8s.io/yaml converts non-string keys.
    private static func key(plain text: String, like original: YAMLNode) throws(EnvsubstError) -> YAMLNode {
        switch GoYAML.resolve(text) {
        case .null: throw unsupportedKey("null")
        case .bool(let value): return key(value ? "true" : "false", like: original)
        case .int(let digits): return key(digits, like: original)
        case .float(let value): return key(GoYAML.keyFloat(value), like: original)
        case .string: return key(text, like: original)
        }
    }

    private static func unsupportedKey(_ what: String) -> EnvsubstError {
        EnvsubstError(message: "error converting YAML to JSON: unsupported map key: the key became \(what)")
    }

    /// The text of a single-quoted body when its quotes are all doubled and it has no line break.
    private static func unescapeSingleQuoted(_ text: String) -> String? {
        let v = Array(text.utf8)
        guard !v.contains(where: { $0 < 0x20 && $0 != 0x09 }), otherLineBreaks(in: v) == 0 else { return nil }
        guard v.contains(0x27) else { return text }
        var out: [UInt8] = []
        var i = 0
        while i < v.count {
            if v[i] == 0x27 {
                guard i + 1 < v.count, v[i + 1] == 0x27 else { return nil }
                i += 1
            }
            out.append(v[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` reads back as exactly itself as a plain scalar in any block position.
    private static func isSafePlain(_ text: String) -> Bool {
        let v = Array(text.utf8)
        guard let first = v.first, let last = v.last, last != 0x20 else { return false }
        switch first {
        case 0x20, 0x23, 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60:
            return false
        case 0x2D, 0x3F, 0x3A:
            guard v.count > 1, v[1] != 0x20 else { return false }
        default:
            break
        }
        for i in v.indices {
            let b = v[i]
            switch b {
            case 0x00..<0x20, 0x7F:
                return false
            case 0x3A:
                if i + 1 >= v.count || v[i + 1] == 0x20 { return false }
            case 0x23:
                if i > 0 && v[i - 1] == 0x20 { return false }
            case 0xC2:
                if i + 1 < v.count && v[i + 1] < 0xA0 { return false }
            case 0xE2:
                if i + 2 < v.count && v[i + 1] == 0x80 && (v[i + 2] == 0xA8 || v[i + 2] == 0xA9) { return false }
            default:
                break
            }
        }
        return true
    }

    /// A libyaml problem without the position in our one-line document.
    private static func problemText(_ message: String) -> String {
        guard let range = message.range(of: " (") else { return message }
        return String(message[..<range.lowerBound])
    }

    private static func quoted(_ text: String) -> String {
        "'" + Emitter.write(text, as: .singleQuoted) + "'"
    }
}

extension YAMLNode {
    /// This node with every node in it moved to `location`.
    fileprivate func relocated(to location: SourceLocation?) -> YAMLNode {
        var copy = self
        copy.location = location
        switch copy.content {
        case .scalar:
            break
        case .sequence(let items):
            copy.content = .sequence(items.map { $0.relocated(to: location) })
        case .mapping(let pairs):
            copy.content = .mapping(
                pairs.map { YAMLPair(key: $0.key.relocated(to: location), value: $0.value.relocated(to: location)) }
            )
        }
        return copy
    }
}

// MARK: - go-yaml v2 typing

/// How go-yaml v2 (through sigs.k8s.io/yaml) types a plain scalar and prints numbers.
enum GoYAML {
    /// A plain scalar's type.
    enum Resolved: Equatable {
        case null
        case bool(Bool)
        /// An integer, as decimal digits (it may not fit in `Int` when it came from an unsigned value).
        case int(String)
        case float(Double)
        case string
    }

    static func resolve(_ text: String) -> Resolved {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE": return .bool(true)
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE": return .bool(false)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        default: break
        }
        let v = Array(text.utf8)
        switch v[0] {
        case 0x2E:
            guard v.allSatisfy({ isDigit($0) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D }),
                isYAMLFloat(v[...]), let value = Double(text)
            else { return .string }
            return .float(value)
        case 0x2B, 0x2D, 0x30...0x39:
            // Timestamps (`2024-01-02`) fail every numeric form below, so they stay strings as in go-yaml.
            let plain = v.filter { $0 != 0x5F }
            if let value = parseInt(plain[...]) { return .int(String(value)) }
            if let value = parseUInt(plain[...]) { return .int(String(value)) }
            if isYAMLFloat(plain[...]), let value = Double(String(decoding: plain, as: UTF8.self)) {
                return .float(value)
            }
            return .string
        default:
            return .string
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b`, a leading `0` for octal, or decimal.
    private static func parseInt(_ s: ArraySlice<UInt8>) -> Int64? {
        var s = s
        var negative = false
        if let sign = s.first, sign == 0x2B || sign == 0x2D {
            negative = sign == 0x2D
            s = s.dropFirst()
        }
        guard let magnitude = parseUInt(s) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Go's `strconv.ParseUint(s, 0, 64)`.
    private static func parseUInt(_ s: ArraySlice<UInt8>) -> UInt64? {
        var digits = s
        var radix: UInt64 = 10
        if digits.count >= 2, digits.first == 0x30 {
            let marker = digits[digits.startIndex + 1] | 0x20
            switch marker {
            case 0x78:
                radix = 16
                digits = digits.dropFirst(2)
            case 0x6F:
                radix = 8
                digits = digits.dropFirst(2)
            case 0x62:
                radix = 2
                digits = digits.dropFirst(2)
            default:
                radix = 8
                digits = digits.dropFirst()
            }
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x61...0x66: digit = UInt64(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt64(byte - 0x41 + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }

    /// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    private static func isYAMLFloat(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        let end = s.endIndex
        if i < end && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
        if i < end && s[i] == 0x2E {
            i += 1
            let digitsStart = i
            while i < end && isDigit(s[i]) { i += 1 }
            guard i > digitsStart else { return false }
        } else {
            let digitsStart = i
            while i < end && isDigit(s[i]) { i += 1 }
            guard i > digitsStart else { return false }
            if i < end && s[i] == 0x2E {
                i += 1
                while i < end && isDigit(s[i]) { i += 1 }
            }
        }
        if i < end && (s[i] == 0x65 || s[i] == 0x45) {
            i += 1
            if i < end && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
            let digitsStart = i
            while i < end && isDigit(s[i]) { i += 1 }
            guard i > digitsStart else { return false }
        }
        return i == end
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// A float as encoding/json prints it: the shortest digits, no exponent between 1e-6 and 1e21.
    static func jsonFloat(_ value: Double) -> String {
        if abs(value) < 1e21, let integral = Int64(exactly: value) { return String(integral) }
        return "\(value)"
    }

    /// A float key as sigs.k8s.io/yaml prints it: `strconv.FormatFloat(f, 'g', -1, 32)`.
    static func keyFloat(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        let single = Float(value)
        if single == 0 { return single.sign == .minus ? "-0" : "0" }
        // Shortest round-trip digits of the 32-bit value, then Go's %g layout with exponent limit 6.
        let (digits, pointPosition) = shortestDigits(single)
        let exponent = pointPosition - 1
        let sign = single < 0 ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            var mantissa = String(digits.prefix(1))
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let magnitude = abs(exponent)
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if digits.count <= pointPosition {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
        }
        return sign + digits.prefix(pointPosition) + "." + digits.dropFirst(pointPosition)
    }

    /// The significant digits of Swift's shortest representation and where the decimal point goes.
    private static func shortestDigits(_ value: Float) -> (String, Int) {
        let text = abs(value).description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            mantissa = text[..<e]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? ""
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, point)
    }
}
