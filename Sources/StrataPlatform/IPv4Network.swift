/// An IPv4 network in CIDR notation (`10.244.0.0/16`).
public struct IPv4Network: Hashable, Sendable, CustomStringConvertible {
    /// The address as written, which may have host bits set.
    public var address: IPv4Address
    /// The prefix length, 0–32.
    public var prefixLength: Int

    /// Creates a network; `nil` when the prefix length is outside 0–32.
    public init?(address: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d/n`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].count <= 2,
            parts[1] == "0" || parts[1].first != "0", let length = Int(parts[1])
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// The mask, as a 32-bit number.
    public var mask: UInt32 { prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength) }

    /// The network's first address (host bits cleared).
    public var first: IPv4Address { IPv4Address(value: address.value & mask) }

    /// The network's last address (the broadcast address of a subnet).
    public var last: IPv4Address { IPv4Address(value: address.value | ~mask) }

    /// The number of addresses it spans.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    /// Whether the address as written has no host bits set, as routers and Kubernetes expect of a CIDR.
    public var isCanonical: Bool { address == first }

    /// The same network with its host bits cleared.
    public var canonical: IPv4Network {
        var network = self
        network.address = first
        return network
    }

    /// Whether the network holds `address`.
    public func contains(_ address: IPv4Address) -> Bool { address.value & mask == first.value }

    /// Whether the network holds every address of `other`.
    public func contains(_ other: IPv4Network) -> Bool {
        other.prefixLength >= prefixLength && contains(other.first)
    }

    /// Whether the two networks share at least one address.
    public func overlaps(_ other: IPv4Network) -> Bool { contains(other.first) || other.contains(first) }

    /// `a.b.c.d/n`, as written.
    public var description: String { "\(address)/\(prefixLength)" }
}
