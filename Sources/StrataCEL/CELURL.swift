/// A URL as the Kubernetes `url()` function accepts it: an absolute URI or an absolute path.
public struct CELURL: Sendable, Hashable {
    /// The text the URL was parsed from.
    public var text: String
    var scheme: String
    var host: String  // host[:port] as written, IPv6 in brackets
    var escapedPath: String
    var rawQuery: String

    /// Parses a URL, or returns `nil` when it is neither an absolute URI nor an absolute path.
    public init?(parsing text: String) {
        guard !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else { return nil }
        self.text = text
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        scheme = ""
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isLetter,
            rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        rawQuery = ""
        if let q = rest.firstIndex(of: "?") {
            rawQuery = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        host = ""
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<end]
            rest = rest[end...]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            host = String(authority)
            if let port = CELURL.port(of: host) {
                guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            }
        } else if scheme.isEmpty, !rest.hasPrefix("/") {
            return nil
        }
        guard CELURL.validEscapes(rest), CELURL.validEscapes(Substring(rawQuery)) else { return nil }
        escapedPath = String(rest)
    }

    private static func validEscapes(_ s: Substring) -> Bool {
        var it = s.makeIterator()
        while let c = it.next() {
            if c == "%" {
                guard let a = it.next(), let b = it.next(), a.isHexDigit, b.isHexDigit else { return false }
            }
        }
        return true
    }

    private static func port(of host: String) -> Substring? {
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let after = host[host.index(after: close)...]
            return after.hasPrefix(":") ? after.dropFirst() : nil
        }
        guard let colon = host.lastIndex(of: ":") else { return nil }
        return host[host.index(after: colon)...]
    }

    private var hostname: String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
        return host
    }

    private static func unescape(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        var u = Array(s.utf8)[...]
        while let c = u.first {
            u = u.dropFirst()
            if c == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"), u.count >= 2,
                let v = UInt8(String(decoding: u.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(v)
                u = u.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func call(_ name: String, _ fail: () -> CELEvalError) throws(CELEvalError) -> CELValue {
        switch name {
        case "getScheme": return .string(scheme)
        case "getHost": return .string(host)
        case "getHostname": return .string(hostname)
        case "getPort": return .string(CELURL.port(of: host).map(String.init) ?? "")
        case "getEscapedPath": return .string(escapedPath)
        case "getQuery":
            var m = CELMap()
            for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = CELValue.string(CELURL.unescape(kv[0]))
                let value = CELValue.string(kv.count > 1 ? CELURL.unescape(kv[1]) : "")
                if case .list(let existing)? = m[key] {
                    m.insert(key, .list(existing + [value]), replacing: true)
                } else {
                    m.insert(key, .list([value]), replacing: true)
                }
            }
            return .map(m)
        default: throw fail()
        }
    }
}
