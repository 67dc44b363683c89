/// IPv4 prefix arithmetic for the network numbers the generator derives (covering CIDRs, pool addresses).
///
/// Addresses in the spec are validated before generation; an unparsable one is skipped here rather than
/// trapping, so a bad spec can never crash the generator.
public enum CiliumNetworkAddressing {
    /// An IPv4 network as address and prefix length.
    public struct Prefix: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// The network address, as a 32-bit number (host bits cleared).
        public var address: UInt32
        /// The prefix length, 0–32.
        public var length: Int

        /// Creates a prefix, clearing host bits.
        public init(address: UInt32, length: Int) {
            let clamped = max(0, min(32, length))
            self.address = address & Self.mask(clamped)
            self.length = clamped
        }

        /// Parses `a.b.c.d/n` (or a bare address, as a /32).
        public init?(_ text: String) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let address = CiliumNetworkAddressing.parse(String(parts[0])) else { return nil }
            var length = 32
            if parts.count == 2 {
                guard let value = Int(parts[1]), (0...32).contains(value) else { return nil }
                length = value
            }
            self.init(address: address, length: length)
        }

        /// The netmask of a prefix length.
        static func mask(_ length: Int) -> UInt32 {
            length == 0 ? 0 : UInt32.max << UInt32(32 - length)
        }

        /// The number of addresses in the prefix.
        public var size: UInt64 { UInt64(1) << UInt64(32 - length) }

        /// The address `offset` places after the network address.
        public func address(at offset: UInt32) -> String { CiliumNetworkAddressing.format(address &+ offset) }

        /// Whether the prefix contains an address.
        public func contains(_ other: UInt32) -> Bool { other & Self.mask(length) == address }

        /// `a.b.c.d/n`.
        public var description: String { "\(CiliumNetworkAddressing.format(address))/\(length)" }
    }

    /// Parses a dotted-quad IPv4 address.
    public static func parse(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard let byte = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    /// Formats a 32-bit address as a dotted quad.
    public static func format(_ address: UInt32) -> String {
        (0..<4).map { String((address >> UInt32(24 - 8 * $0)) & 0xFF) }.joined(separator: ".")
    }

    /// The smallest single prefix that contains every given prefix (`nil` when there are none).
    public static func covering(_ prefixes: [Prefix]) -> Prefix? {
        guard var result = prefixes.first else { return nil }
        for prefix in prefixes.dropFirst() {
            var length = min(result.length, prefix.length)
            while length > 0, result.address & Prefix.mask(length) != prefix.address & Prefix.mask(length) {
                length -= 1
            }
            result = Prefix(address: result.address, length: length)
        }
        return result
    }

    /// The prefix length of a CIDR's mask, for an address written `a.b.c.d/n`.
    public static func prefixLength(of cidr: String) -> Int? { Prefix(cidr)?.length }
}
