import Foundation

/// An IPv4 or IPv6 address as the Kubernetes `ip()` function accepts it: no zone, no IPv4-mapped IPv6 form,
/// no leading zeros in IPv4 octets.
public struct CELIPAddress: Sendable, Hashable {
    /// 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8]

    /// Creates an address from its 4 or 16 bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses an address, or returns `nil`.
    public init?(parsing text: String) {
        guard !text.contains("%") else { return nil }
        if text.contains(":") {
            var buffer = [UInt8](repeating: 0, count: 16)
            guard inet_pton(AF_INET6, text, &buffer) == 1 else { return nil }
            if buffer[0..<10].allSatisfy({ $0 == 0 }), buffer[10] == 0xFF, buffer[11] == 0xFF { return nil }
            bytes = buffer
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var out: [UInt8] = []
            for p in parts {
                guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }),
                    p == "0" || !p.hasPrefix("0"),
                    let v = UInt8(p)
                else { return nil }
                out.append(v)
            }
            bytes = out
        }
    }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool { bytes.count == 4 }

    /// The canonical text: dotted quad, or RFC 5952 IPv6.
    public var text: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        let words = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var bestStart = -1
        var bestLength = 1
        var i = 0
        while i < 8 {
            if words[i] == 0 {
                var j = i
                while j < 8, words[j] == 0 { j += 1 }
                if j - i > bestLength {
                    bestStart = i
                    bestLength = j - i
                }
                i = j
            } else {
                i += 1
            }
        }
        if bestStart < 0 { return words.map { String($0, radix: 16) }.joined(separator: ":") }
        let head = words[..<bestStart].map { String($0, radix: 16) }.joined(separator: ":")
        let tail = words[(bestStart + bestLength)...].map { String($0, radix: 16) }.joined(separator: ":")
        return head + "::" + tail
    }

    func call(_ name: String, _ fail: () -> CELEvalError) throws(CELEvalError) -> CELValue {
        let b = bytes
        switch name {
        case "family": return .int(isIPv4 ? 4 : 6)
        case "isUnspecified": return .bool(b.allSatisfy { $0 == 0 })
        case "isLoopback": return .bool(isIPv4 ? b[0] == 127 : (b[0..<15].allSatisfy { $0 == 0 } && b[15] == 1))
        case "isLinkLocalMulticast":
            return .bool(isIPv4 ? (b[0] == 224 && b[1] == 0 && b[2] == 0) : (b[0] == 0xFF && b[1] & 0x0F == 0x02))
        case "isLinkLocalUnicast":
            return .bool(isIPv4 ? (b[0] == 169 && b[1] == 254) : (b[0] == 0xFE && b[1] & 0xC0 == 0x80))
        case "isGlobalUnicast":
            let unspecified = b.allSatisfy { $0 == 0 }
            if isIPv4 {
                let broadcast = b.allSatisfy { $0 == 0xFF }
                return .bool(!unspecified && !broadcast && b[0] != 127 && b[0] < 224 && !(b[0] == 169 && b[1] == 254))
            }
            let loopback = b[0..<15].allSatisfy { $0 == 0 } && b[15] == 1
            return .bool(!unspecified && !loopback && b[0] != 0xFF && !(b[0] == 0xFE && b[1] & 0xC0 == 0x80))
        default: throw fail()
        }
    }
}
