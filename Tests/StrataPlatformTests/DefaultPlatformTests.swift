import Testing

@testable import StrataPlatform

@Suite("Default platform")
struct DefaultPlatformTests {
    @Test("The default spec has the seed's two clusters of three nodes")
    func seedClusters() {
        let spec = DefaultPlatform.spec
        #expect(spec.clusters.map(\.name) == ["infra", "apps"])
        #expect(spec.clusters.flatMap(\.nodes).map(\.name) == (1...6).map { "prod-0\($0)" })
    }
}
