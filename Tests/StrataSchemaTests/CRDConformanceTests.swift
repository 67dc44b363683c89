import Foundation
import StrataCore
import StrataSchema
import StrataYAML
import Testing

/// The upstream CRDs beside the repository (`../shared/crds`), which tests read but never copy.
private let crdDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/crds").path

private let crdsPresent = FileManager.default.fileExists(atPath: crdDirectory)

/// One kind: its CRD file, apiVersion, and the body of a small valid object (after `metadata`).
struct CRDSample: CustomTestStringConvertible, Sendable {
    var file: String
    var apiVersion: String
    var kind: String
    var body: String

    var testDescription: String { kind + " (" + file + ")" }

    /// The valid object; `body` starts on line 6.
    var valid: String {
        """
        apiVersion: \(apiVersion)
        kind: \(kind)
        metadata:
          name: sample
          namespace: default
        \(body)
        """
    }

    /// The object with one unknown field, and where the finding must be: inside `spec: {` (line 6, column 8)
    /// when the body is a flow `spec`, else at the top level after the body.
    var invalid: (yaml: String, line: Int, column: Int, path: String) {
        if body.hasPrefix("spec: {") && !preservesSpec {
            var yaml = valid
            if let range = yaml.range(of: "\nspec: {") {
                yaml.replaceSubrange(range, with: "\nspec: {notAField: 1, ")
            }
            return (yaml, 6, 8, "spec.notAField")
        }
        let lines = body.split(separator: "\n").count
        return (valid + "\nnotAField: 1", 6 + lines, 1, "notAField")
    }

    /// Kinds whose `spec` keeps unknown fields (`x-kubernetes-preserve-unknown-fields`).
    private var preservesSpec: Bool { kind == "VMAuth" }
}

let crdSamples: [CRDSample] = [
    .init(
        file: "ceph.rook.io_cephblockpoolradosnamespaces.yaml",
        apiVersion: "ceph.rook.io/v1",
        kind: "CephBlockPoolRadosNamespace",
        body: "spec: {blockPoolName: replicapool}"
    ),
    .init(
        file: "ceph.rook.io_cephblockpools.yaml",
        apiVersion: "ceph.rook.io/v1",
        kind: "CephBlockPool",
        body: "spec: {failureDomain: host, replicated: {size: 3}}"
    ),
    .init(
        file: "ceph.rook.io_cephclusters.yaml",
        apiVersion: "ceph.rook.io/v1",
        kind: "CephCluster",
        body: "spec: {cephVersion: {image: 'quay.io/ceph/ceph:v19'}, dataDirHostPath: /var/lib/rook}"
    ),
    .init(
        file: "ceph.rook.io_cephfilesystems.yaml",
        apiVersion: "ceph.rook.io/v1",
        kind: "CephFilesystem",
        body: "spec: {metadataPool: {replicated: {size: 3}}, dataPools: [{name: data, replicated: {size: 3}}], "
            + "metadataServer: {activeCount: 1}}"
    ),
    .init(
        file: "ceph.rook.io_cephfilesystemsubvolumegroups.yaml",
        apiVersion: "ceph.rook.io/v1",
        kind: "CephFilesystemSubVolumeGroup",
        body: "spec: {filesystemName: myfs}"
    ),
    .init(
        file: "ceph.rook.io_cephobjectstores.yaml",
        apiVersion: "ceph.rook.io/v1",
        kind: "CephObjectStore",
        body: "spec: {gateway: {port: 80, instances: 1}}"
    ),
    .init(
        file: "cert-manager.io_certificates.yaml",
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        body: "spec: {secretName: tls, dnsNames: [example.com], issuerRef: {name: le, kind: ClusterIssuer}}"
    ),
    .init(
        file: "cert-manager.io_clusterissuers.yaml",
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        body: "spec: {selfSigned: {}}"
    ),
    .init(
        file: "cert-manager.io_issuers.yaml",
        apiVersion: "cert-manager.io/v1",
        kind: "Issuer",
        body: "spec: {selfSigned: {}}"
    ),
    .init(
        file: "cilium.io_ciliumbgpadvertisements.yaml",
        apiVersion: "cilium.io/v2",
        kind: "CiliumBGPAdvertisement",
        body: "spec: {advertisements: [{advertisementType: PodCIDR}]}"
    ),
    .init(
        file: "cilium.io_ciliumbgpclusterconfigs.yaml",
        apiVersion: "cilium.io/v2",
        kind: "CiliumBGPClusterConfig",
        body: "spec: {bgpInstances: [{name: instance-65000, localASN: 65000}]}"
    ),
    .init(
        file: "cilium.io_ciliumbgpnodeconfigoverrides.yaml",
        apiVersion: "cilium.io/v2",
        kind: "CiliumBGPNodeConfigOverride",
        body: "spec: {bgpInstances: [{name: instance-65000}]}"
    ),
    .init(
        file: "cilium.io_ciliumbgppeerconfigs.yaml",
        apiVersion: "cilium.io/v2",
        kind: "CiliumBGPPeerConfig",
        body: "spec: {gracefulRestart: {enabled: true}}"
    ),
    .init(
        file: "cilium.io_ciliumclusterwidenetworkpolicies.yaml",
        apiVersion: "cilium.io/v2",
        kind: "CiliumClusterwideNetworkPolicy",
        body: "spec: {endpointSelector: {}, ingress: [{fromEntities: [cluster]}]}"
    ),
    .init(
        file: "cilium.io_ciliuml2announcementpolicies.yaml",
        apiVersion: "cilium.io/v2alpha1",
        kind: "CiliumL2AnnouncementPolicy",
        body: "spec: {loadBalancerIPs: true, interfaces: ['^eth[0-9]+']}"
    ),
    .init(
        file: "cilium.io_ciliumloadbalancerippools.yaml",
        apiVersion: "cilium.io/v2",
        kind: "CiliumLoadBalancerIPPool",
        body: "spec: {blocks: [{cidr: 10.0.0.0/24}]}"
    ),
    .init(
        file: "cilium.io_ciliumnetworkpolicies.yaml",
        apiVersion: "cilium.io/v2",
        kind: "CiliumNetworkPolicy",
        body: "spec: {endpointSelector: {}, ingress: [{fromEntities: [cluster]}]}"
    ),
    .init(
        file: "external-secrets.io_clusterexternalsecrets.yaml",
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterExternalSecret",
        body: "spec: {externalSecretSpec: {secretStoreRef: {name: vault, kind: ClusterSecretStore}}}"
    ),
    .init(
        file: "external-secrets.io_clustersecretstores.yaml",
        apiVersion: "external-secrets.io/v1",
        kind: "ClusterSecretStore",
        body: "spec: {provider: {fake: {data: [{key: k, value: v}]}}}"
    ),
    .init(
        file: "external-secrets.io_externalsecrets.yaml",
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        body: "spec: {secretStoreRef: {name: vault, kind: ClusterSecretStore}, target: {name: app}, "
            + "data: [{secretKey: password, remoteRef: {key: app/password}}]}"
    ),
    .init(
        file: "external-secrets.io_secretstores.yaml",
        apiVersion: "external-secrets.io/v1",
        kind: "SecretStore",
        body: "spec: {provider: {fake: {data: [{key: k, value: v}]}}}"
    ),
    .init(
        file: "gateway.networking.k8s.io_gatewayclasses.yaml",
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        body: "spec: {controllerName: example.com/gateway-controller}"
    ),
    .init(
        file: "gateway.networking.k8s.io_gateways.yaml",
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        body: "spec: {gatewayClassName: cilium, listeners: [{name: http, port: 80, protocol: HTTP}]}"
    ),
    .init(
        file: "gateway.networking.k8s.io_httproutes.yaml",
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        body: "spec: {parentRefs: [{name: gw}], hostnames: [app.example.com], "
            + "rules: [{backendRefs: [{name: app, port: 80}]}]}"
    ),
    .init(
        file: "helm.toolkit.fluxcd.io_helmreleases.yaml",
        apiVersion: "helm.toolkit.fluxcd.io/v2",
        kind: "HelmRelease",
        body: "spec: {interval: 10m, chart: {spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}}}"
    ),
    .init(
        file: "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        body: "spec: {interval: 10m, path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}"
    ),
    .init(
        file: "monitoring.coreos.com_podmonitors.yaml",
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        body: "spec: {selector: {matchLabels: {app: x}}, podMetricsEndpoints: [{port: metrics}]}"
    ),
    .init(
        file: "monitoring.coreos.com_prometheusrules.yaml",
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        body: "spec: {groups: [{name: g, rules: [{alert: A, expr: up == 0}]}]}"
    ),
    .init(
        file: "monitoring.coreos.com_servicemonitors.yaml",
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        body: "spec: {selector: {matchLabels: {app: x}}, endpoints: [{port: metrics, interval: 30s}]}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmagents.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMAgent",
        body: "spec: {remoteWrite: [{url: 'http://vm:8428/api/v1/write'}]}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmalertmanagers.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMAlertmanager",
        body: "spec: {replicaCount: 1}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmalerts.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMAlert",
        body: "spec: {datasource: {url: 'http://vm:8428'}, notifier: {url: 'http://am:9093'}}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmauths.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMAuth",
        body: "spec: {selectAllByDefault: true}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmclusters.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMCluster",
        body: "spec: {retentionPeriod: '1', vmstorage: {replicaCount: 1}}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmnodescrapes.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMNodeScrape",
        body: "spec: {interval: 30s}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmpodscrapes.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMPodScrape",
        body: "spec: {podMetricsEndpoints: [{port: metrics}]}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmprobes.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMProbe",
        body: "spec: {vmProberSpec: {url: 'http://blackbox:9115'}, module: http_2xx}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmrules.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMRule",
        body: "spec: {groups: [{name: g, rules: [{alert: A, expr: up == 0}]}]}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmservicescrapes.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMServiceScrape",
        body: "spec: {endpoints: [{port: http}], selector: {matchLabels: {app: x}}}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmsingles.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMSingle",
        body: "spec: {retentionPeriod: '1'}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmstaticscrapes.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMStaticScrape",
        body: "spec: {targetEndpoints: [{targets: ['10.0.0.1:9100']}]}"
    ),
    .init(
        file: "operator.victoriametrics.com_vmusers.yaml",
        apiVersion: "operator.victoriametrics.com/v1beta1",
        kind: "VMUser",
        body: "spec: {targetRefs: [{static: {url: 'http://vm:8428'}}]}"
    ),
    .init(
        file: "postgresql.cnpg.io_backups.yaml",
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Backup",
        body: "spec: {cluster: {name: pg}}"
    ),
    .init(
        file: "postgresql.cnpg.io_clusters.yaml",
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Cluster",
        body: "spec: {instances: 3, storage: {size: 1Gi}}"
    ),
    .init(
        file: "postgresql.cnpg.io_poolers.yaml",
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "Pooler",
        body: "spec: {cluster: {name: pg}, instances: 1, pgbouncer: {poolMode: session}}"
    ),
    .init(
        file: "postgresql.cnpg.io_scheduledbackups.yaml",
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "ScheduledBackup",
        body: "spec: {schedule: '0 0 0 * * *', cluster: {name: pg}}"
    ),
    .init(
        file: "snapshot.storage.k8s.io_volumesnapshotclasses.yaml",
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotClass",
        body: "driver: csi.example.com\ndeletionPolicy: Delete"
    ),
    .init(
        file: "snapshot.storage.k8s.io_volumesnapshotcontents.yaml",
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshotContent",
        body: "spec: {deletionPolicy: Delete, driver: csi.example.com, source: {volumeHandle: h}, "
            + "volumeSnapshotRef: {name: s, namespace: default}}"
    ),
    .init(
        file: "snapshot.storage.k8s.io_volumesnapshots.yaml",
        apiVersion: "snapshot.storage.k8s.io/v1",
        kind: "VolumeSnapshot",
        body: "spec: {source: {persistentVolumeClaimName: data}, volumeSnapshotClassName: x}"
    ),
    .init(
        file: "source.toolkit.fluxcd.io_buckets.yaml",
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "Bucket",
        body: "spec: {bucketName: b, endpoint: 'minio:9000', interval: 5m}"
    ),
    .init(
        file: "source.toolkit.fluxcd.io_gitrepositories.yaml",
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "GitRepository",
        body: "spec: {interval: 1m, url: 'https://github.com/x/y', ref: {branch: main}}"
    ),
    .init(
        file: "source.toolkit.fluxcd.io_helmcharts.yaml",
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "HelmChart",
        body: "spec: {chart: podinfo, interval: 5m, sourceRef: {kind: HelmRepository, name: podinfo}}"
    ),
    .init(
        file: "source.toolkit.fluxcd.io_helmrepositories.yaml",
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "HelmRepository",
        body: "spec: {url: 'https://charts.example.com', interval: 1h}"
    ),
    .init(
        file: "source.toolkit.fluxcd.io_ocirepositories.yaml",
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "OCIRepository",
        body: "spec: {interval: 5m, url: 'oci://ghcr.io/x/y', ref: {tag: latest}}"
    ),
    .init(
        file: "velero.io_backups.yaml",
        apiVersion: "velero.io/v1",
        kind: "Backup",
        body: "spec: {includedNamespaces: ['*'], ttl: 720h0m0s}"
    ),
    .init(
        file: "velero.io_backupstoragelocations.yaml",
        apiVersion: "velero.io/v1",
        kind: "BackupStorageLocation",
        body: "spec: {provider: aws, objectStorage: {bucket: velero}}"
    ),
    .init(file: "velero.io_restores.yaml", apiVersion: "velero.io/v1", kind: "Restore", body: "spec: {backupName: b}"),
    .init(
        file: "velero.io_schedules.yaml",
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        body: "spec: {schedule: '0 1 * * *', template: {ttl: 720h}}"
    ),
    .init(
        file: "velero.io_volumesnapshotlocations.yaml",
        apiVersion: "velero.io/v1",
        kind: "VolumeSnapshotLocation",
        body: "spec: {provider: aws}"
    ),
    .init(
        file: "volsync.backube_replicationdestinations.yaml",
        apiVersion: "volsync.backube/v1alpha1",
        kind: "ReplicationDestination",
        body: "spec: {trigger: {manual: once}, restic: {repository: repo, copyMethod: Snapshot}}"
    ),
    .init(
        file: "volsync.backube_replicationsources.yaml",
        apiVersion: "volsync.backube/v1alpha1",
        kind: "ReplicationSource",
        body:
            "spec: {sourcePVC: data, trigger: {schedule: '0 * * * *'}, restic: {repository: repo, copyMethod: Snapshot}}"
    ),
]

@Suite("CRD conformance", .enabled(if: crdsPresent, "the upstream CRDs are not at ../shared/crds"))
struct CRDConformanceTests {
    /// Every CRD, compiled once for the suite.
    static let validator: SchemaValidator = {
        var catalog = SchemaCatalog()
        try? catalog.addCRDs(atPath: crdDirectory, into: DiagnosticCollector())
        return SchemaValidator(catalog: catalog)
    }()

    /// Findings about the object itself (notes about rules not evaluated are about the CRD).
    private static func objectFindings(_ yaml: String) -> [Diagnostic] {
        SchemaFixture.validate(yaml, with: validator).filter { $0.id != SchemaDiagnosticID.celNotEvaluated.id }
    }

    @Test("every CRD compiles without findings")
    func compiles() throws {
        let sink = DiagnosticCollector()
        var catalog = SchemaCatalog()
        try catalog.addCRDs(atPath: crdDirectory, into: sink)
        #expect(sink.diagnostics.isEmpty, "\(SchemaFixture.summary(sink.diagnostics))")
        let files = try FileManager.default.contentsOfDirectory(atPath: crdDirectory).filter { $0.hasSuffix(".yaml") }
        #expect(catalog.crdCount == files.count)
    }

    @Test("every kind has a sample")
    func coverage() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: crdDirectory).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files) == Set(crdSamples.map(\.file)))
    }

    @Test("a valid object has no findings", arguments: crdSamples)
    func valid(sample: CRDSample) {
        let findings = Self.objectFindings(sample.valid)
        #expect(findings.isEmpty, "\(SchemaFixture.summary(findings))")
    }

    @Test("an unknown field is reported at its key", arguments: crdSamples)
    func invalid(sample: CRDSample) {
        let (yaml, line, column, path) = sample.invalid
        let findings = Self.objectFindings(yaml)
        #expect(
            SchemaFixture.summary(findings) == ["schema/unknown-field \(line):\(column) unknown field '\(path)'"]
        )
    }
}
