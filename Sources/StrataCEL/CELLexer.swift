/// Splits CEL source into tokens, decoding literals (numbers, quoted and raw strings, bytes) as it goes.
struct CELLexer {
    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ source: String) { s = Array(source.unicodeScalars) }

    static func tokenize(_ source: String) -> Result<[CELToken], CELCompileError> {
        var lexer = CELLexer(source)
        var tokens: [CELToken] = []
        while true {
            switch lexer.next() {
            case .failure(let e): return .failure(e)
            case .success(let t):
                tokens.append(t)
                if t.kind == .end { return .success(tokens) }
            }
        }
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    private func fail(_ message: String, at offset: Int) -> Result<CELToken, CELCompileError> {
        .failure(CELCompileError(message: message, unsupported: false, offset: offset))
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0 >= "0" && $0 <= "9" } ?? false }
    private static func isIdentStart(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    private static func isHex(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F")
    }

    mutating func next() -> Result<CELToken, CELCompileError> {
        // Whitespace and `//` comments.
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                i += 1
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { i += 1 }
            } else {
                break
            }
        }
        let start = i
        guard let c = peek() else { return .success(CELToken(kind: .end, offset: i)) }

        if CELLexer.isIdentStart(c) {
            // String and bytes prefixes: r, b, rb, br in any case.
            var j = i
            var raw = false
            var bytes = false
            while j < s.count, j - i < 2 {
                let p = s[j]
                if (p == "r" || p == "R") && !raw {
                    raw = true
                } else if (p == "b" || p == "B") && !bytes {
                    bytes = true
                } else {
                    break
                }
                j += 1
            }
            if j > i, j < s.count, s[j] == "\"" || s[j] == "'" {
                i = j
                return lexString(raw: raw, bytes: bytes, start: start)
            }
            var name = ""
            while let d = peek(), CELLexer.isIdentStart(d) || CELLexer.isDigit(d) {
                name.unicodeScalars.append(d)
                i += 1
            }
            return .success(CELToken(kind: .identifier(name), offset: start))
        }
        if c == "`" {
            // Backquoted field names (newer CEL) are not accepted by the API servers in use.
            return .failure(
                CELCompileError(message: "quoted identifiers are not supported", unsupported: true, offset: i)
            )
        }
        if CELLexer.isDigit(c) || (c == "." && CELLexer.isDigit(peek(1))) { return lexNumber(start: start) }
        if c == "\"" || c == "'" { return lexString(raw: false, bytes: false, start: start) }

        let two = peek(1).map { String(c) + String($0) } ?? ""
        if ["==", "!=", "<=", ">=", "&&", "||", ".?", "[?"].contains(two) {
            i += 2
            return .success(CELToken(kind: .punct(two), offset: start))
        }
        if "+-*/%<>!?:.,()[]{}".unicodeScalars.contains(c) {
            i += 1
            return .success(CELToken(kind: .punct(String(c)), offset: start))
        }
        return fail("unexpected character '\(c)'", at: start)
    }

    private mutating func lexNumber(start: Int) -> Result<CELToken, CELCompileError> {
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            i += 2
            var v: UInt64 = 0
            var any = false
            while CELLexer.isHex(peek()), let d = peek() {
                let digit = UInt64(Int(String(d), radix: 16) ?? 0)
                let (m, o1) = v.multipliedReportingOverflow(by: 16)
                let (a, o2) = m.addingReportingOverflow(digit)
                if o1 || o2 { return fail("integer literal overflows 64 bits", at: start) }
                v = a
                any = true
                i += 1
            }
            if !any { return fail("malformed hexadecimal literal", at: start) }
            if peek() == "u" || peek() == "U" {
                i += 1
                return .success(CELToken(kind: .uint(v), offset: start))
            }
            return .success(CELToken(kind: .int(v), offset: start))
        }
        var text = ""
        var isDouble = false
        while CELLexer.isDigit(peek()), let d = peek() {
            text.unicodeScalars.append(d)
            i += 1
        }
        if peek() == ".", CELLexer.isDigit(peek(1)) {
            isDouble = true
            text += "."
            i += 1
            while CELLexer.isDigit(peek()), let d = peek() {
                text.unicodeScalars.append(d)
                i += 1
            }
        }
        if peek() == "e" || peek() == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, CELLexer.isDigit(s[j]) {
                isDouble = true
                text += String(s[i..<j].map(Character.init))
                i = j
                while CELLexer.isDigit(peek()), let d = peek() {
                    text.unicodeScalars.append(d)
                    i += 1
                }
            }
        }
        if isDouble {
            guard let d = Double(text.hasPrefix(".") ? "0" + text : text) else {
                return fail("malformed number", at: start)
            }
            return .success(CELToken(kind: .double(d), offset: start))
        }
        guard let v = UInt64(text) else { return fail("integer literal overflows 64 bits", at: start) }
        if peek() == "u" || peek() == "U" {
            i += 1
            return .success(CELToken(kind: .uint(v), offset: start))
        }
        return .success(CELToken(kind: .int(v), offset: start))
    }

    private mutating func lexString(raw: Bool, bytes: Bool, start: Int) -> Result<CELToken, CELCompileError> {
        guard let quote = peek() else { return fail("unterminated string", at: start) }
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        var out: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) { out.append(contentsOf: Array(String(scalar).utf8)) }
        while true {
            guard let c = peek() else { return fail("unterminated string literal", at: start) }
            if c == quote {
                if !triple {
                    i += 1
                    break
                }
                if peek(1) == quote, peek(2) == quote {
                    i += 3
                    break
                }
            }
            if !triple, c == "\n" || c == "\r" { return fail("newline in string literal", at: i) }
            if c == "\\", !raw {
                guard let e = peek(1) else { return fail("unterminated string literal", at: start) }
                let escStart = i
                i += 2
                switch e {
                case "a": out.append(7)
                case "b": out.append(8)
                case "f": out.append(12)
                case "n": out.append(10)
                case "r": out.append(13)
                case "t": out.append(9)
                case "v": out.append(11)
                case "\\", "'", "\"", "`", "?": append(e)
                case "x", "X", "u", "U":
                    let count = (e == "x" || e == "X") ? 2 : (e == "u" ? 4 : 8)
                    var v: UInt32 = 0
                    for _ in 0..<count {
                        guard CELLexer.isHex(peek()), let d = peek() else {
                            return fail("malformed escape", at: escStart)
                        }
                        v = v * 16 + UInt32(Int(String(d), radix: 16) ?? 0)
                        i += 1
                    }
                    if count == 2 && bytes {
                        out.append(UInt8(v))
                    } else {
                        guard let scalar = Unicode.Scalar(v) else {
                            return fail("invalid code point in escape", at: escStart)
                        }
                        if bytes && count != 2 { return fail("unicode escapes are not allowed in bytes", at: escStart) }
                        append(scalar)
                    }
                case "0"..."3":
                    guard let d1 = peek(), let d2 = peek(1), ("0"..."7").contains(d1), ("0"..."7").contains(d2) else {
                        return fail("malformed octal escape", at: escStart)
                    }
                    i += 2
                    let v = (e.value - 48) * 64 + (d1.value - 48) * 8 + (d2.value - 48)
                    if bytes {
                        out.append(UInt8(v))
                    } else if let scalar = Unicode.Scalar(v) {
                        append(scalar)
                    }
                default:
                    return fail("invalid escape sequence '\\\(e)'", at: escStart)
                }
                continue
            }
            append(c)
            i += 1
        }
        if bytes { return .success(CELToken(kind: .bytes(out), offset: start)) }
        return .success(CELToken(kind: .string(String(decoding: out, as: UTF8.self)), offset: start))
    }
}
