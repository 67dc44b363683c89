/// An IPv4 address, as the spec writes node, router and endpoint addresses.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a 32-bit number, most significant octet first.
    public var value: UInt32

    /// Creates an address from its 32-bit value.
    public init(value: UInt32) {
        self.value = value
    }

    /// Parses dotted-quad text (`10.25.11.1`); `nil` for anything else.
    ///
    /// Octets with leading zeros are refused, as Go's parser (used by Talos, Cilium and Kubernetes) refuses
    /// them: `010` would be read as octal by some tools and decimal by others.
    public init?(_ text: String) {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                octet == "0" || octet.first != "0", let number = UInt32(octet), number <= 255
            else { return nil }
            value = value << 8 | number
        }
        self.value = value
    }

    /// Dotted-quad text.
    public var description: String {
        [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    /// Orders addresses numerically.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
