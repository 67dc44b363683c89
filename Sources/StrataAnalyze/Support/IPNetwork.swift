/// An IP prefix (CIDR) such as `10.244.0.0/16` or `fd00::/64`, with containment and overlap tests.
///
/// The stored address is the first address of the prefix: host bits written in the text (`10.25.11.5/24`)
/// are cleared, as Go's `net.ParseCIDR` does; ``interface(_:)`` keeps them.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the prefix.
    public let address: IPAddress
    /// The number of leading bits that name the network.
    public let prefixLength: Int

    /// Creates the prefix of `prefixLength` bits containing `address`, or `nil` when the length is out of range.
    public init?(address: IPAddress, prefixLength: Int) {
        guard prefixLength >= 0, prefixLength <= address.family.bitWidth else { return nil }
        self.address = IPAddress(family: address.family, value: address.value & Self.mask(prefixLength, address.family))
        self.prefixLength = prefixLength
    }

    /// Parses `address/length`; a bare address is a single-address prefix.
    public init?(_ text: String) {
        guard let parsed = Self.interface(text) else { return nil }
        self = parsed.network
    }

    /// Parses `address/length` keeping the address as written (a node's address and its subnet).
    public static func interface(_ text: String) -> (address: IPAddress, network: IPNetwork)? {
        let trimmed = text.trimmingSpaces
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return nil }
        var length = address.family.bitWidth
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit), parts[1].count <= 3,
                let value = Int(parts[1])
            else { return nil }
            length = value
        }
        guard let network = IPNetwork(address: address, prefixLength: length) else { return nil }
        return (address, network)
    }

    /// The address family.
    public var family: IPAddress.Family { address.family }

    /// The addresses of the prefix, first to last.
    public var range: IPRange {
        let last = address.value | ~Self.mask(prefixLength, family) & family.allOnes
        return IPRange(uncheckedStart: address, end: IPAddress(family: family, value: last))
    }

    /// Whether `other` lies inside this prefix.
    public func contains(_ other: IPAddress) -> Bool {
        other.family == family && other.value & Self.mask(prefixLength, family) == address.value
    }

    /// Whether every address of `other` lies inside this prefix.
    public func contains(_ other: IPNetwork) -> Bool {
        other.family == family && other.prefixLength >= prefixLength && contains(other.address)
    }

    /// Whether the two prefixes share at least one address.
    public func overlaps(_ other: IPNetwork) -> Bool {
        contains(other) || other.contains(self)
    }

    /// `address/length`.
    public var description: String { "\(address)/\(prefixLength)" }

    private static func mask(_ length: Int, _ family: IPAddress.Family) -> UInt128 {
        guard length > 0 else { return 0 }
        let width = family.bitWidth
        return (family.allOnes >> (width - length)) << (width - length)
    }
}

/// An IPv4 or IPv6 address.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An address family.
    public enum Family: Hashable, Sendable {
        /// IPv4, 32 bits.
        case v4
        /// IPv6, 128 bits.
        case v6

        /// The number of bits of an address.
        public var bitWidth: Int { self == .v4 ? 32 : 128 }

        var allOnes: UInt128 { self == .v4 ? UInt128(UInt32.max) : UInt128.max }
    }

    /// The family.
    public let family: Family
    /// The address as an unsigned integer (the low 32 bits for IPv4).
    public let value: UInt128

    /// Creates an address from its integer value, truncated to the family's width.
    public init(family: Family, value: UInt128) {
        self.family = family
        self.value = value & family.allOnes
    }

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text; zones and leading zeros in IPv4 are refused, as in Go's `netip`.
    public init?(_ text: String) {
        if text.contains(":") {
            guard let value = Self.parseV6(Substring(text)) else { return nil }
            self.init(family: .v6, value: value)
        } else {
            guard let value = Self.parseV4(Substring(text)) else { return nil }
            self.init(family: .v4, value: UInt128(value))
        }
    }

    /// Orders IPv4 before IPv6, then by value.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.family != rhs.family { return lhs.family == .v4 }
        return lhs.value < rhs.value
    }

    /// The address `offset` places further, or `nil` past the end of the family's space.
    public func advanced(by offset: UInt128) -> IPAddress? {
        let (sum, overflow) = value.addingReportingOverflow(offset)
        guard !overflow, sum <= family.allOnes else { return nil }
        return IPAddress(family: family, value: sum)
    }

    /// The conventional text: dotted quad, or IPv6 with the longest zero run compressed.
    public var description: String {
        switch family {
        case .v4:
            return (0..<4).map { String((value >> UInt128(24 - 8 * $0)) & 0xff) }.joined(separator: ".")
        case .v6:
            let groups = (0..<8).map { Int((value >> UInt128(112 - 16 * $0)) & 0xffff) }
            var best = (start: -1, length: 0)
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else {
                    index += 1
                    continue
                }
                var end = index
                while end < 8 && groups[end] == 0 { end += 1 }
                if end - index > best.length && end - index > 1 { best = (index, end - index) }
                index = end
            }
            let hex = groups.map { String($0, radix: 16) }
            guard best.start >= 0 else { return hex.joined(separator: ":") }
            let head = hex[..<best.start].joined(separator: ":")
            let tail = hex[(best.start + best.length)...].joined(separator: ":")
            return head + "::" + tail
        }
    }

    private static func parseV4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit),
                part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    private static func parseV6(_ text: Substring) -> UInt128? {
        let halves = splitOnDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowV4Tail: Bool) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var out: [UInt16] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if allowV4Tail, index == fields.count - 1, field.contains(".") {
                    guard let v4 = parseV4(field) else { return nil }
                    out.append(UInt16(v4 >> 16))
                    out.append(UInt16(v4 & 0xffff))
                    continue
                }
                guard !field.isEmpty, field.count <= 4, field.allSatisfy(\.isHexDigit),
                    let group = UInt16(field, radix: 16)
                else { return nil }
                out.append(group)
            }
            return out
        }
        let all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowV4Tail: false), let tail = groups(halves[1], allowV4Tail: true),
                head.count + tail.count < 8
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(halves[0], allowV4Tail: true), only.count == 8 else { return nil }
            all = only
        }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}

/// An inclusive range of addresses of one family, such as a load-balancer pool block `start`…`stop`.
public struct IPRange: Hashable, Sendable, CustomStringConvertible {
    /// The first address.
    public let start: IPAddress
    /// The last address.
    public let end: IPAddress

    /// Creates a range, or `nil` when the ends differ in family or are out of order.
    public init?(start: IPAddress, end: IPAddress) {
        guard start.family == end.family, start.value <= end.value else { return nil }
        self.start = start
        self.end = end
    }

    fileprivate init(uncheckedStart start: IPAddress, end: IPAddress) {
        self.start = start
        self.end = end
    }

    /// The family.
    public var family: IPAddress.Family { start.family }

    /// Whether `address` lies in the range.
    public func contains(_ address: IPAddress) -> Bool {
        address.family == family && start.value <= address.value && address.value <= end.value
    }

    /// Whether every address of `other` lies in the range.
    public func contains(_ other: IPRange) -> Bool {
        contains(other.start) && contains(other.end)
    }

    /// Whether the two ranges share at least one address.
    public func overlaps(_ other: IPRange) -> Bool {
        family == other.family && start.value <= other.end.value && other.start.value <= end.value
    }

    /// The addresses both ranges hold, when they overlap.
    public func intersection(_ other: IPRange) -> IPRange? {
        guard overlaps(other) else { return nil }
        return IPRange(uncheckedStart: max(start, other.start), end: min(end, other.end))
    }

    /// `start-end`, or the single address.
    public var description: String { start == end ? "\(start)" : "\(start)-\(end)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The parts of `text` around each `::`.
private func splitOnDoubleColon(_ text: Substring) -> [String] {
    var parts: [String] = []
    var current = ""
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(after: index)
        if text[index] == ":", next < text.endIndex, text[next] == ":" {
            parts.append(current)
            current = ""
            index = text.index(after: next)
        } else {
            current.append(text[index])
            index = next
        }
    }
    parts.append(current)
    return parts
}
