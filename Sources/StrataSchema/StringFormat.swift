import Foundation

/// A string `format` the API server checks; formats it does not check (`int32`, `idn-hostname`, …) have no case.
///
/// The set and the rules follow kube-openapi's format registry (names compared without dashes, so `date-time`
/// and `datetime` are the same format). `int-or-string` is a type rather than a string format.
enum StringFormat: String, Sendable {
    case dateTime = "datetime"
    case date
    case duration
    case byte
    case uuid, uuid3, uuid4, uuid5
    case ipv4, ipv6, cidr, mac
    case hostname, email, uri
    case bsonObjectID = "bsonobjectid"
    case hexColor = "hexcolor"
    case rgbColor = "rgbcolor"
    case ssn
    case intOrString = "intorstring"

    /// The format for a schema's `format` value; `nil` for formats that are not checked.
    init?(schemaName: String) {
        self.init(rawValue: schemaName.lowercased().replacingOccurrences(of: "-", with: ""))
    }

    /// The name shown in messages.
    var displayName: String {
        switch self {
        case .dateTime: "date-time"
        case .bsonObjectID: "bsonobjectid"
        case .intOrString: "int-or-string"
        default: rawValue
        }
    }

    /// Whether `text` is in the format.
    func accepts(_ text: String) -> Bool {
        switch self {
        case .dateTime: return Self.isDateTime(text)
        case .date: return Self.isDate(Substring(text))
        case .duration: return Self.isDuration(text)
        case .byte: return text.isEmpty || Data(base64Encoded: text) != nil
        case .uuid: return Self.isUUID(text, version: nil)
        case .uuid3: return Self.isUUID(text, version: "3")
        case .uuid4: return Self.isUUID(text, version: "4")
        case .uuid5: return Self.isUUID(text, version: "5")
        case .ipv4: return Self.isIPv4(Substring(text))
        case .ipv6: return text.contains(":") && Self.isIPv6(text)
        case .cidr: return Self.isCIDR(text)
        case .mac: return Self.isMAC(text)
        case .hostname: return Self.isHostname(text)
        case .email: return Self.isEmail(text)
        case .uri: return Self.isURI(text)
        case .bsonObjectID: return text.utf8.count == 24 && text.utf8.allSatisfy(Self.isHex)
        case .hexColor: return Self.isHexColor(text)
        case .rgbColor: return Self.isRGBColor(text)
        case .ssn: return Self.isSSN(text)
        case .intOrString: return true
        }
    }

    // MARK: - Rules

    private static func isHex(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private static func digits(_ s: Substring, count: Int) -> Int? {
        guard s.utf8.count == count, s.utf8.allSatisfy(isDigit) else { return nil }
        return Int(s)
    }

    /// `YYYY-MM-DD` with a real month and day.
    static func isDate(_ s: Substring) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = digits(parts[0], count: 4), let m = digits(parts[1], count: 2),
            let d = digits(parts[2], count: 2), (1...12).contains(m), d >= 1
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    /// RFC 3339 date-time, with the leniency of the Go parser the API server uses: `t` or a space may separate
    /// date and time, fractions of any length, and a missing zone means UTC.
    static func isDateTime(_ text: String) -> Bool {
        guard let sep = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else { return false }
        guard isDate(text[..<sep]) else { return false }
        var rest = text[text.index(after: sep)...]
        // zone
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIndex)...]
            let zoneParts = zone.split(separator: ":", omittingEmptySubsequences: false)
            if zoneParts.count == 2 {
                guard let h = digits(zoneParts[0], count: 2), let m = digits(zoneParts[1], count: 2), h < 24, m < 60
                else { return false }
            } else {
                guard let hm = digits(zone, count: 4), hm / 100 < 24, hm % 100 < 60 else { return false }
            }
            rest = rest[..<signIndex]
        }
        var clock = rest
        if let dot = rest.firstIndex(of: ".") {
            let fraction = rest[rest.index(after: dot)...]
            guard !fraction.isEmpty, fraction.utf8.allSatisfy(isDigit) else { return false }
            clock = rest[..<dot]
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let h = digits(parts[0], count: 2), let m = digits(parts[1], count: 2),
            let sec = digits(parts[2], count: 2)
        else { return false }
        return h < 24 && m < 60 && sec <= 60
    }

    /// Go's `time.ParseDuration` syntax (`1h30m`, `1.5s`, `-2m`), or the looser `3 days` / `1w2d` syntax
    /// kube-openapi also accepts.
    static func isDuration(_ text: String) -> Bool {
        isGoDuration(text) || isScalaDuration(text)
    }

    private static func isGoDuration(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "+" || s.first == "-" { s = s.dropFirst() }
        if s == "0" { return true }
        if s.isEmpty { return false }
        let units: Set<String> = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
        while !s.isEmpty {
            let number = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1 else { return false }
            s = s.dropFirst(number.count)
            let unit = s.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard units.contains(String(unit)) else { return false }
            s = s.dropFirst(unit.count)
        }
        return true
    }

    private static func isScalaDuration(_ text: String) -> Bool {
        // Every piece must be digits then letters; at least one unit must be one kube-openapi knows.
        let units: [[String]] = [
            ["ns", "nano"], ["us", "µs", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"], ["h", "hr", "hour"],
            ["d", "day"], ["w", "wk", "week"],
        ]
        var s = Substring(text).drop { $0 == " " || $0 == "\t" }
        guard !s.isEmpty else { return false }
        var known = false
        while !s.isEmpty {
            let number = s.prefix { $0.isASCII && $0.isNumber }
            guard !number.isEmpty else { return false }
            s = s.dropFirst(number.count).drop { $0 == " " || $0 == "\t" }
            let unit = s.prefix { $0.isLetter }
            guard !unit.isEmpty else { return false }
            s = s.dropFirst(unit.count).drop { $0 == " " || $0 == "\t" }
            let lower = unit.lowercased()
            for variants in units {
                for (i, variant) in variants.enumerated()
                where lower == variant || (i == variants.count - 1 && lower.hasPrefix(variant)) {
                    known = true
                }
            }
        }
        return known
    }

    private static func isUUID(_ text: String, version: Character?) -> Bool {
        let hex = text.filter { $0 != "-" }
        guard hex.utf8.count == 32, hex.utf8.allSatisfy(isHex) else { return false }
        // Dashes are optional, but only where a UUID has them.
        let groups = text.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        guard groups == [32] || groups == [8, 4, 4, 4, 12] else { return false }
        guard let version else { return true }
        let chars = Array(hex)
        guard chars[12] == version else { return false }
        if version == "4" || version == "5" {
            return "89abAB".contains(chars[16])
        }
        return true
    }

    /// Dotted-quad IPv4 as Go's `net.ParseIP` reads it: no leading zeros.
    static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy(isDigit), let v = Int(part), v <= 255,
                part.utf8.count == 1 || part.first != "0"
            else { return false }
        }
        return true
    }

    static func isIPv6(_ text: String) -> Bool {
        var s = Substring(text)
        // An embedded IPv4 tail counts as two groups.
        var tailGroups = 0
        if let lastColon = s.lastIndex(of: ":"), s[s.index(after: lastColon)...].contains(".") {
            guard isIPv4(s[s.index(after: lastColon)...]) else { return false }
            s = s[...lastColon]
            if s.hasSuffix("::") {
                // keep the double colon
            } else {
                s = s.dropLast()
            }
            tailGroups = 2
        }
        let doubleColons = s.components(separatedBy: "::").count - 1
        guard doubleColons <= 1 else { return false }
        func groups(_ part: Substring) -> Int? {
            if part.isEmpty { return 0 }
            var count = 0
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.utf8.count), group.utf8.allSatisfy(isHex) else { return nil }
                count += 1
            }
            return count
        }
        if doubleColons == 1 {
            let range = s.range(of: "::")
            guard let range, let left = groups(s[..<range.lowerBound]), let right = groups(s[range.upperBound...])
            else { return false }
            return left + right + tailGroups <= 7
        }
        guard let count = groups(s) else { return false }
        return count + tailGroups == 8
    }

    private static func isCIDR(_ text: String) -> Bool {
        guard let slash = text.firstIndex(of: "/") else { return false }
        let address = text[..<slash]
        let bits = text[text.index(after: slash)...]
        guard (1...3).contains(bits.utf8.count), bits.utf8.allSatisfy(isDigit), let n = Int(bits),
            bits.utf8.count == 1 || bits.first != "0"
        else { return false }
        if address.contains(":") { return isIPv6(String(address)) && n <= 128 }
        return isIPv4(address) && n <= 32
    }

    private static func isMAC(_ text: String) -> Bool {
        for (separator, width) in [(":", 2), ("-", 2), (".", 4)] {
            let groups = text.components(separatedBy: separator)
            guard groups.count > 1 else { continue }
            let bytes = groups.count * width / 2
            guard [6, 8, 20].contains(bytes),
                groups.allSatisfy({ $0.utf8.count == width && $0.utf8.allSatisfy(isHex) })
            else { return false }
            return true
        }
        return false
    }

    private static func isHostname(_ text: String) -> Bool {
        var s = Substring(text)
        if s.hasSuffix(".") { s = s.dropLast() }
        guard !s.isEmpty, s.utf8.count <= 255 else { return false }
        for label in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                label.allSatisfy({ $0 == "-" || $0.isLetter || $0.isNumber || $0.isSymbol })
            else { return false }
        }
        return true
    }

    private static func isEmail(_ text: String) -> Bool {
        // net/mail accepts display names (`Jane <jane@example.com>`); the address inside is what is checked.
        var address = Substring(text)
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            address = text[text.index(after: open)..<text.index(before: text.endIndex)]
        }
        guard let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        return !local.isEmpty && !domain.isEmpty && !address.contains(" ")
    }

    private static func isURI(_ text: String) -> Bool {
        // Go's url.ParseRequestURI: an absolute URI, or an absolute path.
        if text.hasPrefix("/") { return !text.contains(" ") }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return false }
        return !text.contains(" ")
    }

    private static func isHexColor(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "#" { s = s.dropFirst() }
        return (s.utf8.count == 3 || s.utf8.count == 6) && s.utf8.allSatisfy(isHex)
    }

    private static func isRGBColor(_ text: String) -> Bool {
        guard text.hasPrefix("rgb("), text.hasSuffix(")") else { return false }
        let inner = text.dropFirst(4).dropLast()
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        return parts.count == 3
            && parts.allSatisfy {
                let t = $0.trimmingCharacters(in: .whitespaces)
                return (1...3).contains(t.utf8.count) && t.utf8.allSatisfy(isDigit)
            }
    }

    private static func isSSN(_ text: String) -> Bool {
        let digitsOnly = text.filter { $0 != "-" && $0 != " " }
        return digitsOnly.utf8.count == 9 && digitsOnly.utf8.allSatisfy(isDigit) && text.utf8.count <= 11
    }
}
