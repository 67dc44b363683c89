import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataGenerate
import StrataPlatform
import StrataTestSupport
import StrataYAML
import Testing

/// The data components under test, the specs they are tested with, and helpers to read their output.
enum DataGeneration {
    /// The components this area contributes.
    static let components: [any PlatformComponent] = [
        CloudNativePG(), VolSync(), Velero(), BackupVerification(), Applications(),
    ]

    /// A spec that differs from the default in every number this area uses: three clusters, other
    /// schedules, retention, sizes, object store, classes, and applications spread over the clusters.
    static let secondSpec: PlatformSpec = {
        var spec = DefaultPlatform.spec
        var edge = spec.clusters[1]
        edge.name = "edge"
        edge.id = 3
        edge.asn = 65003
        edge.podCIDR = "10.248.0.0/16"
        edge.serviceCIDR = "10.249.0.0/16"
        edge.loadBalancerPools = ["10.25.12.128/26"]
        edge.endpoint = "10.25.11.30"
        edge.nodes = edge.nodes.enumerated().map { index, node in
            var node = node
            node.name = "edge-0\(index + 1)"
            node.address = "10.25.11.3\(index + 1)"
            return node
        }
        spec.clusters.append(edge)
        // Images from a mirror, as an air-gapped site pulls them.
        spec.versions.images["velero-plugin-for-aws"] = "registry.lab.example/velero/velero-plugin-for-aws:v1.14.2"
        spec.versions.images["restic"] = "registry.lab.example/restic/restic:0.18.0"
        spec.storage.ceph.pools.append(
            CephPoolSpec(
                name: "ecpool",
                protection: .erasureCoded(dataChunks: 3, codingChunks: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "ceph-ec", isDefault: false, reclaimPolicy: "Retain")
            )
        )
        spec.backups = BackupSpec(
            objectStore: ObjectStoreSpec(
                endpoint: "https://s3.lab.example/",
                bucket: "dr",
                region: "eu-west-2",
                credentialsItem: "lab-s3"
            ),
            volsync: VolSyncDefaults(
                schedule: "15 */4 * * *",
                retention: RetentionSpec(hourly: 6, daily: 14, weekly: 8, monthly: 0),
                resticPasswordItem: "lab-restic"
            ),
            velero: VeleroSpec(schedule: "30 1 * * *", ttl: "336h"),
            verification: VerificationSpec(schedule: "30 2 * * 3")
        )
        spec.databases = [
            DatabaseSpec(
                name: "main",
                cluster: "edge",
                namespace: "pg",
                instances: 2,
                sizeBytes: 20 << 30,
                storageClass: "ceph-ec",
                backupSchedule: "0 30 */2 * * *",
                retention: "14d"
            )
        ]
        spec.applications = [
            ApplicationSpec(
                name: "notes",
                cluster: "edge",
                namespace: "notes",
                image: "ghcr.io/example/notes:1.2.3",
                port: 8080,
                memoryBytes: 1 << 30,
                volumes: [
                    VolumeSpec(
                        name: "notes-data",
                        sizeBytes: 5 << 30,
                        storageClass: "ceph-ec",
                        mountPath: "/data",
                        schedule: "0 */6 * * *",
                        retention: RetentionSpec(hourly: 12, daily: 7, weekly: 0, monthly: 0),
                        backup: true
                    ),
                    VolumeSpec(
                        name: "notes-index",
                        sizeBytes: 2 << 30,
                        storageClass: "openebs-hostpath",
                        mountPath: "/index",
                        schedule: nil,
                        retention: nil,
                        backup: true
                    ),
                    VolumeSpec(
                        name: "notes-tmp",
                        sizeBytes: 1 << 30,
                        storageClass: "openebs-hostpath",
                        mountPath: "/tmp",
                        schedule: nil,
                        retention: nil,
                        backup: false
                    ),
                ]
            ),
            ApplicationSpec(
                name: "status",
                cluster: "infra",
                namespace: "status",
                image: "ghcr.io/example/status:0.9.0",
                port: 9000,
                memoryBytes: 256 << 20,
                volumes: []
            ),
        ]
        return spec
    }()

    /// The default spec or ``secondSpec``, by name (test arguments stay readable).
    static func spec(named name: String) -> PlatformSpec {
        name == "second" ? secondSpec : DefaultPlatform.spec
    }

    /// The files the data components generate for a spec.
    static func generate(_ spec: PlatformSpec) -> GeneratedRepository {
        RepositoryGenerator(spec: spec, components: components).generate()
    }

    /// The documents of a generated file.
    static func documents(_ repository: GeneratedRepository, _ path: String) -> [YAMLNode] {
        guard let text = repository.files[path] else { return [] }
        return YAMLLoader.load(text, path: path, into: DiagnosticCollector()).map(\.root)
    }

    /// The one document of a kind (and name) in a generated file.
    static func object(
        _ repository: GeneratedRepository,
        _ path: String,
        kind: String,
        name: String? = nil
    ) -> YAMLNode? {
        documents(repository, path).first {
            $0["kind"]?.string == kind && (name == nil || $0[path: ["metadata", "name"]]?.string == name)
        }
    }

    /// The upstream CRDs, Kubernetes schemas and chart values beside the repository, when they are there.
    static let shared: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared").path

    /// Whether the upstream CRDs and charts are available.
    static var hasShared: Bool {
        FileManager.default.fileExists(atPath: shared + "/crds")
            && FileManager.default.fileExists(atPath: shared + "/charts")
    }

    /// What `strata check --crds … --schema-location … --charts …` reports on the written repository.
    static func check(_ repository: GeneratedRepository) throws -> [Diagnostic] {
        let tree = try TemporaryRepository(repository.files)
        let root = URL(fileURLWithPath: tree.root).resolvingSymlinksInPath().path
        let loaded = RepositoryLoader(root: root).load()
        let collector = DiagnosticCollector()
        var configuration = Configuration.load(root: root, knownRuleIDs: Analyzer.knownIDs, into: collector)
        configuration.charts = shared + "/charts"
        let schemas = SchemaCheck(
            crdPaths: [shared + "/crds"],
            schemaLocations: [shared + "/schemas/kubernetes/v1.36.0/{{ .ResourceKind }}.json"]
        )
        try schemas.run(loaded, into: collector)
        return Analyzer().analyze(loaded, configuration: configuration, extra: collector.diagnostics).diagnostics
    }

    /// Writes the repository and builds every directory holding a kustomization with `kubectl kustomize`;
    /// returns the failures.
    static func kustomizeFailures(_ repository: GeneratedRepository) throws -> [String] {
        let tree = try TemporaryRepository(repository.files)
        let directories = repository.paths.filter { $0.hasSuffix("/kustomization.yaml") }.map {
            String($0.dropLast("/kustomization.yaml".count))
        }
        #expect(!directories.isEmpty)
        return directories.compactMap { directory in
            if case .failure(let failure) = Kubectl.kustomize(tree.path(directory)) { return failure.description }
            return nil
        }
    }
}

@Suite("Applications")
struct ApplicationTests {
    @Test(
        "Every directory of the generated repository builds with kubectl kustomize, for both specs",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed"),
        arguments: ["default", "second"]
    )
    func kustomizeBuilds(name: String) throws {
        let repository = DataGeneration.generate(DataGeneration.spec(named: name))
        #expect(repository.duplicatePaths.isEmpty)
        #expect(try DataGeneration.kustomizeFailures(repository) == [], "\(name)")
    }

    @Test(
        "strata check with CRDs, Kubernetes schemas and chart values finds nothing, for both specs",
        .enabled(if: DataGeneration.hasShared, "the upstream CRDs and charts are not beside the repository"),
        arguments: ["default", "second"]
    )
    func checkIsClean(name: String) throws {
        let findings = try DataGeneration.check(DataGeneration.generate(DataGeneration.spec(named: name)))
        #expect(findings.map { "\($0.id) \($0.message)" } == [])
    }

    @Test("The default wiki runs in the apps cluster with its image, port, memory and a restored claim")
    func defaultWiki() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        let deployment = try #require(
            DataGeneration.object(repository, "apps/apps/wiki/deployment.yaml", kind: "Deployment")
        )
        let container = try #require(deployment[path: ["spec", "template", "spec", "containers"]]?.items?.first)
        #expect(container["image"]?.string == "ghcr.io/requarks/wiki:2.5.307")
        #expect(container[path: ["ports"]]?.items?.first?["containerPort"]?.int == 3000)
        #expect(container[path: ["resources", "requests", "memory"]]?.string == "512Mi")
        #expect(container[path: ["resources", "limits", "memory"]]?.string == "512Mi")
        #expect(container[path: ["securityContext", "allowPrivilegeEscalation"]]?.bool == false)
        #expect(deployment[path: ["spec", "template", "spec", "securityContext", "runAsNonRoot"]]?.bool == true)
        #expect(deployment[path: ["spec", "strategy", "type"]]?.string == "Recreate")
        let claim = try #require(
            DataGeneration.object(repository, "apps/apps/wiki/pvc.yaml", kind: "PersistentVolumeClaim")
        )
        #expect(claim[path: ["spec", "resources", "requests", "storage"]]?.string == "10Gi")
        #expect(claim[path: ["spec", "storageClassName"]]?.string == "ceph-block")
        #expect(claim[path: ["spec", "dataSourceRef", "kind"]]?.string == "ReplicationDestination")
        #expect(claim[path: ["spec", "dataSourceRef", "name"]]?.string == "wiki-data-restore")
        #expect(claim[path: ["metadata", "labels", "velero.io/exclude-from-backup"]]?.string == "true")
        #expect(repository.files["apps/infra/kustomization.yaml"] == nil)
        let service = try #require(DataGeneration.object(repository, "apps/apps/wiki/deployment.yaml", kind: "Service"))
        #expect(service[path: ["spec", "ports"]]?.items?.first?["port"]?.int == 3000)
    }

    @Test("Applications follow the second spec: their cluster, sizes, and claims restored only when they can be")
    func secondSpecApplications() throws {
        let repository = DataGeneration.generate(DataGeneration.secondSpec)
        #expect(repository.files["apps/apps/kustomization.yaml"] == nil)
        let claims = DataGeneration.documents(repository, "apps/edge/notes/pvc.yaml")
        #expect(claims.map { $0[path: ["metadata", "name"]]?.string } == ["notes-data", "notes-index", "notes-tmp"])
        #expect(
            claims.map { $0[path: ["spec", "resources", "requests", "storage"]]?.string } == ["5Gi", "2Gi", "1Gi"]
        )
        #expect(
            claims.map { $0[path: ["spec", "dataSourceRef", "name"]]?.string } == ["notes-data-restore", nil, nil]
        )
        #expect(claims[2][path: ["metadata", "annotations", "ignore.strata.dev/backup.pvc-not-covered"]] != nil)
        // Velero leaves out exactly the claims VolSync backs up, with or without a restore destination.
        #expect(
            claims.map { $0[path: ["metadata", "labels", "velero.io/exclude-from-backup"]]?.string }
                == ["true", "true", nil]
        )
        let deployment = try #require(
            DataGeneration.object(repository, "apps/edge/notes/deployment.yaml", kind: "Deployment")
        )
        let container = try #require(deployment[path: ["spec", "template", "spec", "containers"]]?.items?.first)
        #expect(container[path: ["resources", "limits", "memory"]]?.string == "1Gi")
        #expect(container["volumeMounts"]?.items?.map { $0["mountPath"]?.string } == ["/data", "/index", "/tmp"])
        let status = try #require(
            DataGeneration.object(repository, "apps/infra/status/deployment.yaml", kind: "Deployment")
        )
        #expect(status[path: ["spec", "strategy"]] == nil)
        #expect(repository.files["apps/infra/status/pvc.yaml"] == nil)
    }

    @Test(
        "Byte sizes become the largest exact binary unit",
        arguments: [
            (Int64(10) << 30, "10Gi"), (Int64(512) << 20, "512Mi"), (Int64(1536) << 20, "1536Mi"),
            (Int64(3) << 40, "3Ti"),
            (Int64(1000), "1000"),
        ]
    )
    func quantity(bytes: Int64, expected: String) {
        #expect(VolSyncRepository.quantity(bytes) == expected)
    }
}
