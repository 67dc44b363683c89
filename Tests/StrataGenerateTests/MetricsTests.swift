import Foundation
import StrataCore
import StrataPlatform
import StrataSchema
import StrataTestSupport
import StrataYAML
import Testing

@testable import StrataGenerate

/// The observability components, the specs their tests run on, and helpers to read what they generate.
enum MetricsFixture {
    /// The components these tests cover.
    static let components: [any PlatformComponent] = [
        VictoriaMetricsOperator(), VictoriaMetricsCluster(), VictoriaMetricsAgent(), VictoriaMetricsScrapes(),
        Alerting(), AlertingRules(), Grafana(),
    ]

    /// A second platform that differs in every number: three clusters, the metrics cluster second and
    /// without Ceph of its own, other sizes, retention, scrape interval, schedules and Ceph ratios.
    static let secondSpec: PlatformSpec = {
        var spec = DefaultPlatform.spec
        spec.name = "lab"
        func node(_ index: Int) -> NodeSpec {
            NodeSpec(
                name: "node-\(index)",
                role: index <= 3 ? .controlplane : .worker,
                address: "192.168.40.\(100 + index)",
                memoryBytes: 96 << 30,
                cpus: 16,
                disks: [
                    DiskSpec(device: "/dev/disk/by-id/ata-system-\(index)", sizeBytes: 256_000_000_000, use: .system),
                    DiskSpec(device: "/dev/disk/by-id/nvme-osd-\(index)", sizeBytes: 2_000_000_000_000, use: .ceph),
                ]
            )
        }
        var storage = spec.clusters[0]
        storage.name = "storage"
        storage.nodes = (1...5).map(node)
        var observe = spec.clusters[1]
        observe.name = "observe"
        observe.nodes = (6...9).map(node)
        var edge = spec.clusters[1]
        edge.name = "edge"
        edge.id = 3
        edge.ceph = .none
        edge.nodes = [node(10)]
        spec.clusters = [storage, observe, edge]
        spec.storage.ceph.mons = 5
        spec.storage.ceph.fullRatio = 0.9
        spec.storage.ceph.nearFullRatio = 0.75
        spec.storage.ceph.backfillFullRatio = 0.8
        spec.storage.ceph.pools = [
            CephPoolSpec(
                name: "ec",
                protection: .erasureCoded(dataChunks: 3, codingChunks: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "ceph-ec", isDefault: false, reclaimPolicy: "Retain")
            ),
            CephPoolSpec(
                name: "fast",
                protection: .replicated(size: 3, minSize: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "ceph-fast", isDefault: true, reclaimPolicy: "Delete")
            ),
        ]
        spec.metrics = MetricsSpec(
            cluster: "observe",
            retention: "180d",
            replicationFactor: 3,
            storageReplicas: 5,
            frontendReplicas: 3,
            storageVolumeBytes: 250 << 30,
            scrapeInterval: "15s",
            seriesEstimate: 2_000_000
        )
        spec.backups.volsync.schedule = "0 */4 * * *"
        spec.backups.velero.schedule = "15 1 * * *"
        spec.databases[0].cluster = "storage"
        spec.databases[0].name = "pg-main"
        spec.databases[0].namespace = "postgres"
        spec.databases[0].backupSchedule = "0 30 */12 * * *"
        spec.applications[0].cluster = "edge"
        spec.applications[0].namespace = "docs"
        spec.applications[0].volumes.append(
            VolumeSpec(
                name: "wiki-uploads",
                sizeBytes: 5 << 30,
                storageClass: "ceph-fast",
                mountPath: "/uploads",
                schedule: "0 3 * * 1",
                retention: nil,
                backup: true
            )
        )
        return spec
    }()

    /// Both specs, by name, for parameterised tests.
    static let specs: [(String, PlatformSpec)] = [("default", DefaultPlatform.spec), ("second", secondSpec)]

    /// Generates a spec with these components.
    static func generate(_ spec: PlatformSpec) -> GeneratedRepository {
        RepositoryGenerator(spec: spec, components: components).generate()
    }

    /// Every document of the YAML files under a directory of the generated repository.
    static func objects(_ repository: GeneratedRepository, under directory: String) -> [YAMLNode] {
        repository.paths.filter { $0.hasPrefix(directory + "/") && !$0.hasSuffix("/kustomization.yaml") }
            .flatMap { path in
                YAMLLoader.load(repository.files[path] ?? "", path: path, into: DiagnosticCollector()).map(\.root)
            }
    }

    /// The documents of one cluster's layer.
    static func objects(_ repository: GeneratedRepository, cluster: String, layer: Layer) -> [YAMLNode] {
        objects(repository, under: layer.directory(cluster: cluster))
    }

    /// The first object of a kind (and name) among documents.
    static func object(_ objects: [YAMLNode], kind: String, name: String? = nil) -> YAMLNode? {
        objects.first {
            $0["kind"]?.string == kind && (name == nil || $0[path: ["metadata", "name"]]?.string == name)
        }
    }

    /// Writes a generated repository into a temporary directory.
    static func write(_ repository: GeneratedRepository) throws -> TemporaryRepository {
        try TemporaryRepository(repository.files)
    }

    /// The reference material beside the repository: `STRATA_<NAME>` or `../shared/<name>`.
    static func reference(_ name: String) -> String {
        ProcessInfo.processInfo.environment["STRATA_\(name.uppercased())"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/\(name)").path
    }

    /// Whether the upstream CRDs are present.
    static var hasCRDs: Bool { FileManager.default.fileExists(atPath: reference("crds")) }

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
}

@Suite("VictoriaMetrics")
struct MetricsTests {
    @Test("The operator is installed in every cluster with values its chart defines", arguments: [0, 1])
    func operatorEverywhere(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let repository = MetricsFixture.generate(spec)
        for cluster in spec.clusters {
            let objects = MetricsFixture.objects(repository, cluster: cluster.name, layer: .operators)
            let release = try #require(
                MetricsFixture.object(objects, kind: "HelmRelease", name: "victoria-metrics-operator")
            )
            #expect(release[path: ["spec", "chart", "spec", "version"]]?.string == "0.67.2")
            #expect(MetricsFixture.object(objects, kind: "Namespace", name: "monitoring") != nil)
            #expect(repository.files["clusters/\(cluster.name)/sources.yaml"]?.contains("victoriametrics") == true)
        }
    }

    @Test("Chart values use only keys of the charts' values.yaml", arguments: ["victoria-metrics-operator", "grafana"])
    func chartValues(_ chart: String) throws {
        let spec = DefaultPlatform.spec
        let version = try #require(spec.versions.charts[chart])
        let path = "\(MetricsFixture.reference("charts"))/\(chart)/\(version)/values.yaml"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            print("skipped: no chart values at \(path)")
            return
        }
        let defaults = try #require(YAMLLoader.load(text, path: path, into: DiagnosticCollector()).first?.root)
        let repository = MetricsFixture.generate(spec)
        let releases = MetricsFixture.objects(repository, under: "infrastructure").filter {
            $0["kind"]?.string == "HelmRelease" && $0[path: ["spec", "chart", "spec", "chart"]]?.string == chart
        }
        #expect(!releases.isEmpty)
        for release in releases {
            // `storageClassName` is documented only as a comment in Grafana's values.
            let unknown = MetricsFixture.unknownKeys(
                release[path: ["spec", "values"]] ?? [:],
                defaults: defaults,
                prefix: ""
            )
            .filter { $0 != "persistence.storageClassName" }
            #expect(unknown.isEmpty, "\(chart): \(unknown)")
        }
    }

    @Test("The VMCluster follows the spec's retention, replication, replicas, volume and class", arguments: [0, 1])
    func vmCluster(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let repository = MetricsFixture.generate(spec)
        let metricsCluster = try #require(spec.clusters.first { $0.name == spec.metrics.cluster })
        let objects = MetricsFixture.objects(repository, cluster: metricsCluster.name, layer: .observability)
        let vmCluster = try #require(MetricsFixture.object(objects, kind: "VMCluster"))
        let clusterSpec = try #require(vmCluster["spec"])
        #expect(clusterSpec["retentionPeriod"]?.string == spec.metrics.retention)
        #expect(clusterSpec["replicationFactor"]?.int == spec.metrics.replicationFactor)
        #expect(clusterSpec[path: ["vmstorage", "replicaCount"]]?.int == spec.metrics.storageReplicas)
        #expect(clusterSpec[path: ["vmselect", "replicaCount"]]?.int == spec.metrics.frontendReplicas)
        #expect(clusterSpec[path: ["vminsert", "replicaCount"]]?.int == spec.metrics.frontendReplicas)
        let claim = try #require(clusterSpec[path: ["vmstorage", "storage", "volumeClaimTemplate", "spec"]])
        #expect(
            claim[path: ["resources", "requests", "storage"]]?.string
                == (index == 0 ? "100Gi" : "250Gi")
        )
        // The default spec's only pool class; the second spec's default class, not its first pool's.
        #expect(claim["storageClassName"]?.string == (index == 0 ? "ceph-block" : "ceph-fast"))
        for component in ["vmstorage", "vmselect"] {
            #expect(
                clusterSpec[path: [component, "extraArgs", "dedup.minScrapeInterval"]]?.string
                    == spec.metrics.scrapeInterval
            )
        }
        // 2M series, three copies over five nodes, at 4 KiB each: 4687.5 MiB, rounded up to 64 MiB.
        let memory = clusterSpec[path: ["vmstorage", "resources", "requests", "memory"]]?.string
        #expect(memory == (index == 0 ? "512Mi" : "4736Mi"))
        // Every other cluster has no VMCluster.
        for cluster in spec.clusters where cluster.name != metricsCluster.name {
            let others = MetricsFixture.objects(repository, cluster: cluster.name, layer: .observability)
            #expect(MetricsFixture.object(others, kind: "VMCluster") == nil)
            #expect(MetricsFixture.object(others, kind: "HelmRelease", name: "grafana") == nil)
        }
    }

    @Test("Every cluster has a VMAgent writing to vminsert through one Service name", arguments: [0, 1])
    func agents(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let repository = MetricsFixture.generate(spec)
        let topology = VictoriaMetricsTopology(context: GenerationContext(spec: spec))
        let metrics = try #require(spec.clusters.first { $0.name == spec.metrics.cluster })
        let vmCluster = try #require(
            MetricsFixture.object(
                MetricsFixture.objects(repository, cluster: metrics.name, layer: .observability),
                kind: "VMCluster"
            )
        )
        // The operator names vminsert's Service `vminsert-<VMCluster name>`.
        let clusterName = try #require(vmCluster[path: ["metadata", "name"]]?.string)
        let namespace = try #require(vmCluster[path: ["metadata", "namespace"]]?.string)
        let annotations = try #require(vmCluster[path: ["spec", "vminsert", "serviceSpec", "metadata", "annotations"]])
        #expect(annotations["service.cilium.io/global"]?.string == "true")
        #expect(annotations["service.cilium.io/shared"]?.string == "true")
        #expect(vmCluster[path: ["spec", "vminsert", "serviceSpec", "useAsDefault"]]?.bool == true)
        let serviceHost = "vminsert-\(clusterName).\(namespace).svc"
        var globalServices = 0
        for cluster in spec.clusters {
            let objects = MetricsFixture.objects(repository, cluster: cluster.name, layer: .observability)
            let agent = try #require(MetricsFixture.object(objects, kind: "VMAgent"), "no VMAgent in \(cluster.name)")
            let agentSpec = try #require(agent["spec"])
            #expect(agentSpec["scrapeInterval"]?.string == spec.metrics.scrapeInterval)
            #expect(agentSpec[path: ["externalLabels", "cluster"]]?.string == cluster.name)
            #expect(agentSpec["selectAllByDefault"]?.bool == true)
            let url = try #require(agentSpec["remoteWrite"]?.items?.first?["url"]?.string)
            #expect(url == "http://\(serviceHost):8480/insert/0/prometheus/api/v1/write")
            // None of the fields the operator rejects or prunes.
            for key in ["serviceScrapeSelector", "podScrapeSelector", "probeScrapeSelector", "relabelConfig"] {
                #expect(agentSpec[key] == nil)
            }
            #expect(agentSpec["remoteWrite"]?.items?.allSatisfy { $0["queueConfig"] == nil } == true)
            let service = MetricsFixture.object(objects, kind: "Service", name: "vminsert-\(clusterName)")
            if cluster.name == metrics.name {
                // The operator's own Service carries the annotation; a second one would fight it.
                #expect(service == nil)
                continue
            }
            let global = try #require(service, "no global vminsert Service in \(cluster.name)")
            globalServices += 1
            #expect(global[path: ["metadata", "namespace"]]?.string == namespace)
            #expect(global[path: ["metadata", "annotations", "service.cilium.io/global"]]?.string == "true")
            #expect(global[path: ["metadata", "annotations", "service.cilium.io/shared"]]?.string == "false")
            #expect(global[path: ["spec", "selector"]] == nil)
            let port = try #require(global[path: ["spec", "ports"]]?.items?.first)
            #expect(port["port"]?.int == topology.insertPort)
            #expect(port["name"]?.string == "http")
        }
        #expect(globalServices == spec.clusters.count - 1)
    }

    @Test("VMAlert and Grafana read vmselect and write to vminsert of the VMCluster", arguments: [0, 1])
    func wiring(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let repository = MetricsFixture.generate(spec)
        let objects = MetricsFixture.objects(repository, cluster: spec.metrics.cluster, layer: .observability)
        let query = "http://vmselect-vmcluster.monitoring.svc:8481/select/0/prometheus"
        let alert = try #require(MetricsFixture.object(objects, kind: "VMAlert"))
        #expect(alert[path: ["spec", "datasource", "url"]]?.string == query)
        #expect(alert[path: ["spec", "remoteRead", "url"]]?.string == query)
        #expect(
            alert[path: ["spec", "remoteWrite", "url"]]?.string
                == "http://vminsert-vmcluster.monitoring.svc:8480/insert/0/prometheus"
        )
        #expect(alert[path: ["spec", "selectAllByDefault"]]?.bool == true)
        let notifier = try #require(alert[path: ["spec", "notifiers"]]?.items?.first?["url"]?.string)
        let alertmanager = try #require(MetricsFixture.object(objects, kind: "VMAlertmanager"))
        let alertmanagerName = try #require(alertmanager[path: ["metadata", "name"]]?.string)
        #expect(notifier == "http://vmalertmanager-\(alertmanagerName).monitoring.svc:9093")
        let raw = try #require(alertmanager[path: ["spec", "configRawYaml"]]?.string)
        let config = try #require(YAMLLoader.load(raw, path: "alertmanager", into: DiagnosticCollector()).first?.root)
        #expect(config[path: ["route", "receiver"]]?.string == "webhook")
        let grafana = try #require(MetricsFixture.object(objects, kind: "HelmRelease", name: "grafana"))
        let source = try #require(
            grafana[path: ["spec", "values", "datasources", "datasources.yaml", "datasources"]]?.items?.first
        )
        #expect(source["url"]?.string == query)
        #expect(grafana[path: ["spec", "values", "admin", "existingSecret"]]?.string == "grafana-admin")
        let secret = try #require(MetricsFixture.object(objects, kind: "ExternalSecret", name: "grafana-admin"))
        #expect(secret[path: ["spec", "secretStoreRef", "name"]]?.string == "onepassword")
        let users = objects.filter { $0["kind"]?.string == "VMUser" }
        #expect(users.count == 2)
        let auth = try #require(MetricsFixture.object(objects, kind: "VMAuth"))
        let selected = try #require(auth[path: ["spec", "userSelector", "matchLabels"]]?.pairs?.first)
        for user in users {
            #expect(user[path: ["metadata", "labels", selected.key.string ?? ""]]?.string == selected.value.string)
        }
    }

    @Test("Every directory builds with kubectl kustomize", .enabled(if: Kubectl.isAvailable), arguments: [0, 1])
    func kustomize(_ index: Int) throws {
        let repository = MetricsFixture.generate(MetricsFixture.specs[index].1)
        #expect(repository.duplicatePaths.isEmpty)
        let written = try MetricsFixture.write(repository)
        // Set to inspect the output, or to run `strata check` on it.
        if let target = ProcessInfo.processInfo.environment["STRATA_GENERATE_DUMP"] {
            for (path, text) in repository.files {
                let url = URL(fileURLWithPath: "\(target)/\(index)/\(path)")
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data(text.utf8).write(to: url)
            }
        }
        let directories = repository.paths.filter { $0.hasSuffix("/kustomization.yaml") }
            .map { String($0.dropLast("/kustomization.yaml".count)) }
        #expect(!directories.isEmpty)
        for directory in directories {
            if case .failure(let failure) = Kubectl.kustomize(written.path(directory)) {
                Issue.record("\(directory): \(failure)")
            }
        }
    }

    @Test("Every custom resource validates against the upstream CRDs", arguments: [0, 1])
    func crds(_ index: Int) throws {
        guard MetricsFixture.hasCRDs else {
            print("skipped: no CRDs at \(MetricsFixture.reference("crds"))")
            return
        }
        var catalog = SchemaCatalog()
        let loading = DiagnosticCollector()
        try catalog.addCRDs(atPath: MetricsFixture.reference("crds"), into: loading)
        let validator = SchemaValidator(catalog: catalog)
        let repository = MetricsFixture.generate(MetricsFixture.specs[index].1)
        let objects = MetricsFixture.objects(repository, under: "infrastructure")
        var validated: Set<String> = []
        for object in objects {
            let kind = object["kind"]?.string ?? ""
            guard object["apiVersion"]?.string?.contains(".") == true else { continue }
            let sink = DiagnosticCollector()
            let outcome = validator.validate(object, into: sink)
            if kind != "HelmRelease" { #expect(outcome == .validated, "\(kind) has no CRD") }
            if outcome == .validated { validated.insert(kind) }
            let problems = sink.diagnostics.filter { $0.severity >= .warning }
            #expect(problems.isEmpty, "\(kind) \(object[path: ["metadata", "name"]]?.string ?? ""): \(problems)")
        }
        #expect(
            validated.isSuperset(of: [
                "VMCluster", "VMAgent", "VMAlert", "VMAlertmanager", "VMAuth", "VMUser", "VMRule",
            ])
        )
    }

    @Test("What the rules read is scraped where it runs", arguments: [0, 1])
    func scrapes(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let repository = MetricsFixture.generate(spec)
        for cluster in spec.clusters {
            let objects = MetricsFixture.objects(repository, cluster: cluster.name, layer: .observability)
            #expect(MetricsFixture.object(objects, kind: "VMPodScrape", name: "flux-system") != nil)
            #expect(MetricsFixture.object(objects, kind: "VMServiceScrape", name: "velero") != nil)
            let ceph = MetricsFixture.object(objects, kind: "VMServiceScrape", name: "ceph-mgr")
            #expect((ceph != nil) == (cluster.ceph == .provider), "\(cluster.name)")
            // VolSync runs, and is scraped, only where some application volume is backed up.
            let backsUp = spec.applications.contains {
                $0.cluster == cluster.name && $0.volumes.contains(where: \.backup)
            }
            let volsync = MetricsFixture.object(objects, kind: "VMServiceScrape", name: "volsync-metrics")
            #expect((volsync != nil) == backsUp, "\(cluster.name)")
            if let volsync {
                #expect(
                    volsync[path: ["spec", "namespaceSelector", "matchNames"]]?.items?.first?.string == "volsync-system"
                )
                #expect(
                    volsync[path: ["spec", "selector", "matchLabels", "control-plane"]]?.string == "volsync-controller"
                )
                let endpoint = volsync[path: ["spec", "endpoints"]]?.items?.first
                #expect(endpoint?["port"]?.string == "https")
                #expect(endpoint?["scheme"]?.string == "https")
                #expect(endpoint?[path: ["tlsConfig", "insecureSkipVerify"]]?.bool == true)
            }
            for database in spec.databases {
                let scrape = MetricsFixture.object(objects, kind: "VMPodScrape", name: "postgres-\(database.name)")
                #expect((scrape != nil) == (database.cluster == cluster.name))
                if let scrape {
                    #expect(
                        scrape[path: ["spec", "namespaceSelector", "matchNames"]]?.items?.first?.string
                            == database.namespace
                    )
                }
            }
        }
    }

    @Test("The shared second platform passes kustomize, strata check and promtool")
    func sharedSecondPlatform() throws {
        let spec = SecondPlatform.spec
        let repository = MetricsFixture.generate(spec)
        #expect(repository.duplicatePaths.isEmpty)
        for cluster in spec.clusters {
            let objects = MetricsFixture.objects(repository, cluster: cluster.name, layer: .observability)
            #expect(MetricsFixture.object(objects, kind: "VMAgent") != nil, "\(cluster.name)")
            let global = MetricsFixture.object(objects, kind: "Service", name: "vminsert-vmcluster")
            let vmCluster = MetricsFixture.object(objects, kind: "VMCluster")
            // The metrics cluster has the operator's annotated Service, every other one a global Service.
            #expect((global != nil) != (cluster.name == spec.metrics.cluster), "\(cluster.name)")
            #expect((vmCluster != nil) == (cluster.name == spec.metrics.cluster), "\(cluster.name)")
        }
        let root = try GenerationHarness.write(repository)
        defer { try? FileManager.default.removeItem(atPath: root) }
        if GenerationHarness.hasKubectl {
            #expect(try GenerationHarness.kustomizeFailures(in: root).isEmpty)
        }
        if GenerationHarness.hasShared {
            let findings = GenerationHarness.check(root).filter { $0.severity >= .note }
            #expect(findings.isEmpty, "\(findings.map { "\($0.id): \($0.message)" })")
        }
        if GenerationHarness.hasPromtool {
            #expect(try GenerationHarness.promtoolFailures(in: repository).isEmpty)
        }
    }

    @Test("Byte sizes become exact binary quantities")
    func quantities() {
        #expect(VictoriaMetricsTopology.quantity(bytes: 100 << 30) == "100Gi")
        #expect(VictoriaMetricsTopology.quantity(bytes: 1536 << 20) == "1536Mi")
        #expect(VictoriaMetricsTopology.quantity(bytes: 2 << 40) == "2Ti")
        #expect(VictoriaMetricsTopology.quantity(bytes: 1000) == "1000")
    }
}
