/// A CIDR block as the Kubernetes `cidr()` function accepts it: an address and a prefix length.
public struct CELCIDR: Sendable, Hashable {
    /// The address as written (not masked).
    public var address: CELIPAddress
    /// The prefix length in bits.
    public var prefixLength: Int

    /// Parses `address/length`, or returns `nil`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let ip = CELIPAddress(parsing: String(parts[0])),
            parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1] == "0" || !parts[1].hasPrefix("0"),
            let length = Int(parts[1]), length <= ip.bytes.count * 8
        else { return nil }
        address = ip
        prefixLength = length
    }

    init(address: CELIPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The block in `address/length` form.
    public var text: String { "\(address.text)/\(prefixLength)" }

    private static func mask(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { i, b in
            let bits = max(0, min(8, length - i * 8))
            return bits == 0 ? 0 : b & UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
        }
    }

    private func contains(_ ip: CELIPAddress) -> Bool {
        ip.bytes.count == address.bytes.count
            && CELCIDR.mask(ip.bytes, prefixLength) == CELCIDR.mask(address.bytes, prefixLength)
    }

    func call(_ name: String, _ args: [CELValue], _ fail: () -> CELEvalError) throws(CELEvalError) -> CELValue {
        switch (name, args.first) {
        case ("ip", nil): return .ip(address)
        case ("prefixLength", nil): return .int(Int64(prefixLength))
        case ("masked", nil):
            return .cidr(
                CELCIDR(
                    address: CELIPAddress(bytes: CELCIDR.mask(address.bytes, prefixLength)),
                    prefixLength: prefixLength
                )
            )
        case ("containsIP", .ip(let ip)?): return .bool(contains(ip))
        case ("containsIP", .string(let s)?):
            guard let ip = CELIPAddress(parsing: s) else {
                throw CELEvalError("IP Address \(CELValue.quote(s)) parse error")
            }
            return .bool(contains(ip))
        case ("containsCIDR", .cidr(let c)?):
            return .bool(c.prefixLength >= prefixLength && contains(c.address))
        case ("containsCIDR", .string(let s)?):
            guard let c = CELCIDR(parsing: s) else { throw CELEvalError("network address parse error: \(s)") }
            return .bool(c.prefixLength >= prefixLength && contains(c.address))
        default: throw fail()
        }
    }
}
