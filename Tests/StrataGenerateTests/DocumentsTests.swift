import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("Documents and facts")
struct DocumentsTests {
    @Test("strata.yaml lists every cluster and node with its data disks and every objective", arguments: NetworkFixtures.specNames)
    func facts(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let configuration = try #require(try NetworkFixtures.documents(NetworkFixtures.generate(spec), "strata.yaml").first)
        #expect(configuration["clusters"]?.keys == spec.clusters.map(\.name))
        let nodes = configuration[path: ["facts", "nodes"]]?.items ?? []
        #expect(nodes.count == spec.clusters.reduce(0) { $0 + $1.nodes.count })
        let first = try #require(nodes.first)
        #expect(first["disks"]?.items?.count == 2)
        #expect(configuration[path: ["facts", "objectives"]]?.items?.count == spec.objectives.count)
        #expect(configuration[path: ["facts", "networks"]]?.items?.count == spec.clusters.count)
    }

    @Test("Quantities and durations use the largest exact unit")
    func units() {
        #expect(StrataFacts.quantity(64 << 30) == "64Gi")
        #expect(StrataFacts.quantity(1_000_000_000_000) == "1T")
        #expect(StrataFacts.quantity(512_000_000_000) == "512G")
        #expect(StrataFacts.quantity(1001) == "1001")
        #expect(StrataFacts.duration(86400) == "24h")
        #expect(StrataFacts.duration(1800) == "30m")
        #expect(StrataFacts.duration(0) == "0s")
    }
}
