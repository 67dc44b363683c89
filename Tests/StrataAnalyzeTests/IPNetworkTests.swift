import StrataAnalyze
import Testing

@Suite("IP networks")
struct IPNetworkTests {
    @Test(
        "addresses parse and print in canonical form",
        arguments: [
            ("10.25.11.1", "10.25.11.1"),
            ("0.0.0.0", "0.0.0.0"),
            ("255.255.255.255", "255.255.255.255"),
            ("2001:db8::1", "2001:db8::1"),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("::", "::"),
            ("::1", "::1"),
            ("fd00:1:0:0:1::", "fd00:1:0:0:1::"),
            ("::ffff:10.0.0.1", "::ffff:a00:1"),
        ]
    )
    func parses(_ text: String, _ expected: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == expected)
    }

    @Test(
        "malformed addresses are refused",
        arguments: [
            "", "10.0.0", "10.0.0.256", "10.0.0.01", "1.2.3.4.5", "a.b.c.d", "1:::2", "1::2::3", "12345::",
            "1:2:3:4:5:6:7:8:9",
            "fe80::1%eth0", "${LB_IP}", "<NODE_IP>",
        ]
    )
    func refuses(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test("a prefix clears host bits and keeps the written address for interfaces")
    func interface() throws {
        let parsed = try #require(IPNetwork.interface("10.25.11.11/24"))
        #expect(parsed.address.description == "10.25.11.11")
        #expect(parsed.network.description == "10.25.11.0/24")
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("10.0.0.0/") == nil)
        #expect(IPNetwork("10.0.0.1")?.prefixLength == 32)
        #expect(IPNetwork("2001:db8::/129") == nil)
    }

    @Test(
        "containment and overlap of prefixes",
        arguments: [
            ("10.0.0.0/8", "10.244.0.0/16", true, true),
            ("10.244.0.0/16", "10.0.0.0/8", false, true),
            ("10.244.0.0/16", "10.245.0.0/16", false, false),
            ("10.244.0.0/15", "10.245.3.0/24", true, true),
            ("0.0.0.0/0", "192.168.1.0/24", true, true),
            ("fd00::/8", "fd12:3456::/32", true, true),
            ("fd00::/8", "10.0.0.0/8", false, false),
        ]
    )
    func containment(_ outer: String, _ inner: String, _ contains: Bool, _ overlaps: Bool) throws {
        let a = try #require(IPNetwork(outer))
        let b = try #require(IPNetwork(inner))
        #expect(a.contains(b) == contains)
        #expect(a.overlaps(b) == overlaps)
        #expect(b.overlaps(a) == overlaps)
    }

    @Test("a prefix's range runs from its first to its last address")
    func range() throws {
        let range = try #require(IPNetwork("10.25.11.0/24")).range
        #expect(range.description == "10.25.11.0-10.25.11.255")
        let v6 = try #require(IPNetwork("2001:db8::/126")).range
        #expect(v6.end.description == "2001:db8::3")
        #expect(try #require(IPNetwork("0.0.0.0/0")).range.end.description == "255.255.255.255")
    }

    @Test("ranges from start and stop overlap, contain and intersect")
    func ranges() throws {
        let a = try #require(IPRange(start: ip("10.25.11.100"), end: ip("10.25.11.149")))
        let b = try #require(IPRange(start: ip("10.25.11.149"), end: ip("10.25.11.199")))
        let c = try #require(IPRange(start: ip("10.25.11.150"), end: ip("10.25.11.199")))
        #expect(a.overlaps(b))
        #expect(!a.overlaps(c))
        #expect(a.intersection(b)?.description == "10.25.11.149")
        #expect(try a.contains(ip("10.25.11.120")))
        #expect(try !a.contains(ip("10.25.11.150")))
        #expect(try IPRange(start: ip("10.0.0.2"), end: ip("10.0.0.1")) == nil)
        #expect(try IPRange(start: ip("10.0.0.1"), end: ip("::1")) == nil)
    }

    private func ip(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }

    @Test("IPv4 orders before IPv6 and addresses advance within their family")
    func ordering() throws {
        let v4 = try ip("255.255.255.255")
        let v6 = try ip("::")
        #expect(v4 < v6)
        #expect(v4.advanced(by: 1) == nil)
        #expect(try ip("10.0.0.255").advanced(by: 1)?.description == "10.0.1.0")
    }
}
