/// A Kubernetes set-based selector string (`a=b,c!=d,e in (x,y),!f,g,h>3`), as kustomize parses the
/// `labelSelector` and `annotationSelector` of a patch target.
///
/// Syntax and validation follow the Kubernetes label parser: requirements are separated by commas;
/// keys must be qualified names and values valid label values; `in`/`notin` take a parenthesised list;
/// `>` and `<` compare integers. An empty selector matches everything.
public struct LabelSelector: Sendable, Equatable {
    /// A selector operator.
    public enum Operator: String, Sendable {
        /// `key in (…)`.
        case `in`
        /// `key notin (…)`: also true when the key is absent.
        case notIn = "notin"
        /// `key=value`.
        case equals = "="
        /// `key==value`.
        case doubleEquals = "=="
        /// `key!=value`: also true when the key is absent.
        case notEquals = "!="
        /// `key`.
        case exists
        /// `!key`.
        case doesNotExist = "!"
        /// `key>n`.
        case greaterThan = ">"
        /// `key<n`.
        case lessThan = "<"
    }

    /// One condition of a selector.
    public struct Requirement: Sendable, Equatable {
        /// The label key.
        public var key: String
        /// The operator.
        public var op: Operator
        /// The operand values (one for `=`, `==`, `!=`, `>` and `<`; none for `exists` and `!`).
        public var values: [String]

        /// Whether `labels` satisfy this condition.
        public func matches(_ labels: [String: String]) -> Bool {
            switch op {
            case .in, .equals, .doubleEquals:
                guard let value = labels[key] else { return false }
                return values.contains(value)
            case .notIn, .notEquals:
                guard let value = labels[key] else { return true }
                return !values.contains(value)
            case .exists:
                return labels[key] != nil
            case .doesNotExist:
                return labels[key] == nil
            case .greaterThan, .lessThan:
                guard let text = labels[key], let actual = Int64(text), values.count == 1,
                    let bound = Int64(values[0])
                else { return false }
                return op == .greaterThan ? actual > bound : actual < bound
            }
        }
    }

    /// The conditions, all of which must hold.
    public private(set) var requirements: [Requirement]

    /// Parses a selector; the error has no location (the caller knows where the text came from).
    public init(parsing text: String) throws(PatchError) {
        var parser = SelectorParser(tokens: SelectorLexer.tokens(of: text))
        requirements = try parser.parse()
    }

    /// Whether every requirement holds for `labels`.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }
}

// MARK: - Lexer

private enum SelectorToken: Equatable {
    case identifier(String)
    case bang, equals, doubleEquals, notEquals, greaterThan, lessThan
    case openParen, closeParen, comma
    case inKeyword, notInKeyword
    case end
    case invalid(String)

    var literal: String {
        switch self {
        case .identifier(let text), .invalid(let text): text
        case .bang: "!"
        case .equals: "="
        case .doubleEquals: "=="
        case .notEquals: "!="
        case .greaterThan: ">"
        case .lessThan: "<"
        case .openParen: "("
        case .closeParen: ")"
        case .comma: ","
        case .inKeyword: "in"
        case .notInKeyword: "notin"
        case .end: ""
        }
    }

    /// In value position the keywords are ordinary words (`app=in` selects the value "in").
    var asValue: SelectorToken {
        switch self {
        case .inKeyword, .notInKeyword: .identifier(literal)
        default: self
        }
    }
}

private enum SelectorLexer {
    static let symbols: [String: SelectorToken] = [
        "!": .bang, "=": .equals, "==": .doubleEquals, "!=": .notEquals, ">": .greaterThan, "<": .lessThan,
        "(": .openParen, ")": .closeParen, ",": .comma,
    ]

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    static func isSymbol(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
            UInt8(ascii: ">"), UInt8(ascii: "<"):
            true
        default:
            false
        }
    }

    static func tokens(of text: String) -> [SelectorToken] {
        let bytes = Array(text.utf8)
        var tokens: [SelectorToken] = []
        var i = 0
        while true {
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else {
                tokens.append(.end)
                return tokens
            }
            if isSymbol(bytes[i]) {
                // The longest run of symbols that still spells a token, as the Kubernetes lexer reads it.
                var buffer = ""
                var best: (SelectorToken, Int)?
                var j = i
                while j < bytes.count, isSymbol(bytes[j]) {
                    buffer.append(Character(Unicode.Scalar(bytes[j])))
                    if let token = symbols[buffer] {
                        best = (token, j + 1)
                    } else if best != nil {
                        break
                    }
                    j += 1
                }
                guard let (token, next) = best else {
                    tokens.append(.invalid(buffer))
                    tokens.append(.end)
                    return tokens
                }
                tokens.append(token)
                i = next
            } else {
                var j = i
                while j < bytes.count, !isSpace(bytes[j]), !isSymbol(bytes[j]) { j += 1 }
                let word = String(decoding: bytes[i..<j], as: UTF8.self)
                switch word {
                case "in": tokens.append(.inKeyword)
                case "notin": tokens.append(.notInKeyword)
                default: tokens.append(.identifier(word))
                }
                i = j
            }
        }
    }
}

// MARK: - Parser

private struct SelectorParser {
    var tokens: [SelectorToken]
    var position = 0

    init(tokens: [SelectorToken]) {
        self.tokens = tokens
    }

    func peek(asValue: Bool = true) -> SelectorToken {
        let token = position < tokens.count ? tokens[position] : .end
        return asValue ? token.asValue : token
    }

    mutating func next(asValue: Bool = true) -> SelectorToken {
        let token = peek(asValue: asValue)
        if position < tokens.count { position += 1 }
        return token
    }

    func failure(_ message: String) -> PatchError {
        PatchError("invalid selector: \(message)", at: nil)
    }

    mutating func parse() throws(PatchError) -> [LabelSelector.Requirement] {
        var requirements: [LabelSelector.Requirement] = []
        while true {
            switch peek() {
            case .identifier, .bang:
                requirements.append(try requirement())
                let separator = next()
                switch separator {
                case .end:
                    return requirements
                case .comma:
                    switch peek() {
                    case .identifier, .bang: continue
                    default: throw failure("found '\(peek().literal)', expected: identifier after ','")
                    }
                default:
                    throw failure("found '\(separator.literal)', expected: ',' or 'end of string'")
                }
            case .end:
                return requirements
            default:
                throw failure("found '\(peek().literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    mutating func requirement() throws(PatchError) -> LabelSelector.Requirement {
        var negated = false
        var token = next()
        if token == .bang {
            negated = true
            token = next()
        }
        guard case .identifier(let key) = token else {
            throw failure("found '\(token.literal)', expected: identifier")
        }
        try Self.validateKey(key)
        switch peek() {
        case .end, .comma:
            return LabelSelector.Requirement(key: key, op: negated ? .doesNotExist : .exists, values: [])
        default:
            if negated {
                throw failure("found '\(peek().literal)', expected: ',' or 'end of string' after '!\(key)'")
            }
        }
        let op: LabelSelector.Operator
        let opToken = next(asValue: false)
        switch opToken {
        case .inKeyword: op = .in
        case .notInKeyword: op = .notIn
        case .equals: op = .equals
        case .doubleEquals: op = .doubleEquals
        case .notEquals: op = .notEquals
        case .greaterThan: op = .greaterThan
        case .lessThan: op = .lessThan
        default: throw failure("found '\(opToken.literal)', expected: in, notin, =, ==, !=, gt, lt")
        }
        let values: [String]
        switch op {
        case .in, .notIn: values = try valueSet()
        default: values = [try exactValue()]
        }
        if op == .greaterThan || op == .lessThan {
            guard values.count == 1, Int64(values[0]) != nil else {
                throw failure("for 'Gt', 'Lt' operators, the value must be an integer")
            }
        }
        for value in values { try Self.validateValue(value, key: key) }
        return LabelSelector.Requirement(key: key, op: op, values: values)
    }

    mutating func exactValue() throws(PatchError) -> String {
        switch peek() {
        case .end, .comma: return ""
        default: break
        }
        let token = next()
        guard case .identifier(let value) = token else {
            throw failure("found '\(token.literal)', expected: identifier")
        }
        return value
    }

    /// A parenthesised list; empty entries (`(a,)`, `()`) stand for the empty value, as in Kubernetes.
    mutating func valueSet() throws(PatchError) -> [String] {
        let open = next()
        guard open == .openParen else { throw failure("found '\(open.literal)' expected: '('") }
        var values: [String] = []
        func insert(_ value: String) {
            if !values.contains(value) { values.append(value) }
        }
        switch peek() {
        case .closeParen:
            _ = next()
            return [""]
        case .identifier, .comma:
            break
        default:
            throw failure("found '\(peek().literal)', expected: ',', ')' or identifier")
        }
        while true {
            let token = next()
            switch token {
            case .identifier(let value):
                insert(value)
                switch peek() {
                case .comma: continue
                case .closeParen:
                    _ = next()
                    return values
                default: throw failure("found '\(peek().literal)', expected: ',' or ')'")
                }
            case .comma:
                if values.isEmpty { insert("") }
                switch peek() {
                case .closeParen:
                    insert("")
                    _ = next()
                    return values
                case .comma:
                    _ = next()
                    insert("")
                default:
                    break
                }
            default:
                throw failure("found '\(token.literal)', expected: ',', or identifier")
            }
        }
    }

    // MARK: Validation

    static func validateKey(_ key: String) throws(PatchError) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            guard !prefix.isEmpty, prefix.utf8.count <= 253, isDNSSubdomain(prefix) else {
                throw PatchError(
                    "invalid label key '\(key)': the prefix must be a lowercase DNS subdomain",
                    at: nil
                )
            }
        default:
            throw PatchError("invalid label key '\(key)': a qualified name has at most one '/'", at: nil)
        }
        guard !name.isEmpty, name.utf8.count <= 63, isLabelWord(name) else {
            throw PatchError(
                "invalid label key '\(key)': \(wordRule)",
                at: nil
            )
        }
    }

    static func validateValue(_ value: String, key: String) throws(PatchError) {
        guard value.utf8.count <= 63, value.isEmpty || isLabelWord(Substring(value)) else {
            throw PatchError(
                "invalid label value '\(value)' for key '\(key)': \(wordRule)",
                at: nil
            )
        }
    }

    static let wordRule =
        "a name or value has at most 63 characters, alphanumerics, '-', '_' or '.', "
        + "and starts and ends with an alphanumeric"

    /// Whether the text matches `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
    static func isLabelWord(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// Dot-separated labels of `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
    static func isDNSSubdomain(_ text: Substring) -> Bool {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last else { return false }
            func lowerAlnum(_ b: UInt8) -> Bool {
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            }
            return lowerAlnum(first) && lowerAlnum(last)
                && bytes.allSatisfy { lowerAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
