import Foundation
import StrataCore
import StrataPlatform
import StrataTestSupport
import StrataYAML
import Testing

@testable import StrataGenerate

/// The storage, certificate and secret components, and the specs their tests run on.
enum StorageFixture {
    /// The components these tests cover.
    static let components: [any PlatformComponent] = [
        ExternalSecrets(), CertManager(), SnapshotController(), LocalPath(), RookCeph(),
    ]

    /// A second platform that differs in every number: three clusters, five Ceph hosts with stable disk
    /// paths, an erasure-coded 3+2 pool beside a replicated one, an erasure-coded filesystem, an external
    /// Connect server.
    static let secondSpec: PlatformSpec = {
        var spec = DefaultPlatform.spec
        spec.name = "lab"
        spec.network.nodeSubnet = "192.168.40.0/24"
        spec.versions.cephImage = "quay.io/ceph/ceph:v19.2.2"
        func node(_ index: Int) -> NodeSpec {
            NodeSpec(
                name: "node-\(index)",
                role: index <= 3 ? .controlplane : .worker,
                address: "192.168.40.\(100 + index)",
                memoryBytes: 96 << 30,
                cpus: 16,
                disks: [
                    DiskSpec(device: "/dev/disk/by-id/ata-system-\(index)", sizeBytes: 256_000_000_000, use: .system),
                    DiskSpec(device: "/dev/disk/by-id/nvme-osd-a-\(index)", sizeBytes: 2_000_000_000_000, use: .ceph),
                    DiskSpec(device: "/dev/disk/by-id/nvme-osd-b-\(index)", sizeBytes: 2_000_000_000_000, use: .ceph),
                ]
            )
        }
        var storage = spec.clusters[0]
        storage.name = "storage"
        storage.nodes = (1...5).map(node)
        var web = spec.clusters[1]
        web.name = "web"
        web.nodes = (6...8).map(node)
        var edge = spec.clusters[1]
        edge.name = "edge"
        edge.id = 3
        edge.ceph = .none
        edge.nodes = [node(9)]
        spec.clusters = [storage, web, edge]
        spec.storage.ceph.mons = 5
        spec.storage.ceph.mgrs = 3
        spec.storage.ceph.osdMemoryTargetBytes = 6 << 30
        spec.storage.ceph.fullRatio = 0.9
        spec.storage.ceph.nearFullRatio = 0.75
        spec.storage.ceph.backfillFullRatio = 0.8
        spec.storage.ceph.config = ["osd": ["osd_mclock_profile": "high_client_ops"]]
        spec.storage.ceph.pools = [
            CephPoolSpec(
                name: "fast",
                protection: .replicated(size: 3, minSize: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "block-fast", isDefault: true, reclaimPolicy: "Retain")
            ),
            CephPoolSpec(
                name: "bulk",
                protection: .erasureCoded(dataChunks: 3, codingChunks: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "block-bulk", isDefault: false, reclaimPolicy: "Delete")
            ),
        ]
        spec.storage.ceph.filesystem = CephFilesystemSpec(
            name: "shared",
            metadataReplicas: 4,
            data: .erasureCoded(dataChunks: 2, codingChunks: 2),
            activeStandby: false,
            storageClass: StorageClassSpec(name: "files", isDefault: false, reclaimPolicy: "Retain")
        )
        spec.storage.localPath = LocalPathSpec(
            basePath: "/var/mnt/fast",
            storageClass: StorageClassSpec(name: "node-local", isDefault: false, reclaimPolicy: "Retain")
        )
        spec.secrets = SecretsSpec(
            provider: "onepassword",
            connectHost: "https://connect.lab.example:8443",
            vault: "lab-platform"
        )
        return spec
    }()

    /// Generates with the covered components.
    static func generate(_ spec: PlatformSpec) -> GeneratedRepository {
        RepositoryGenerator(spec: spec, components: components).generate()
    }

    /// The documents of one generated file.
    static func documents(_ repository: GeneratedRepository, _ path: String) -> [YAMLNode] {
        guard let text = repository.files[path] else { return [] }
        let sink = DiagnosticCollector()
        return YAMLLoader.load(text, path: path, into: sink).map(\.root)
    }

    /// Every document of a layer directory, in file order.
    static func objects(_ repository: GeneratedRepository, under directory: String) -> [YAMLNode] {
        repository.paths.filter { $0.hasPrefix(directory + "/") && !$0.hasSuffix("kustomization.yaml") }
            .flatMap { documents(repository, $0) }
    }

    /// The first object of a kind and name.
    static func object(_ objects: [YAMLNode], kind: String, name: String) -> YAMLNode? {
        objects.first { $0["kind"]?.string == kind && $0[path: ["metadata", "name"]]?.string == name }
    }
}

@Suite("Storage components")
struct StorageTests {
    static let specs: [(String, PlatformSpec)] = [
        ("default", DefaultPlatform.spec), ("second", StorageFixture.secondSpec),
    ]

    @Test(
        "Every generated kustomize directory builds with kubectl",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed"),
        arguments: [0, 1]
    )
    func kustomizeBuilds(_ index: Int) throws {
        let repository = StorageFixture.generate(Self.specs[index].1)
        #expect(repository.duplicatePaths.isEmpty)
        let temporary = try TemporaryRepository(repository.files)
        let directories = repository.paths.filter { $0.hasSuffix("/kustomization.yaml") }
            .map { String($0.dropLast("/kustomization.yaml".count)) }
        #expect(!directories.isEmpty)
        for directory in directories {
            switch Kubectl.kustomize(temporary.path(directory)) {
            case .success(let output): #expect(!output.isEmpty, "\(directory) built nothing")
            case .failure(let failure): Issue.record("\(directory): \(failure)")
            }
        }
    }

    /// The upstream chart values beside the repository (`../shared/charts`), read but never copied.
    static let chartsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/charts").path

    @Test(
        "Every Helm values key the components set exists in the chart's values.yaml",
        .enabled(
            if: FileManager.default.fileExists(atPath: chartsRoot),
            "the chart values (../shared/charts) are absent"
        ),
        arguments: [0, 1]
    )
    func valuesKeysExist(_ index: Int) throws {
        let repository = StorageFixture.generate(Self.specs[index].1)
        let releases = repository.paths.flatMap { StorageFixture.documents(repository, $0) }
            .filter { $0["kind"]?.string == "HelmRelease" }
        #expect(releases.count >= 5)
        for release in releases {
            let chart = try #require(release[path: ["spec", "chart", "spec", "chart"]]?.string)
            let version = try #require(release[path: ["spec", "chart", "spec", "version"]]?.string)
            let path = "\(Self.chartsRoot)/\(chart)/\(version)/values.yaml"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                Issue.record("no chart values at \(path)")
                continue
            }
            let defaults = try #require(YAMLLoader.load(text, path: path, into: DiagnosticCollector()).first?.root)
            for missing in Self.unknownKeys(release[path: ["spec", "values"]] ?? [:], defaults: defaults, prefix: "") {
                Issue.record("\(chart) \(version): values key \(missing) is not in the chart's values.yaml")
            }
        }
    }

    /// Keys of `values` absent from `defaults`; below a default that is an empty map any key is accepted.
    static func unknownKeys(_ values: YAMLNode, defaults: YAMLNode, prefix: String) -> [String] {
        guard case .mapping(let pairs) = values.content, case .mapping(let known) = defaults.content, !known.isEmpty
        else { return [] }
        return pairs.flatMap { pair -> [String] in
            let key = pair.key.string ?? ""
            guard let match = known.first(where: { $0.key.string == key }) else { return [prefix + key] }
            return unknownKeys(pair.value, defaults: match.value, prefix: prefix + key + ".")
        }
    }

    @Test("Local path storage follows the spec's base path and class on every cluster", arguments: [0, 1])
    func localPath(_ index: Int) throws {
        let spec = Self.specs[index].1
        let repository = StorageFixture.generate(spec)
        for cluster in spec.clusters {
            let objects = StorageFixture.objects(repository, under: "infrastructure/\(cluster.name)/operators")
            let release = try #require(StorageFixture.object(objects, kind: "HelmRelease", name: "localpv-provisioner"))
            let values = try #require(release[path: ["spec", "values"]])
            #expect(values[path: ["hostpathClass", "basePath"]]?.string == spec.storage.localPath.basePath)
            #expect(values[path: ["hostpathClass", "name"]]?.string == spec.storage.localPath.storageClass.name)
            #expect(
                values[path: ["hostpathClass", "reclaimPolicy"]]?.string
                    == spec.storage.localPath.storageClass.reclaimPolicy
            )
            let snapshots = StorageFixture.object(objects, kind: "HelmRelease", name: "snapshot-controller")
            #expect((snapshots != nil) == (cluster.ceph != .none))
        }
    }
}
