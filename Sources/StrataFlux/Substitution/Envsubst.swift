public import StrataCore

/// A failure of Flux's `${…}` substitution for one object.
///
/// It is a parse error in an expression (`missing closing brace`, `bad substitution`, …), an undefined
/// variable in strict mode, or a substituted value that no longer reads back as YAML. Flux fails the whole
/// object with it (`post build failed for '<gvk>/<name>': …`).
public struct EnvsubstError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, worded as Flux words it where Flux has a message for the case.
    public var message: String
    /// The scalar whose substitution failed, when known.
    public var location: SourceLocation?

    /// Creates an error.
    public init(message: String, location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    /// The message.
    public var description: String { message }
}

/// One use of a variable in a `${…}` expression.
public struct VariableReference: Sendable, Hashable {
    /// The variable's name as written.
    public var name: String
    /// Whether the use supplies its own fallback (`:=`, `:-`, `=`, `:+`, `:?`), so an undefined variable
    /// is never an error there.
    public var hasDefault: Bool

    /// Creates a reference.
    public init(name: String, hasDefault: Bool) {
        self.name = name
        self.hasDefault = hasDefault
    }
}

/// The `${…}` expression language of Flux's post-build substitution (`fluxcd/pkg/envsubst` v1.7.0).
///
/// The scanner and parser reproduce the fork's state machine, quirks included, on the UTF-8 bytes:
/// - `$$` becomes `$` anywhere outside an expression, and `$var` without braces is left alone;
/// - inside replace patterns `\/` and `\\` are escapes, and `$$` is one `$`;
/// - names are Unicode letters, digits and `_`, a digit may lead;
/// - lengths, offsets and case changes work on bytes and single code points, as Go does.
public enum Envsubst {
    /// Substitutes `${…}` expressions in `text` with Flux's envsubst fork semantics (v1.7.0).
    ///
    /// `lookup` returns `nil` for an undefined variable. Non-strict, an undefined variable is the empty
    /// string. Strict, it is the error `variable not set (strict mode): "x"` in a bare `${x}` and under a
    /// transform operator; the default operators (`:=`, `:-`, `=`, `:+`, `:?`) never fail.
    public static func substitute(
        _ text: String,
        strict: Bool,
        lookup: (String) -> String?
    ) throws(EnvsubstError) -> String {
        guard needsSubstitution(text) else { return text }
        var undefined: [String] = []
        let bytes = try substitute(text, strict: strict, lookup: lookup, undefined: &undefined)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names referenced by `${…}` expressions (bare, with operators, nested in defaults), in order of
    /// appearance without repeats, with whether each use has a default.
    ///
    /// Escaped `$${x}` is not a reference. A text that does not parse yields no references: its
    /// substitution fails anyway.
    public static func references(in text: String) -> [VariableReference] {
        guard needsSubstitution(text) else { return [] }
        var parser = Parser(Array(text.utf8))
        guard let exprs = try? parser.parse() else { return [] }
        var out: [VariableReference] = []
        var seen = Set<VariableReference>()
        collect(exprs, into: &out, seen: &seen)
        return out
    }

    // MARK: - Internal entry points

    /// Whether `text` contains `${` or `$$`, the only sequences substitution can change.
    static func needsSubstitution(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable(hasDollarPair) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(hasDollarPair)
    }

    /// Substitutes, and appends to `undefined` every variable read without a default and not defined.
    ///
    /// The result is bytes: byte offsets and byte-wise glob trims can cut a character in two, and the
    /// caller decides what invalid UTF-8 means.
    static func substitute(
        _ text: String,
        strict: Bool,
        lookup: (String) -> String?,
        undefined: inout [String]
    ) throws(EnvsubstError) -> [UInt8] {
        var parser = Parser(Array(text.utf8))
        let exprs = try parser.parse()
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        try evaluate(exprs, strict: strict, lookup: lookup, undefined: &undefined, into: &out)
        return out
    }

    private static func hasDollarPair(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count > 1 else { return false }
        var i = 0
        let last = bytes.count - 1
        while i < last {
            if bytes[i] == dollar {
                let next = bytes[i + 1]
                if next == openBrace || next == dollar { return true }
            }
            i += 1
        }
        return false
    }

    private static func collect(
        _ exprs: [Expr],
        into out: inout [VariableReference],
        seen: inout Set<VariableReference>
    ) {
        for expr in exprs {
            guard case .call(let call) = expr else { continue }
            let reference = VariableReference(name: call.variable, hasDefault: isDefaultOperator(call.op))
            if seen.insert(reference).inserted { out.append(reference) }
            collect(call.args, into: &out, seen: &seen)
        }
    }

    // MARK: - Evaluation

    private static func evaluate(
        _ exprs: [Expr],
        strict: Bool,
        lookup: (String) -> String?,
        undefined: inout [String],
        into out: inout [UInt8]
    ) throws(EnvsubstError) {
        for expr in exprs {
            switch expr {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .call(let call):
                // Arguments are expanded first, whatever the operator, as in the fork: a nested
                // `${y}` in a default fails strict mode even when the outer variable is set.
                var args: [[UInt8]] = []
                args.reserveCapacity(call.args.count)
                for arg in call.args {
                    var buffer: [UInt8] = []
                    try evaluate([arg], strict: strict, lookup: lookup, undefined: &undefined, into: &buffer)
                    args.append(buffer)
                }
                let value = lookup(call.variable)
                if value == nil && !isDefaultOperator(call.op) {
                    undefined.append(call.variable)
                    if strict {
                        throw EnvsubstError(message: "variable not set (strict mode): \"\(call.variable)\"")
                    }
                }
                try apply(call.op, to: Array((value ?? "").utf8), args: args, into: &out)
            }
        }
    }

    /// Operators that supply their own fallback and so tolerate an undefined variable in strict mode.
    static func isDefaultOperator(_ op: String) -> Bool {
        switch op {
        case "-", "+", "=", "?", ":-", ":+", ":=", ":?": true
        default: false
        }
    }

    private static func apply(
        _ op: String,
        to value: [UInt8],
        args: [[UInt8]],
        into out: inout [UInt8]
    ) throws(EnvsubstError) {
        switch op {
        case ",": out += mapFirstScalar(value, upper: false)
        case ",,": out += mapScalars(value, upper: false)
        case "^": out += mapFirstScalar(value, upper: true)
        case "^^": out += mapScalars(value, upper: true)
        case "#" where args.isEmpty: out += Array(String(value.count).utf8)
        case "#": out += trimPrefix(value, pattern: args[0], longest: false)
        case "##": out += trimPrefix(value, pattern: args[0], longest: true)
        case "%": out += trimSuffix(value, pattern: args[0], longest: false)
        case "%%": out += trimSuffix(value, pattern: args[0], longest: true)
        case ":": out += try substring(value, args: args)
        case "/#":
            guard args.count == 2, value.starts(with: args[0]) else {
                out += value
                return
            }
            out += replace(value, args[0], with: args[1], limit: 1)
        case "/%":
            guard args.count == 2, value.count >= args[0].count, value.suffix(args[0].count).elementsEqual(args[0])
            else {
                out += value
                return
            }
            out += value.dropLast(args[0].count)
            out += args[1]
        case "/", "//":
            let limit = op == "/" ? 1 : Int.max
            switch args.count {
            case 0: out += value
            case 1: out += replace(value, args[0], with: [], limit: limit)
            default: out += replace(value, args[0], with: args[1], limit: limit)
            }
        default:
            // Bare `${x}`, every default operator, and odd casing operators such as `,^`.
            if value.isEmpty && !args.isEmpty {
                for arg in args { out += arg }
            } else {
                out += value
            }
        }
    }

    // MARK: - Functions

    /// `${x:off}` and `${x:off:len}` on bytes; a non-numeric argument returns the value unchanged.
    private static func substring(_ s: [UInt8], args: [[UInt8]]) throws(EnvsubstError) -> [UInt8] {
        guard let first = args.first else { return s }
        guard var pos = goAtoi(first) else { return s }
        if pos < 0 {
            pos = s.count &+ pos
            if pos < 0 { pos = 0 }
        }
        if args.count == 1 {
            return pos < s.count ? Array(s[pos...]) : []
        }
        guard let length = goAtoi(args[1]) else { return s }
        let end = pos &+ length
        if end >= s.count {
            return pos < s.count ? Array(s[pos...]) : []
        }
        // v1.7.0 slices without checking a negative length, and the Go runtime panics; the controller
        // recovers the panic and fails the reconciliation.
        guard end >= pos else {
            let range = end < 0 ? "[:\(end)]" : pos > s.count ? "[\(pos):\(s.count)]" : "[\(pos):\(end)]"
            throw EnvsubstError(message: "panic: runtime error: slice bounds out of range \(range)")
        }
        return Array(s[pos..<end])
    }

    /// Go's `strconv.Atoi`: an optional sign and decimal digits that fit in 64 bits.
    private static func goAtoi(_ bytes: [UInt8]) -> Int? {
        var digits = bytes[...]
        var negative = false
        if let sign = digits.first, sign == plus || sign == minus {
            negative = sign == minus
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= zero && byte <= nine else { return nil }
            let digit = Int(byte - zero)
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }

    /// Go's `strings.Replace` on bytes, including its rule for an empty pattern: it matches before
    /// every code point and at the end.
    private static func replace(_ s: [UInt8], _ old: [UInt8], with new: [UInt8], limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var done = 0
        var i = 0
        if old.isEmpty {
            while done < limit {
                out += new
                done += 1
                guard i < s.count else { return out }
                let width = UTF8Decoder.width(s, at: i)
                out += s[i..<(i + width)]
                i += width
            }
            out += s[i...]
            return out
        }
        while done < limit, let match = firstRange(of: old, in: s, from: i) {
            out += s[i..<match]
            out += new
            i = match + old.count
            done += 1
        }
        out += s[i...]
        return out
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count - start else { return nil }
        var i = start
        let lastStart = haystack.count - needle.count
        while i <= lastStart {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// `${x#g}` and `${x##g}`: tries every non-empty byte prefix against the glob, as the fork does.
    private static func trimPrefix(_ s: [UInt8], pattern: [UInt8], longest: Bool) -> [UInt8] {
        var shortest = 0
        var length = s.count
        while length > 0 {
            guard let matched = try? Glob.match(pattern[...], s[..<length]) else { return s }
            if matched {
                if longest { return Array(s[length...]) }
                shortest = length
            }
            length -= 1
        }
        return shortest > 0 ? Array(s[shortest...]) : s
    }

    /// `${x%g}` and `${x%%g}`: the prefix trim applied to the code-point-reversed value and pattern, so a
    /// pattern like `[a-z]` reverses into nonsense exactly as it does in Flux.
    private static func trimSuffix(_ s: [UInt8], pattern: [UInt8], longest: Bool) -> [UInt8] {
        reversedScalars(trimPrefix(reversedScalars(s), pattern: reversedScalars(pattern), longest: longest))
    }

    private static func reversedScalars(_ bytes: [UInt8]) -> [UInt8] {
        var scalars: [Unicode.Scalar] = []
        var i = 0
        while i < bytes.count {
            let (scalar, width) = UTF8Decoder.decode(bytes, at: i)
            scalars.append(scalar)
            i += width
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for scalar in scalars.reversed() { out += UTF8Decoder.encode(scalar) }
        return out
    }

    private static func mapScalars(_ bytes: [UInt8], upper: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let (scalar, width) = UTF8Decoder.decode(bytes, at: i)
            out += UTF8Decoder.encode(simpleCase(scalar, upper: upper))
            i += width
        }
        return out
    }

    private static func mapFirstScalar(_ bytes: [UInt8], upper: Bool) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        let (scalar, width) = UTF8Decoder.decode(bytes, at: 0)
        return UTF8Decoder.encode(simpleCase(scalar, upper: upper)) + bytes[width...]
    }

    /// Go's `unicode.ToUpper`/`ToLower`: the one-to-one mapping, never the expanding one (`ß` stays `ß`).
    private static func simpleCase(_ scalar: Unicode.Scalar, upper: Bool) -> Unicode.Scalar {
        if scalar.isASCII {
            let v = scalar.value
            if upper, v >= 0x61, v <= 0x7A { return Unicode.Scalar(UInt8(v - 0x20)) }
            if !upper, v >= 0x41, v <= 0x5A { return Unicode.Scalar(UInt8(v + 0x20)) }
            return scalar
        }
        let full = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
        let scalars = full.unicodeScalars
        if scalars.count == 1, let only = scalars.first { return only }
        if !upper { return scalars.first ?? scalar }  // İ → i, as Go's simple mapping does
        // An expanding uppercase (ᾳ → ΑΙ) has a one-to-one form only where the titlecase is one code point.
        let title = scalar.properties.titlecaseMapping.unicodeScalars
        if title.count == 1, let only = title.first { return only }
        return scalar
    }
}

// MARK: - Byte constants

private let dollar = UInt8(ascii: "$")
private let openBrace = UInt8(ascii: "{")
private let plus = UInt8(ascii: "+")
private let minus = UInt8(ascii: "-")
private let zero = UInt8(ascii: "0")
private let nine = UInt8(ascii: "9")

// MARK: - Syntax tree

/// One piece of a parsed template.
private indirect enum Expr {
    /// Literal bytes.
    case text([UInt8])
    /// A `${…}` expression.
    case call(Call)
}

/// A `${…}` expression: the operator as written (`""` for a bare reference), the variable and the
/// operator's arguments, each a single text or nested expression.
private struct Call {
    var op: String
    var variable: String
    var args: [Expr]
}

// MARK: - Scanner

/// Which characters the scanner accepts into an identifier token; `i` is the token's byte length so far.
private enum Acceptor {
    case any, ident, colon, oneHash, notClosing, hashOperator, percentOperator, defaultOperator
    case replaceOperator, oneEqual, oneColon, notColonOrClose, slash, notSlash, casingOperator

    func accepts(_ r: UInt32, _ i: Int) -> Bool {
        switch self {
        case .any: true
        case .ident: Acceptor.isNameCharacter(r)
        case .colon: r == 0x3A
        case .oneHash: r == 0x23 && i == 1
        case .notClosing: r != 0x7D
        case .hashOperator: r == 0x23 && i < 3
        case .percentOperator: r == 0x25 && i < 3
        case .defaultOperator:
            (i == 1 && r == 0x3A) || (i == 2 && (r == 0x3D || r == 0x2D || r == 0x3F || r == 0x2B))
        case .replaceOperator: (i == 1 && r == 0x2F) || (i == 2 && (r == 0x2F || r == 0x23 || r == 0x25))
        case .oneEqual: i == 1 && r == 0x3D
        case .oneColon: i == 1 && r == 0x3A
        case .notColonOrClose: r != 0x3A && r != 0x7D
        case .slash: r == 0x2F
        case .notSlash: r != 0x2F
        case .casingOperator: (r == 0x2C || r == 0x5E) && i < 3
        }
    }

    /// Go's `unicode.IsLetter || unicode.IsDigit || '_'`.
    static func isNameCharacter(_ r: UInt32) -> Bool {
        if r < 0x80 {
            return (r >= 0x61 && r <= 0x7A) || (r >= 0x41 && r <= 0x5A) || (r >= 0x30 && r <= 0x39) || r == 0x5F
        }
        guard let scalar = Unicode.Scalar(r) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }
}

private enum Token { case illegal, eof, ident, openBrace, closeBrace }

/// The fork's rune scanner over a byte buffer.
///
/// The fork removes an escape character from its buffer as it goes; here positions stay in the original
/// buffer and the removed bytes are remembered per token, which gives the same tokens.
private struct Scanner {
    static let scanIdent: UInt8 = 1
    static let scanOpen: UInt8 = 2
    static let scanClose: UInt8 = 4
    static let scanEscape: UInt8 = 8
    static let escapeDollar: UInt8 = 1
    static let escapeBackslash: UInt8 = 2

    let buf: [UInt8]
    var pos = 0
    var start = 0
    var width = 0
    var mode: UInt8 = 0
    var escapes: UInt8 = 0
    var accept: Acceptor = .any
    var skipped: [Int] = []

    init(_ buf: [UInt8]) { self.buf = buf }

    /// The next code point, or 0 at the end (so a NUL byte also ends the input, as in the fork).
    mutating func read() -> UInt32 {
        guard pos < buf.count else {
            width = 0
            return 0
        }
        let (scalar, w) = UTF8Decoder.decode(buf, at: pos)
        width = w
        pos += w
        return scalar.value
    }

    mutating func unread() { pos -= width }

    mutating func peek() -> UInt32 {
        let r = read()
        unread()
        return r
    }

    /// Drops the escape character just read; the escaped character after it joins the token.
    mutating func skip() {
        skipped.append(pos - 1)
        pos += 1
    }

    /// The text of the token just scanned, without skipped escape characters.
    var token: [UInt8] {
        guard !skipped.isEmpty else { return Array(buf[start..<min(pos, buf.count)]) }
        var out: [UInt8] = []
        for i in start..<min(pos, buf.count) where !skipped.contains(i) { out.append(buf[i]) }
        return out
    }

    var tokenString: String { String(decoding: token, as: UTF8.self) }

    mutating func scan() -> Token {
        start = pos
        skipped.removeAll(keepingCapacity: true)
        let r = read()
        if r == 0 { return .eof }
        if scanOpenBrace(r) { return .openBrace }
        if scanCloseBrace(r) { return .closeBrace }
        if scanIdentifier(r) { return .ident }
        return .illegal
    }

    private mutating func scanIdentifier(_ first: UInt32) -> Bool {
        guard mode & Scanner.scanIdent != 0 else { return false }
        if isEscaped(first) {
            skip()
        } else if !accept.accepts(first, pos - start) {
            return false
        }
        while true {
            let r = read()
            if r == 0 {
                unread()
                break
            }
            if scanOpenBrace(r) {
                unread()
                unread()
                break
            }
            if isEscaped(r) {
                skip()
                continue
            }
            if !accept.accepts(r, pos - start) {
                unread()
                break
            }
        }
        return true
    }

    private mutating func scanOpenBrace(_ r: UInt32) -> Bool {
        guard mode & Scanner.scanOpen != 0, r == 0x24 else { return false }
        if read() == 0x7B { return true }
        unread()
        return false
    }

    private func scanCloseBrace(_ r: UInt32) -> Bool {
        mode & Scanner.scanClose != 0 && r == 0x7D
    }

    private mutating func isEscaped(_ r: UInt32) -> Bool {
        guard mode & Scanner.scanEscape != 0 else { return false }
        if r == 0x24 && escapes & Scanner.escapeDollar != 0 && peek() == 0x24 { return true }
        if r == 0x5C && escapes & Scanner.escapeBackslash != 0 {
            let next = peek()
            return next == 0x2F || next == 0x5C
        }
        return false
    }
}

// MARK: - Parser

/// The fork's recursive-descent parser, with its error messages.
private struct Parser {
    static let badSubstitution = EnvsubstError(message: "bad substitution")
    static let missingClosingBrace = EnvsubstError(message: "missing closing brace")
    static let variableName = EnvsubstError(message: "unable to parse variable name")
    static let functionArgument = EnvsubstError(message: "unable to parse substitution within function")
    static let defaultFunction = EnvsubstError(message: "unable to parse default function")

    var s: Scanner

    init(_ bytes: [UInt8]) { s = Scanner(bytes) }

    mutating func parse() throws(EnvsubstError) -> [Expr] {
        var exprs: [Expr] = []
        while true {
            s.accept = .any
            s.mode = Scanner.scanIdent | Scanner.scanOpen | Scanner.scanEscape
            s.escapes = Scanner.escapeDollar
            switch s.scan() {
            case .ident: exprs.append(.text(s.token))
            case .eof: return exprs
            case .openBrace: exprs.append(.call(try parseCall()))
            default: throw Parser.badSubstitution
            }
        }
    }

    private mutating func parseCall() throws(EnvsubstError) -> Call {
        s.escapes = Scanner.escapeDollar | Scanner.escapeBackslash
        if s.peek() == 0x23 { return try parseLength() }
        s.accept = .ident
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.variableName }
        let name = s.tokenString
        switch s.peek() {
        case 0x3A: return try parseDefaultOrSubstring(name)
        case 0x3D: return try parseDefault(name)
        case 0x2C, 0x5E: return try parseCasing(name)
        case 0x2F: return try parseReplace(name)
        case 0x23: return try parseRemove(name, .hashOperator)
        case 0x25: return try parseRemove(name, .percentOperator)
        default: break
        }
        s.accept = .ident
        s.mode = Scanner.scanClose
        guard s.scan() == .closeBrace else { throw Parser.missingClosingBrace }
        return Call(op: "", variable: name, args: [])
    }

    private mutating func parseArgument(_ accept: Acceptor, _ mode: UInt8) throws(EnvsubstError) -> Expr {
        s.accept = accept
        s.mode = mode | Scanner.scanOpen
        switch s.scan() {
        case .openBrace: return .call(try parseCall())
        case .ident, .closeBrace: return .text(s.token)
        default: throw Parser.functionArgument
        }
    }

    private mutating func parseDefaultOrSubstring(_ name: String) throws(EnvsubstError) -> Call {
        // The fork steps back with the width of the peeked character, not of the colon, and the quirk
        // is kept: it only matters for a non-ASCII character right after the colon.
        _ = s.read()
        let r = s.peek()
        s.unread()
        switch r {
        case 0x3D, 0x2D, 0x3F, 0x2B: return try parseDefault(name)
        default: return try parseSubstring(name)
        }
    }

    private mutating func parseSubstring(_ name: String) throws(EnvsubstError) -> Call {
        var call = Call(op: "", variable: name, args: [])
        s.accept = .oneColon
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.badSubstitution }
        call.op = s.tokenString
        call.args.append(try parseArgument(.notColonOrClose, Scanner.scanIdent))
        s.accept = .colon
        s.mode = Scanner.scanIdent | Scanner.scanClose
        switch s.scan() {
        case .closeBrace: return call
        case .ident: break
        default: throw Parser.badSubstitution
        }
        call.args.append(try parseArgument(.notClosing, Scanner.scanIdent))
        try consumeCloseBrace()
        return call
    }

    private mutating func parseRemove(_ name: String, _ accept: Acceptor) throws(EnvsubstError) -> Call {
        var call = Call(op: "", variable: name, args: [])
        s.accept = accept
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.badSubstitution }
        call.op = s.tokenString
        call.args.append(try parseArgument(.notClosing, Scanner.scanIdent))
        try consumeCloseBrace()
        return call
    }

    private mutating func parseReplace(_ name: String) throws(EnvsubstError) -> Call {
        var call = Call(op: "", variable: name, args: [])
        s.accept = .replaceOperator
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.badSubstitution }
        call.op = s.tokenString
        // v1.7.0 needs a non-empty pattern: `${x/#/p}` is a parse error there.
        call.args.append(try parseArgument(.notSlash, Scanner.scanIdent | Scanner.scanEscape))
        s.accept = .slash
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.badSubstitution }
        if s.peek() == 0x7D {
            try consumeCloseBrace()
            return call
        }
        call.args.append(try parseArgument(.notClosing, Scanner.scanIdent | Scanner.scanEscape))
        try consumeCloseBrace()
        return call
    }

    private mutating func parseDefault(_ name: String) throws(EnvsubstError) -> Call {
        var call = Call(op: "", variable: name, args: [])
        s.accept = s.peek() == 0x3D ? .oneEqual : .defaultOperator
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.defaultFunction }
        call.op = s.tokenString
        while true {
            if s.peek() == 0x7D {
                try consumeCloseBrace()
                return call
            }
            call.args.append(try parseArgument(.notClosing, Scanner.scanIdent))
        }
    }

    private mutating func parseCasing(_ name: String) throws(EnvsubstError) -> Call {
        var call = Call(op: "", variable: name, args: [])
        s.accept = .casingOperator
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.badSubstitution }
        call.op = s.tokenString
        try consumeCloseBrace()
        return call
    }

    private mutating func parseLength() throws(EnvsubstError) -> Call {
        var call = Call(op: "", variable: "", args: [])
        s.accept = .oneHash
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.badSubstitution }
        call.op = s.tokenString
        s.accept = .ident
        s.mode = Scanner.scanIdent
        guard s.scan() == .ident else { throw Parser.badSubstitution }
        call.variable = s.tokenString
        try consumeCloseBrace()
        return call
    }

    private mutating func consumeCloseBrace() throws(EnvsubstError) {
        s.mode = Scanner.scanClose
        guard s.scan() == .closeBrace else { throw Parser.badSubstitution }
    }
}

// MARK: - Glob

/// The fork's glob matcher: Go's `path.Match` changed so that `*` and `?` also match `/`.
///
/// Like the original it commits to the leftmost match of each chunk after a star; with only `*`, `?`,
/// classes and literals that is never wrong.
private enum Glob {
    struct BadPattern: Error {}

    static func match(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) throws(BadPattern) -> Bool {
        var pattern = pattern
        var name = name
        nextChunk: while !pattern.isEmpty {
            let (star, chunk, rest) = scanChunk(pattern)
            pattern = rest
            if star && chunk.isEmpty { return true }
            let first = try matchChunk(chunk, name)
            if let remainder = first, remainder.isEmpty || !pattern.isEmpty {
                name = remainder
                continue
            }
            if star {
                var i = name.startIndex
                while i < name.endIndex {
                    if let remainder = try matchChunk(chunk, name[(i + 1)...]) {
                        if pattern.isEmpty && !remainder.isEmpty {
                            i += 1
                            continue
                        }
                        name = remainder
                        continue nextChunk
                    }
                    i += 1
                }
            }
            return false
        }
        return name.isEmpty
    }

    private static func scanChunk(
        _ pattern: ArraySlice<UInt8>
    ) -> (star: Bool, chunk: ArraySlice<UInt8>, rest: ArraySlice<UInt8>) {
        var pattern = pattern
        var star = false
        while pattern.first == UInt8(ascii: "*") {
            pattern = pattern.dropFirst()
            star = true
        }
        var inRange = false
        var i = pattern.startIndex
        scan: while i < pattern.endIndex {
            switch pattern[i] {
            case UInt8(ascii: "\\"):
                if i + 1 < pattern.endIndex { i += 1 }
            case UInt8(ascii: "["):
                inRange = true
            case UInt8(ascii: "]"):
                inRange = false
            case UInt8(ascii: "*"):
                if !inRange { break scan }
            default:
                break
            }
            i += 1
        }
        return (star, pattern[..<i], pattern[i...])
    }

    /// Matches `chunk` at the start of `s`; returns what is left of `s`, or `nil` when it does not match.
    private static func matchChunk(
        _ chunk: ArraySlice<UInt8>,
        _ s: ArraySlice<UInt8>
    ) throws(BadPattern) -> ArraySlice<UInt8>? {
        var chunk = chunk
        var s = s
        while let c = chunk.first {
            guard !s.isEmpty else { return nil }
            switch c {
            case UInt8(ascii: "["):
                let (r, width) = UTF8Decoder.decode(s)
                s = s.dropFirst(width)
                chunk = chunk.dropFirst()
                var negated = false
                if chunk.first == UInt8(ascii: "^") {
                    negated = true
                    chunk = chunk.dropFirst()
                }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == UInt8(ascii: "]") && ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    let lo = try escapedScalar(&chunk)
                    var hi = lo
                    if chunk.first == UInt8(ascii: "-") {
                        chunk = chunk.dropFirst()
                        hi = try escapedScalar(&chunk)
                    }
                    if lo <= r.value && r.value <= hi { matched = true }
                    ranges += 1
                }
                if matched == negated { return nil }
            case UInt8(ascii: "?"):
                s = s.dropFirst(UTF8Decoder.decode(s).width)
                chunk = chunk.dropFirst()
            default:
                if c == UInt8(ascii: "\\") {
                    chunk = chunk.dropFirst()
                    guard !chunk.isEmpty else { throw BadPattern() }
                }
                guard let literal = chunk.first, literal == s.first else { return nil }
                s = s.dropFirst()
                chunk = chunk.dropFirst()
            }
        }
        return s
    }

    /// A possibly escaped code point of a character class; a class may not end right after it.
    private static func escapedScalar(_ chunk: inout ArraySlice<UInt8>) throws(BadPattern) -> UInt32 {
        guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else {
            throw BadPattern()
        }
        if first == UInt8(ascii: "\\") {
            chunk = chunk.dropFirst()
            guard !chunk.isEmpty else { throw BadPattern() }
        }
        let (scalar, width) = UTF8Decoder.decode(chunk)
        chunk = chunk.dropFirst(width)
        guard !chunk.isEmpty, scalar != "\u{FFFD}" || width != 1 else { throw BadPattern() }
        return scalar.value
    }
}

// MARK: - UTF-8

/// Go's `utf8.DecodeRune` on bytes: an invalid sequence is U+FFFD, one byte wide.
enum UTF8Decoder {
    static func decode(_ bytes: [UInt8], at i: Int) -> (Unicode.Scalar, Int) {
        decode(bytes[i...])
    }

    static func decode(_ bytes: ArraySlice<UInt8>) -> (scalar: Unicode.Scalar, width: Int) {
        let replacement: (Unicode.Scalar, Int) = ("\u{FFFD}", 1)
        guard let b0 = bytes.first else { return replacement }
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let i = bytes.startIndex
        func continuation(_ k: Int) -> UInt32? {
            guard i + k < bytes.endIndex else { return nil }
            let b = bytes[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        let value: UInt32
        let width: Int
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = continuation(1) else { return replacement }
            value = (UInt32(b0 & 0x1F) << 6) | c1
            width = 2
        case 0xE0...0xEF:
            guard let c1 = continuation(1), let c2 = continuation(2) else { return replacement }
            value = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
            guard value >= 0x800, !(0xD800...0xDFFF).contains(value) else { return replacement }
            width = 3
        case 0xF0...0xF4:
            guard let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) else {
                return replacement
            }
            value = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            guard value >= 0x10000, value <= 0x10FFFF else { return replacement }
            width = 4
        default:
            return replacement
        }
        guard let scalar = Unicode.Scalar(value) else { return replacement }
        return (scalar, width)
    }

    static func width(_ bytes: [UInt8], at i: Int) -> Int { decode(bytes, at: i).1 }

    static func encode(_ scalar: Unicode.Scalar) -> [UInt8] {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            return [UInt8(v)]
        case 0x80..<0x800:
            return [UInt8(0xC0 | (v >> 6)), UInt8(0x80 | (v & 0x3F))]
        case 0x800..<0x10000:
            return [UInt8(0xE0 | (v >> 12)), UInt8(0x80 | ((v >> 6) & 0x3F)), UInt8(0x80 | (v & 0x3F))]
        default:
            return [
                UInt8(0xF0 | (v >> 18)), UInt8(0x80 | ((v >> 12) & 0x3F)), UInt8(0x80 | ((v >> 6) & 0x3F)),
                UInt8(0x80 | (v & 0x3F)),
            ]
        }
    }
}
