import Testing

@testable import StrataPlatform

@Suite("Spec values")
struct SpecValueTests {
    @Test(
        "Sizes read as Kubernetes quantities",
        arguments: [
            ("64Gi", Int64(64) << 30), ("1T", 1_000_000_000_000), ("500G", 500_000_000_000), ("512", 512),
            ("1.5Gi", 1_610_612_736), ("4Ki", 4096), ("2k", 2000), ("1Ei", Int64(1) << 60),
        ]
    )
    func sizes(text: String, bytes: Int64) {
        #expect(ByteQuantity.bytes(text) == bytes)
    }

    @Test(
        "Text that is no whole number of bytes is refused",
        arguments: ["1.5", "1Gb", "Gi", "", "-1Gi", "1.Gi", "9Ei", "1e3"]
    )
    func badSizes(text: String) {
        #expect(ByteQuantity.bytes(text) == nil)
    }

    @Test("Sizes are written in their shortest exact form")
    func sizeText() {
        #expect(ByteQuantity.text(64 << 30) == "64Gi")
        #expect(ByteQuantity.text(1_000_000_000_000) == "1T")
        #expect(ByteQuantity.text(512_000_000_000) == "512G")
        #expect(ByteQuantity.text(1000) == "1k")
        #expect(ByteQuantity.text(1023) == "1023")
        for bytes: Int64 in [0, 1, 999, 4096, 3 << 40, 1_500_000] {
            #expect(ByteQuantity.bytes(ByteQuantity.text(bytes)) == bytes)
        }
    }

    @Test(
        "Durations read in the syntax of the program that reads them",
        arguments: [
            (DurationSyntax.go, "1h30m", 5400), (.go, "720h", 720 * 3600), (.go, "1.5h", 5400), (.go, "500ms", 0),
            (.scrapeInterval, "30s", 30), (.metricsRetention, "90d", 90 * 86_400),
            (.metricsRetention, "1", 31 * 86_400),
            (.metricsRetention, "2w", 14 * 86_400), (.databaseRetention, "30d", 30 * 86_400),
            (.databaseRetention, "6m", 180 * 86_400), (.objective, "0", 0), (.objective, "24h", 86_400),
            (.objective, "1d12h", 129_600),
        ]
    )
    func durations(syntax: DurationSyntax, text: String, seconds: Int) {
        #expect(syntax.seconds(text) == seconds)
    }

    @Test(
        "Durations another program would refuse are refused",
        arguments: [
            (DurationSyntax.go, "90d"), (.go, "1h 30m"), (.go, ""), (.scrapeInterval, "1m30s"),
            (.metricsRetention, "90m"),
            (.databaseRetention, "0d"), (.databaseRetention, "30h"), (.objective, "1.5h"), (.objective, "soon"),
        ]
    )
    func badDurations(syntax: DurationSyntax, text: String) {
        #expect(syntax.seconds(text) == nil)
    }

    @Test("Every duration syntax reads back what it writes")
    func durationText() {
        for syntax in DurationSyntax.allCases {
            // CloudNativePG counts in days at the finest.
            for seconds in syntax == .databaseRetention ? [86_400, 7 * 86_400] : [86_400, 7 * 86_400, 3600] {
                #expect(syntax.seconds(syntax.text(seconds: seconds)) == seconds, "\(syntax) \(seconds)")
            }
        }
    }

    @Test("IPv4 addresses and networks parse strictly and compare by value")
    func addresses() throws {
        #expect(IPv4Address("10.25.11.1")?.value == 0x0A19_0B01)
        for bad in ["010.1.1.1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "a.b.c.d", "1..2.3", ""] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
        let subnet = try #require(IPv4Network("10.25.11.0/24"))
        #expect(subnet.first.description == "10.25.11.0")
        #expect(subnet.last.description == "10.25.11.255")
        #expect(subnet.size == 256)
        #expect(subnet.contains(try #require(IPv4Address("10.25.11.200"))))
        #expect(!subnet.contains(try #require(IPv4Address("10.25.12.1"))))
        #expect(subnet.contains(try #require(IPv4Network("10.25.11.128/26"))))
        #expect(!subnet.overlaps(try #require(IPv4Network("10.25.12.0/26"))))
        #expect(try #require(IPv4Network("10.0.0.0/8")).overlaps(subnet))
        let hostBits = try #require(IPv4Network("10.244.3.0/16"))
        #expect(!hostBits.isCanonical)
        #expect(hostBits.canonical.description == "10.244.0.0/16")
        #expect(try #require(IPv4Network("0.0.0.0/0")).contains(subnet))
        for bad in ["10.0.0.0/33", "10.0.0.0/08", "10.0.0.0", "10.0.0.0/", "10.0.0/8"] {
            #expect(IPv4Network(bad) == nil, "\(bad)")
        }
    }
}
