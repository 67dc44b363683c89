import Foundation

/// The standard functions and the Kubernetes extension libraries.
extension CELInterpreter {
    func regexCall(
        _ name: String,
        subject: CELValue,
        regex: CELRegex,
        extra: [CELValue]
    ) throws(CELEvalError) -> CELValue {
        guard case .string(let s) = subject else { throw CELEvalError.noOverload(name, [subject]) }
        switch name {
        case "matches": return .bool(regex.matches(s))
        case "find": return .string(regex.find(s) ?? "")
        default:
            var limit = -1
            if let first = extra.first {
                guard case .int(let n) = first else { throw CELEvalError.noOverload(name, [subject] + extra) }
                limit = Int(clamping: n)
            }
            return .list(regex.findAll(s, limit: limit).map(CELValue.string))
        }
    }

    private func compiled(_ pattern: CELValue, _ name: String) throws(CELEvalError) -> CELRegex {
        guard case .string(let p) = pattern else { throw CELEvalError.noOverload(name, [pattern]) }
        switch regexCache.regex(p) {
        case .success(let r): return r
        case .failure(let e): throw CELEvalError(e.message)
        }
    }

    mutating func call(_ name: String, receiver: CELValue?, args: [CELValue]) throws(CELEvalError) -> CELValue {
        // Normalise `f(x, ...)` and `x.f(...)` to a receiver plus arguments where both forms exist.
        var this = receiver
        var rest = args
        if this == nil, !args.isEmpty, !["sets.contains", "sets.equivalent", "sets.intersects"].contains(name) {
            this = args[0]
            rest = Array(args.dropFirst())
        }
        let all = (this.map { [$0] } ?? []) + rest
        func fail() -> CELEvalError { CELEvalError.noOverload(name, all) }

        switch (name, this, rest.first) {
        // MARK: Core
        case ("size", .string(let s)?, nil): return .int(Int64(s.unicodeScalars.count))
        case ("size", .bytes(let b)?, nil): return .int(Int64(b.count))
        case ("size", .list(let l)?, nil): return .int(Int64(l.count))
        case ("size", .map(let m)?, nil): return .int(Int64(m.count))
        case ("type", let v?, nil): return .type(v.celType)
        case ("dyn", let v?, nil): return v
        case ("int", let v?, nil): return try CELConversions.toInt(v)
        case ("uint", let v?, nil): return try CELConversions.toUInt(v)
        case ("double", let v?, nil): return try CELConversions.toDouble(v)
        case ("string", let v?, nil): return try CELConversions.toString(v)
        case ("bytes", .bytes(let b)?, nil): return .bytes(b)
        case ("bytes", .string(let s)?, nil): return .bytes(Array(s.utf8))
        case ("bool", .bool(let b)?, nil): return .bool(b)
        case ("bool", .string(let s)?, nil):
            switch s {
            case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
            default: throw CELEvalError("type conversion error from 'string' to 'bool'")
            }
        case ("duration", .duration(let d)?, nil): return .duration(d)
        case ("duration", .string(let s)?, nil):
            guard let d = CELDuration(parsing: s) else { throw CELEvalError("invalid duration: \(CELValue.quote(s))") }
            return .duration(d)
        case ("timestamp", .timestamp(let t)?, nil): return .timestamp(t)
        case ("timestamp", .string(let s)?, nil):
            guard let t = CELTimestamp(parsing: s) else {
                throw CELEvalError("invalid timestamp: \(CELValue.quote(s))")
            }
            return .timestamp(t)
        case ("timestamp", .int(let i)?, nil):
            guard let t = CELTimestamp(seconds: i) else { throw CELEvalError("timestamp overflow") }
            return .timestamp(t)
        case ("matches", .string(let s)?, let p?): return .bool(try compiled(p, name).matches(s))
        case ("find", .string(let s)?, let p?): return .string(try compiled(p, name).find(s) ?? "")
        case ("findAll", .string(let s)?, let p?):
            var limit = -1
            if rest.count == 2 {
                guard case .int(let n) = rest[1] else { throw fail() }
                limit = Int(clamping: n)
            }
            return .list(try compiled(p, name).findAll(s, limit: limit).map(CELValue.string))
        case ("startsWith", .string(let s)?, .string(let p)?):
            return .bool(s.unicodeScalars.starts(with: p.unicodeScalars))
        case ("endsWith", .string(let s)?, .string(let p)?):
            return .bool(s.unicodeScalars.reversed().starts(with: p.unicodeScalars.reversed()))
        case ("contains", .string(let s)?, .string(let p)?):
            return .bool(p.isEmpty || CELStrings.index(of: p, in: s, from: 0) != nil)

        // MARK: Timestamps and durations
        case (_, .timestamp(let t)?, _) where name.hasPrefix("get"):
            var offset = 0
            if let zone = rest.first {
                guard case .string(let z) = zone, let o = t.offset(inZone: z) else {
                    throw CELEvalError("invalid time zone: \(zone)")
                }
                offset = o
            }
            let c = t.civil(offsetSeconds: offset)
            switch name {
            case "getFullYear": return .int(Int64(c.year))
            case "getMonth": return .int(Int64(c.month - 1))
            case "getDate": return .int(Int64(c.day))
            case "getDayOfMonth": return .int(Int64(c.day - 1))
            case "getDayOfWeek": return .int(Int64(c.dayOfWeek))
            case "getDayOfYear": return .int(Int64(c.dayOfYear))
            case "getHours": return .int(Int64(c.hour))
            case "getMinutes": return .int(Int64(c.minute))
            case "getSeconds": return .int(Int64(c.second))
            case "getMilliseconds": return .int(Int64(t.nanos / 1_000_000))
            default: throw fail()
            }
        case (_, .duration(let d)?, nil) where name.hasPrefix("get"):
            switch name {
            case "getHours": return .int(d.nanoseconds / 3_600_000_000_000)
            case "getMinutes": return .int(d.nanoseconds / 60_000_000_000)
            case "getSeconds": return .int(d.nanoseconds / 1_000_000_000)
            case "getMilliseconds": return .int(d.nanoseconds % 1_000_000_000 / 1_000_000)
            default: throw fail()
            }

        // MARK: Strings extension
        case (_, .string(let s)?, _) where CELStrings.handles(name):
            return try CELStrings.call(name, s, rest, fail)
        case ("join", .list(let items)?, _):
            var sep = ""
            if let first = rest.first {
                guard case .string(let x) = first else { throw fail() }
                sep = x
            }
            var parts: [String] = []
            for item in items {
                guard case .string(let x) = item else { throw fail() }
                parts.append(x)
            }
            return .string(parts.joined(separator: sep))
        case ("strings.quote", .string(let s)?, nil): return .string(CELValue.quote(s))

        // MARK: Kubernetes lists
        case ("isSorted", .list(let l)?, nil):
            for (a, b) in zip(l, l.dropFirst()) where try CELInterpreter.compare(a, b, "isSorted") > 0 {
                return .bool(false)
            }
            return .bool(true)
        case ("sum", .list(let l)?, nil):
            guard var total = l.first else { return .int(0) }
            for v in l.dropFirst() { total = try CELInterpreter.add(total, v) }
            return total
        case ("min", .list(let l)?, nil), ("max", .list(let l)?, nil):
            guard var best = l.first else { throw CELEvalError("\(name) called on an empty list") }
            for v in l.dropFirst() {
                let c = try CELInterpreter.compare(v, best, name)
                if (name == "min" && c < 0) || (name == "max" && c > 0) { best = v }
            }
            return best
        case ("indexOf", .list(let l)?, let x?):
            return .int(Int64(l.firstIndex { CELInterpreter.equal($0, x) } ?? -1))
        case ("lastIndexOf", .list(let l)?, let x?):
            return .int(Int64(l.lastIndex { CELInterpreter.equal($0, x) } ?? -1))

        // MARK: Sets extension
        case ("sets.contains", _, _), ("sets.equivalent", _, _), ("sets.intersects", _, _):
            guard case .list(let a) = args[0], case .list(let b) = args[1] else { throw fail() }
            let aInB = { (x: CELValue) in b.contains { CELInterpreter.equal(x, $0) } }
            let bInA = { (x: CELValue) in a.contains { CELInterpreter.equal(x, $0) } }
            switch name {
            case "sets.contains": return .bool(b.allSatisfy(bInA))
            case "sets.equivalent": return .bool(b.allSatisfy(bInA) && a.allSatisfy(aInB))
            default: return .bool(a.contains(where: aInB))
            }

        // MARK: Optional values
        case ("optional.of", let v?, nil): return .optional(v)
        case ("optional.none", nil, nil): return .optional(nil)
        case ("optional.ofNonZeroValue", let v?, nil): return .optional(CELConversions.isZero(v) ? nil : v)
        case ("hasValue", .optional(let v)?, nil): return .bool(v != nil)
        case ("value", .optional(let v)?, nil):
            guard let v else { throw CELEvalError("optional.none() dereference") }
            return v
        case ("orValue", .optional(let v)?, let other?): return v ?? other
        case ("or", .optional(let v)?, let other?):
            guard case .optional = other else { throw fail() }
            return v.map { .optional($0) } ?? other

        // MARK: Kubernetes URLs, quantities, IPs and CIDRs
        case ("url", .string(let s)?, nil):
            guard let u = CELURL(parsing: s) else {
                throw CELEvalError("URL parse error during conversion from string: \(s)")
            }
            return .url(u)
        case ("isURL", .string(let s)?, nil): return .bool(CELURL(parsing: s) != nil)
        case (_, .url(let u)?, nil): return try u.call(name, fail)
        case ("quantity", .string(let s)?, nil):
            guard let q = CELQuantity(parsing: s) else {
                throw CELEvalError("quantities must match the regular expression")
            }
            return .quantity(q)
        case ("isQuantity", .string(let s)?, nil): return .bool(CELQuantity(parsing: s) != nil)
        case (_, .quantity(let q)?, _): return try q.call(name, rest, fail)
        case ("ip", .string(let s)?, nil):
            guard let ip = CELIPAddress(parsing: s) else {
                throw CELEvalError("IP Address \(CELValue.quote(s)) parse error")
            }
            return .ip(ip)
        case ("isIP", .string(let s)?, nil): return .bool(CELIPAddress(parsing: s) != nil)
        case (_, .ip(let ip)?, nil): return try ip.call(name, fail)
        case ("cidr", .string(let s)?, nil):
            guard let c = CELCIDR(parsing: s) else {
                throw CELEvalError("network address parse error during conversion from string: \(s)")
            }
            return .cidr(c)
        case ("isCIDR", .string(let s)?, nil): return .bool(CELCIDR(parsing: s) != nil)
        case (_, .cidr(let c)?, _): return try c.call(name, rest, fail)
        case ("isSemver", .string(let s)?, _), ("semver", .string(let s)?, _):
            var normalize = false
            if let flag = rest.first {
                guard case .bool(let b) = flag else { throw fail() }
                normalize = b
            }
            let version = CELSemver(parsing: s, normalize: normalize)
            if name == "isSemver" { return .bool(version != nil) }
            guard let version else { throw CELEvalError("invalid semver: \(s)") }
            return .semver(version)
        case (_, .semver(let v)?, _): return try v.call(name, rest, fail)
        case ("format.named", .string(let s)?, nil): return .optional(CELFormat.names.contains(s) ? .format(s) : nil)
        case (_, nil, nil) where name.hasPrefix("format."): return .format(String(name.dropFirst("format.".count)))
        case ("validate", .format(let f)?, .string(let s)?):
            let problems = CELFormat.validate(f, s)
            return .optional(problems.isEmpty ? nil : .list(problems.map(CELValue.string)))
        default:
            throw fail()
        }
    }
}
