import Foundation

/// A compiled RE2 pattern, translated to ICU syntax for `NSRegularExpression` so that matches agree with Go's
/// `regexp` package: ASCII-only `\d`, `\w`, `\s`, `$` only at the end of the text unless `(?m)`, only `\n`
/// ending lines, and no backreferences or lookaround (RE2 rejects them).
final class CELRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    let pattern: String
    private let regex: NSRegularExpression

    private init(pattern: String, regex: NSRegularExpression) {
        self.pattern = pattern
        self.regex = regex
    }

    /// Compiles an RE2 pattern, or returns why it is not valid RE2 (or not translatable).
    static func compile(_ pattern: String) -> Result<CELRegex, CELCompileError> {
        switch translate(pattern) {
        case .failure(let e): return .failure(e)
        case .success(let icu):
            do {
                let regex = try NSRegularExpression(pattern: icu, options: [.useUnixLineSeparators])
                return .success(CELRegex(pattern: pattern, regex: regex))
            } catch {
                return .failure(
                    CELCompileError(message: "invalid regular expression '\(pattern)'", unsupported: false, offset: 0)
                )
            }
        }
    }

    /// Whether the pattern matches anywhere in the text.
    func matches(_ text: String) -> Bool {
        let ns = text as NSString
        return regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// The first match, or `nil`.
    func find(_ text: String) -> String? {
        let ns = text as NSString
        guard let m = regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) else {
            return nil
        }
        return ns.substring(with: m.range)
    }

    /// Up to `limit` matches (all when negative).
    func findAll(_ text: String, limit: Int) -> [String] {
        let ns = text as NSString
        var out: [String] = []
        for m in regex.matches(in: text, options: [], range: NSRange(location: 0, length: ns.length)) {
            if limit >= 0, out.count >= limit { break }
            out.append(ns.substring(with: m.range))
        }
        return out
    }

    private static func fail(
        _ message: String,
        _ offset: Int,
        unsupported: Bool = false
    ) -> Result<String, CELCompileError> {
        .failure(CELCompileError(message: message, unsupported: unsupported, offset: offset))
    }

    /// Rewrites RE2 syntax into equivalent ICU syntax.
    static func translate(_ pattern: String) -> Result<String, CELCompileError> {
        let p = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        // Multi-line flag state per open group, so `$` keeps its RE2 meaning.
        var multiline: [Bool] = [false]
        var inClass = false
        var classStart = 0
        var afterQuantifier = false
        func emit(_ s: String) { out += s }
        while i < p.count {
            let c = p[i]
            let repeatsRepetition = afterQuantifier
            afterQuantifier = false
            if c == "\\" {
                guard i + 1 < p.count else { return fail("trailing backslash in regular expression", i) }
                let e = p[i + 1]
                i += 2
                switch e {
                case "d": emit(inClass ? "0-9" : "[0-9]")
                case "D": emit("[^0-9]")
                case "w": emit(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]")
                case "W": emit("[^0-9A-Za-z_]")
                case "s": emit(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]")
                case "S": emit("[^\\t\\n\\f\\r ]")
                case "1"..."9": return fail("backreferences are not valid RE2", i - 2)
                case "C": return fail("\\C is not supported", i - 2, unsupported: true)
                case "Z": return fail("\\Z is not valid RE2", i - 2)
                default:
                    emit("\\")
                    out.unicodeScalars.append(e)
                }
                continue
            }
            if inClass {
                if c == "[" {
                    // POSIX classes like [:alpha:] are ASCII in RE2.
                    if i + 1 < p.count, p[i + 1] == ":" {
                        let rest = String(String.UnicodeScalarView(p[i...].prefix(12)))
                        if let close = rest.range(of: ":]") {
                            let name = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound])
                            let negated = name.hasPrefix("^")
                            guard let set = posix[negated ? String(name.dropFirst()) : name] else {
                                return fail("unknown character class [:\(name):]", i)
                            }
                            emit(negated ? "[^\(set)]" : set)
                            i += name.unicodeScalars.count + 4
                            continue
                        }
                    }
                    emit("\\[")
                } else if c == "]" && i > classStart {
                    inClass = false
                    emit("]")
                } else if c == "&" || c == "~" || c == "{" || c == "}" {
                    emit("\\")
                    out.unicodeScalars.append(c)
                } else {
                    out.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                emit("[")
                i += 1
                if i < p.count, p[i] == "^" {
                    emit("^")
                    i += 1
                }
                classStart = i
                // A leading ']' is a literal in RE2.
                if i < p.count, p[i] == "]" {
                    emit("\\]")
                    i += 1
                }
            case "(":
                if i + 1 < p.count, p[i + 1] == "?" {
                    var j = i + 2
                    if j < p.count, p[j] == "P", j + 1 < p.count, p[j + 1] == "<" {
                        emit("(?<")
                        i = j + 2
                        multiline.append(multiline.last ?? false)
                        continue
                    }
                    if j < p.count, p[j] == "=" || p[j] == "!" || p[j] == "<" {
                        return fail("lookaround is not valid RE2", i)
                    }
                    var flags = ""
                    while j < p.count, p[j] != ")" && p[j] != ":" {
                        flags.unicodeScalars.append(p[j])
                        j += 1
                    }
                    guard j < p.count else { return fail("missing ')' in regular expression", i) }
                    let on = flags.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                    guard flags.unicodeScalars.allSatisfy({ "imsU-".unicodeScalars.contains($0) }) else {
                        return fail("invalid flags (?\(flags)) in regular expression", i)
                    }
                    if flags.contains("U") { return fail("the U flag is not supported", i, unsupported: true) }
                    var m = multiline.last ?? false
                    if on.first?.contains("m") == true { m = true }
                    if on.count > 1, on[1].contains("m") { m = false }
                    if p[j] == ")" {
                        // A bare flag group changes the rest of the enclosing group.
                        multiline[multiline.count - 1] = m
                    } else {
                        multiline.append(m)
                    }
                    emit("(?")
                    emit(flags)
                    out.unicodeScalars.append(p[j])
                    i = j + 1
                    continue
                }
                multiline.append(multiline.last ?? false)
                emit("(")
                i += 1
            case ")":
                if multiline.count > 1 { multiline.removeLast() }
                emit(")")
                i += 1
            case "$":
                emit((multiline.last ?? false) ? "$" : "\\z")
                i += 1
            case "+" where repeatsRepetition:
                // ICU reads `a*+` as possessive; RE2 rejects a repeated repetition.
                return fail("invalid nested repetition operator in regular expression", i)
            default:
                out.unicodeScalars.append(c)
                i += 1
            }
            afterQuantifier = "*+?}".unicodeScalars.contains(c)
        }
        if inClass { return fail("missing ']' in regular expression", classStart) }
        return .success(out)
    }

    private static let posix: [String: String] = [
        "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7F", "blank": "\\t ", "cntrl": "\\x00-\\x1F\\x7F",
        "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~",
        "space": "\\t\\n\\x0B\\f\\r ", "upper": "A-Z", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
    ]
}
