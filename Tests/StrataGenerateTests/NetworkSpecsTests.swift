import Foundation
import StrataCore
import StrataGenerate
import StrataPlatform
import StrataTestSupport
import StrataYAML
import Testing

/// Specs and helpers shared by the network, Flux, Talos, router and document tests.
enum NetworkFixtures {
    /// The components these tests cover.
    static let components: [any PlatformComponent] = [
        FluxBootstrap(), Cilium(), CiliumNetwork(), Talos(), Router(), StrataFacts(), PlatformDocuments(),
    ]

    /// A spec different from the default in every network number: three clusters, other CIDRs, ASNs, node
    /// names and addresses, a newer Talos, and an erasure-coded pool on five hosts.
    static let threeClusters: PlatformSpec = {
        var spec = DefaultPlatform.spec
        spec.name = "lab"
        spec.repository = RepositorySpec(url: "https://git.example.org/lab/fleet.git", branch: "production")
        spec.versions.talos = "v1.13.2"
        spec.network = NetworkSpec(
            nodeSubnet: "192.168.40.0/23",
            gateway: "192.168.40.254",
            mtu: 1500,
            bond: BondSpec(name: "bond1", mode: "active-backup", links: ["eno1", "eno2"]),
            nameservers: ["192.168.40.53", "192.168.41.53"]
        )
        spec.router = RouterSpec(model: "srx320", asn: 64600, routerID: "192.168.40.254", address: "192.168.40.254")
        spec.bgp = BGPSpec(holdTimeSeconds: 9, keepaliveSeconds: 3, gracefulRestart: false, multipath: true)
        func node(_ name: String, _ address: String, role: NodeRole = .controlplane) -> NodeSpec {
            NodeSpec(
                name: name,
                role: role,
                address: address,
                memoryBytes: 32 << 30,
                cpus: 8,
                disks: [
                    DiskSpec(device: "/dev/nvme0n1", sizeBytes: 256_000_000_000, use: .system),
                    DiskSpec(device: "/dev/disk/by-id/nvme-ceph-\(name)", sizeBytes: 2_000_000_000_000, use: .ceph),
                    DiskSpec(device: "sdb", sizeBytes: 1_000_000_000_000, use: .local),
                ]
            )
        }
        spec.clusters = [
            ClusterSpec(
                name: "core",
                id: 7,
                asn: 64701,
                podCIDR: "172.16.0.0/17",
                serviceCIDR: "172.20.0.0/20",
                loadBalancerPools: ["192.168.50.0/27", "192.168.50.32/28"],
                endpoint: "192.168.40.100",
                ceph: .provider,
                nodes: [
                    node("core-a", "192.168.40.11"), node("core-b", "192.168.40.12"), node("core-c", "192.168.40.13"),
                    node("core-d", "192.168.41.14", role: .worker), node("core-e", "192.168.41.15", role: .worker),
                ]
            ),
            ClusterSpec(
                name: "edge",
                id: 8,
                asn: 64702,
                podCIDR: "172.16.128.0/17",
                serviceCIDR: "172.20.16.0/20",
                loadBalancerPools: ["192.168.50.64/27"],
                endpoint: "192.168.40.110",
                ceph: .consumer,
                nodes: [
                    node("edge-a", "192.168.40.21"), node("edge-b", "192.168.40.22"), node("edge-c", "192.168.40.23"),
                ]
            ),
            ClusterSpec(
                name: "batch",
                id: 9,
                asn: 64703,
                podCIDR: "172.17.0.0/16",
                serviceCIDR: "172.20.32.0/20",
                loadBalancerPools: ["192.168.50.96/27"],
                endpoint: "192.168.40.120",
                ceph: .none,
                nodes: [node("batch-a", "192.168.40.31")]
            ),
        ]
        spec.storage.ceph.pools = [
            CephPoolSpec(
                name: "ecpool",
                protection: .erasureCoded(dataChunks: 3, codingChunks: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "ceph-ec", isDefault: true, reclaimPolicy: "Delete")
            )
        ]
        spec.metrics.cluster = "core"
        spec.databases = spec.databases.map {
            var database = $0
            database.cluster = "core"
            return database
        }
        spec.applications = spec.applications.map {
            var application = $0
            application.cluster = "edge"
            return application
        }
        return spec
    }()

    /// The specs every check runs against, by a short name that keeps test output readable.
    static let specNames = ["default", "three-clusters"]

    /// A spec by its short name.
    static func spec(_ name: String) -> PlatformSpec { name == "default" ? DefaultPlatform.spec : threeClusters }

    /// The reference data kept next to the package (`../shared`: charts, CRDs, schemas), when present.
    static let shared: String? = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path
        return FileManager.default.fileExists(atPath: path + "/crds") ? path : nil
    }()

    /// Generates a spec's repository with these components.
    static func generate(_ spec: PlatformSpec = DefaultPlatform.spec) -> GeneratedRepository {
        RepositoryGenerator(spec: spec, components: components).generate()
    }

    /// The documents of a generated YAML file.
    static func documents(_ repository: GeneratedRepository, _ path: String) throws -> [YAMLNode] {
        let text = try #require(repository.files[path], "\(path) was not generated")
        return YAMLLoader.load(text, path: path, into: DiagnosticCollector()).map(\.root)
    }

    /// The one document of a kind in a generated file.
    static func object(_ repository: GeneratedRepository, _ path: String, kind: String) throws -> YAMLNode {
        try #require(try documents(repository, path).first { $0["kind"]?.string == kind }, "no \(kind) in \(path)")
    }

    /// Writes a generated repository to a temporary directory.
    static func write(_ repository: GeneratedRepository) throws -> TemporaryRepository {
        try TemporaryRepository(repository.files)
    }
}
