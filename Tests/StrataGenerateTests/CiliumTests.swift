import Foundation
import StrataCore
import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("Cilium")
struct CiliumTests {
    @Test("The native-routing CIDR is the smallest prefix covering every cluster's pods")
    func nativeRoutingCIDR() {
        #expect(Cilium.nativeRoutingCIDR(in: DefaultPlatform.spec) == "10.244.0.0/14")
        // 172.16.0.0/17, 172.16.128.0/17 and 172.17.0.0/16 share their first 15 bits.
        #expect(Cilium.nativeRoutingCIDR(in: NetworkFixtures.threeClusters) == "172.16.0.0/15")
    }

    @Test("The bootstrap values file and the HelmRelease carry the same values", arguments: NetworkFixtures.specNames)
    func oneValuesTree(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        for cluster in spec.clusters {
            let bootstrap = try #require(
                try NetworkFixtures.documents(repository, Cilium.bootstrapValuesPath(cluster)).first
            )
            let release = try NetworkFixtures.object(
                repository,
                "infrastructure/\(cluster.name)/operators/cilium.yaml",
                kind: "HelmRelease"
            )
            #expect(release[path: ["spec", "values"]] == bootstrap)
            #expect(release[path: ["metadata", "namespace"]]?.string == "kube-system")
            #expect(release[path: ["spec", "releaseName"]]?.string == "cilium")
            #expect(bootstrap[path: ["cluster", "id"]]?.int == cluster.id)
            #expect(bootstrap["ipv4NativeRoutingCIDR"]?.string == Cilium.nativeRoutingCIDR(in: spec))
            #expect(bootstrap["MTU"]?.int == spec.network.mtu)
            let agent = bootstrap[path: ["securityContext", "capabilities", "ciliumAgent"]]?.items?.compactMap(\.string)
            #expect(agent?.contains("SYS_MODULE") == false)
            #expect(bootstrap["hostServices"] == nil)
        }
    }

    @Test(
        "Each cluster meshes with every other one at its clustermesh-apiserver address",
        arguments: NetworkFixtures.specNames
    )
    func meshPeers(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let context = GenerationContext(spec: spec)
        for cluster in spec.clusters {
            let values = Cilium.values(for: cluster, in: context)
            let peers = values[path: ["clustermesh", "config", "clusters"]]?.items ?? []
            #expect(peers.compactMap { $0["name"]?.string } == spec.clusters.map(\.name).filter { $0 != cluster.name })
            for peer in peers {
                let other = try #require(spec.clusters.first { $0.name == peer["name"]?.string })
                #expect(peer["ips"]?.items?.first?.string == Cilium.clusterMeshAddress(of: other))
            }
            let annotation = values[path: [
                "clustermesh", "apiserver", "service", "annotations", "lbipam.cilium.io/ips",
            ]]
            #expect(annotation?.string == Cilium.clusterMeshAddress(of: cluster))
        }
        #expect(Cilium.clusterMeshAddress(of: NetworkFixtures.threeClusters.clusters[2]) == "192.168.50.97")
    }

    @Test(
        "Every values key exists in the chart's values.yaml",
        .enabled(if: NetworkFixtures.shared != nil, "the chart data (../shared/charts) is absent")
    )
    func valuesKeysExist() throws {
        let shared = try #require(NetworkFixtures.shared)
        let version = try #require(DefaultPlatform.spec.versions.charts["cilium"])
        let path = "\(shared)/charts/cilium/\(version)/values.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let chart = try #require(YAMLLoader.load(text, path: path, into: DiagnosticCollector()).first?.root)
        for name in NetworkFixtures.specNames {
            let spec = NetworkFixtures.spec(name)
            for cluster in spec.clusters {
                let values = Cilium.values(for: cluster, in: GenerationContext(spec: spec))
                #expect(Self.unknownKeys(values, in: chart) == [])
            }
        }
    }

    /// Key paths of `values` the chart does not define; below a chart leaf, an empty map or a list, anything goes.
    static func unknownKeys(_ values: YAMLNode, in chart: YAMLNode, prefix: String = "") -> [String] {
        guard let pairs = values.pairs, let chartKeys = chart.pairs, !chartKeys.isEmpty else { return [] }
        return pairs.flatMap { pair -> [String] in
            let key = pair.key.string ?? ""
            guard let defined = chart[key] else { return [prefix + key] }
            return unknownKeys(pair.value, in: defined, prefix: prefix + key + ".")
        }
    }
}
