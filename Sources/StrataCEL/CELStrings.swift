import Foundation

/// The string extension functions, which count positions in Unicode code points.
enum CELStrings {
    static func handles(_ name: String) -> Bool {
        switch name {
        case "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "substring", "trim",
            "format":
            true
        default: false
        }
    }

    /// The code point index of the first occurrence of `needle` at or after `from`.
    static func index(of needle: String, in haystack: String, from: Int) -> Int? {
        let h = Array(haystack.unicodeScalars)
        let n = Array(needle.unicodeScalars)
        return index(of: n, in: h, from: from)
    }

    private static func index(of n: [Unicode.Scalar], in h: [Unicode.Scalar], from: Int) -> Int? {
        guard n.count <= h.count else { return nil }
        var i = from
        while i + n.count <= h.count {
            if h[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    private static func int(_ v: CELValue, _ fail: () -> CELEvalError) throws(CELEvalError) -> Int {
        guard case .int(let i) = v else { throw fail() }
        return Int(clamping: i)
    }

    private static func str(_ v: CELValue, _ fail: () -> CELEvalError) throws(CELEvalError) -> String {
        guard case .string(let s) = v else { throw fail() }
        return s
    }

    static func call(
        _ name: String,
        _ s: String,
        _ args: [CELValue],
        _ fail: () -> CELEvalError
    ) throws(CELEvalError) -> CELValue {
        let scalars = Array(s.unicodeScalars)
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
            var out = ""
            out.unicodeScalars.append(contentsOf: slice)
            return out
        }
        switch (name, args.count) {
        case ("charAt", 1):
            let i = try int(args[0], fail)
            guard i >= 0, i <= scalars.count else { throw CELEvalError("index out of range: \(i)") }
            return .string(i == scalars.count ? "" : String(scalars[i]))
        case ("indexOf", 1), ("indexOf", 2):
            let sub = Array(try str(args[0], fail).unicodeScalars)
            let from = args.count == 2 ? try int(args[1], fail) : 0
            guard from >= 0, from <= scalars.count else { throw CELEvalError("index out of range: \(from)") }
            return .int(Int64(index(of: sub, in: scalars, from: from) ?? -1))
        case ("lastIndexOf", 1), ("lastIndexOf", 2):
            let sub = Array(try str(args[0], fail).unicodeScalars)
            let from = args.count == 2 ? try int(args[1], fail) : scalars.count
            guard from >= 0, from <= scalars.count else { throw CELEvalError("index out of range: \(from)") }
            var i = min(from, scalars.count - sub.count)
            while i >= 0 {
                if scalars[i..<(i + sub.count)].elementsEqual(sub) { return .int(Int64(i)) }
                i -= 1
            }
            return .int(-1)
        case ("lowerAscii", 0):
            return .string(
                string(scalars.map { $0 >= "A" && $0 <= "Z" ? Unicode.Scalar($0.value + 32) ?? $0 : $0 }[...])
            )
        case ("upperAscii", 0):
            return .string(
                string(scalars.map { $0 >= "a" && $0 <= "z" ? Unicode.Scalar($0.value - 32) ?? $0 : $0 }[...])
            )
        case ("trim", 0):
            var slice = scalars[...]
            while let f = slice.first, f.properties.isWhitespace { slice = slice.dropFirst() }
            while let l = slice.last, l.properties.isWhitespace { slice = slice.dropLast() }
            return .string(string(slice))
        case ("replace", 2), ("replace", 3):
            let old = Array(try str(args[0], fail).unicodeScalars)
            let new = try str(args[1], fail)
            var limit = args.count == 3 ? try int(args[2], fail) : -1
            var out = ""
            var i = 0
            while i <= scalars.count, limit != 0 {
                if old.isEmpty {
                    // An empty pattern matches before every code point and at the end.
                    out += new
                    limit -= 1
                    if i < scalars.count { out.unicodeScalars.append(scalars[i]) }
                    i += 1
                    continue
                }
                guard let next = index(of: old, in: scalars, from: i) else { break }
                out += string(scalars[i..<next]) + new
                i = next + old.count
                limit -= 1
            }
            if i < scalars.count { out += string(scalars[i...]) }
            return .string(out)
        case ("split", 1), ("split", 2):
            let sep = Array(try str(args[0], fail).unicodeScalars)
            let n = args.count == 2 ? try int(args[1], fail) : -1
            if n == 0 { return .list([]) }
            var parts: [String] = []
            if sep.isEmpty {
                for (k, c) in scalars.enumerated() {
                    if n > 0, parts.count == n - 1 {
                        parts.append(string(scalars[k...]))
                        break
                    }
                    parts.append(String(c))
                }
                return .list(parts.map(CELValue.string))
            }
            var i = 0
            while n < 0 || parts.count < n - 1, let next = index(of: sep, in: scalars, from: i) {
                parts.append(string(scalars[i..<next]))
                i = next + sep.count
            }
            parts.append(string(scalars[i...]))
            return .list(parts.map(CELValue.string))
        case ("substring", 1), ("substring", 2):
            let start = try int(args[0], fail)
            let end = args.count == 2 ? try int(args[1], fail) : scalars.count
            guard start >= 0, start <= scalars.count else { throw CELEvalError("index out of range: \(start)") }
            guard end >= 0, end <= scalars.count else { throw CELEvalError("index out of range: \(end)") }
            guard start <= end else { throw CELEvalError("invalid substring range. start: \(start), end: \(end)") }
            return .string(string(scalars[start..<end]))
        case ("format", 1):
            guard case .list(let values) = args[0] else { throw fail() }
            return .string(try format(scalars, values))
        default:
            throw fail()
        }
    }

    /// `"%s has %d items".format([name, n])`: the verbs `%s %d %f %e %x %X %o %b %%` with an optional precision.
    static func format(_ f: [Unicode.Scalar], _ values: [CELValue]) throws(CELEvalError) -> String {
        var out = ""
        var i = 0
        var next = 0
        while i < f.count {
            let c = f[i]
            i += 1
            guard c == "%" else {
                out.unicodeScalars.append(c)
                continue
            }
            guard i < f.count else { throw CELEvalError("format: unterminated verb") }
            if f[i] == "%" {
                out += "%"
                i += 1
                continue
            }
            var precision: Int?
            if f[i] == "." {
                i += 1
                var p = 0
                while i < f.count, f[i] >= "0", f[i] <= "9" {
                    p = p * 10 + Int(f[i].value - 48)
                    i += 1
                }
                precision = p
            }
            guard i < f.count else { throw CELEvalError("format: unterminated verb") }
            let verb = f[i]
            i += 1
            guard next < values.count else { throw CELEvalError("format: index \(next) out of range") }
            let v = values[next]
            next += 1
            switch (verb, v) {
            case ("s", _): out += try formatString(v)
            case ("d", .int(let n)): out += String(n)
            case ("d", .uint(let n)): out += String(n)
            case ("f", .double(let d)): out += fixed(d, precision ?? 6)
            case ("f", .int(let n)): out += fixed(Double(n), precision ?? 6)
            case ("f", .uint(let n)): out += fixed(Double(n), precision ?? 6)
            case ("e", .double(let d)): out += String(format: "%.\(precision ?? 6)e", d)
            case ("x", .int(let n)): out += (n < 0 ? "-" : "") + String(n.magnitude, radix: 16)
            case ("x", .uint(let n)): out += String(n, radix: 16)
            case ("X", .int(let n)): out += (n < 0 ? "-" : "") + String(n.magnitude, radix: 16).uppercased()
            case ("X", .uint(let n)): out += String(n, radix: 16).uppercased()
            case ("x", .string(let s)): out += s.utf8.map { String(format: "%02x", $0) }.joined()
            case ("X", .string(let s)): out += s.utf8.map { String(format: "%02X", $0) }.joined()
            case ("o", .int(let n)): out += (n < 0 ? "-" : "") + String(n.magnitude, radix: 8)
            case ("o", .uint(let n)): out += String(n, radix: 8)
            case ("b", .int(let n)): out += (n < 0 ? "-" : "") + String(n.magnitude, radix: 2)
            case ("b", .uint(let n)): out += String(n, radix: 2)
            case ("b", .bool(let b)): out += b ? "true" : "false"
            default: throw CELEvalError("format: invalid verb %\(verb) for \(v.celType.name)")
            }
        }
        return out
    }

    private static func fixed(_ d: Double, _ precision: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return String(format: "%.\(precision)f", d)
    }

    private static func formatString(_ v: CELValue) throws(CELEvalError) -> String {
        switch v {
        case .string(let s): return s
        case .list(let items):
            return "[" + (try items.map { (x) throws(CELEvalError) in try formatString(x) }).joined(separator: ", ")
                + "]"
        case .map(let m):
            var parts: [String] = []
            for (k, x) in m.entries { parts.append(try formatString(k) + ": " + formatString(x)) }
            return "{" + parts.sorted().joined(separator: ", ") + "}"
        case .null: return "null"
        default:
            if case .string(let s) = try CELConversions.toString(v) { return s }
            return v.description
        }
    }
}
