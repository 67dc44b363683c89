import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("Documents and facts")
struct DocumentsTests {
    @Test(
        "strata.yaml lists every cluster and node with its data disks and every objective",
        arguments: NetworkFixtures.specNames
    )
    func facts(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let configuration = try #require(
            try NetworkFixtures.documents(NetworkFixtures.generate(spec), "strata.yaml").first
        )
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

@Suite("Platform documents")
struct PlatformDocumentsTests {
    @Test(
        "A runbook per scenario; the build installs Cilium before Flux and waits for the layers",
        arguments: NetworkFixtures.specNames
    )
    func runbooks(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        for scenario in ["node", "two-nodes", "cluster", "all-clusters", "object-store", "ceph-corruption"] {
            #expect(repository.files["docs/runbooks/\(scenario).md"] != nil, "no runbook for \(scenario)")
        }
        let cluster = try #require(repository.files["docs/runbooks/cluster.md"])
        for build in spec.clusters {
            let insecure = try #require(
                cluster.range(of: "talosctl apply-config --insecure --nodes \(build.nodes[0].address)")
            )
            let bootstrap = try #require(
                cluster.range(of: "talosctl bootstrap", range: insecure.upperBound..<cluster.endIndex)
            )
            let helm = try #require(
                cluster.range(of: "helm install cilium", range: bootstrap.upperBound..<cluster.endIndex)
            )
            let flux = try #require(cluster.range(of: "flux install", range: helm.upperBound..<cluster.endIndex))
            #expect(
                cluster.range(of: "flux get kustomizations --watch", range: flux.upperBound..<cluster.endIndex) != nil
            )
            #expect(cluster.contains("-f \(Cilium.bootstrapValuesPath(build))"))
        }
        #expect(!cluster.contains("--personal"))
    }

    @Test("The network plan draws every peering with its ASNs and pools", arguments: NetworkFixtures.specNames)
    func networkPlan(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let text = try #require(NetworkFixtures.generate(spec).files["docs/network.md"])
        #expect(text.contains("```mermaid"))
        #expect(text.contains("AS \(spec.router.asn)"))
        for cluster in spec.clusters {
            #expect(text.contains("\(cluster.name) · AS \(cluster.asn)"))
            for pool in cluster.loadBalancerPools { #expect(text.contains(pool)) }
        }
    }

    @Test("The capacity plan derives Ceph's usable space from the disks and the pool's protection")
    func capacity() throws {
        // Five 2 TB OSDs, full ratio 0.95, k=3 m=2: 10 TB raw, 9.5 TB writable, 5.7 TB usable.
        let text = try #require(NetworkFixtures.generate(NetworkFixtures.threeClusters).files["docs/capacity.md"])
        #expect(text.contains("10.0 TB raw"))
        #expect(text.contains("| 5 of 5 | 5.7 TB |"))
        let seed = try #require(NetworkFixtures.generate().files["docs/capacity.md"])
        // Three 1 TB OSDs, size 3: 3 TB raw, 2.85 TB writable, 0.95 TB usable.
        #expect(seed.contains("| 3 of 3 | 950.0 GB |"))
        #expect(seed.contains("flowchart BT"))
    }
}
