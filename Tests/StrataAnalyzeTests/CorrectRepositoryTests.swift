import Foundation
import StrataAnalyze
import StrataCore
import StrataTestSupport
import Testing

/// One edit that breaks the correct repository in a way exactly the listed rules must report.
struct Fault: Sendable, CustomTestStringConvertible {
    /// The rules expected to report it, and no others.
    var rules: [String]
    /// The repository-relative file to edit.
    var file: String
    /// The text to replace, which must occur exactly once; empty to append `new` to the file.
    var old: String
    /// The replacement.
    var new: String
    /// Text appended to other files (created when absent), for faults that need a second file.
    var also: [String: String]

    init(_ rules: String..., file: String, old: String, new: String, also: [String: String] = [:]) {
        self.rules = rules
        self.file = file
        self.old = old
        self.new = new
        self.also = also
    }

    var testDescription: String { rules.joined(separator: ", ") + " (" + file + ")" }
}

private let infraKs = "clusters/infra/infrastructure.yaml"
private let infraCilium = "infrastructure/infra/operators/cilium.yaml"
private let infraNetwork = "infrastructure/infra/platform/network.yaml"
private let appsNetwork = "infrastructure/apps/platform/network.yaml"
private let ceph = "infrastructure/infra/storage/ceph-cluster.yaml"
private let pool = "infrastructure/infra/storage/block-pool.yaml"
private let vm = "infrastructure/infra/observability/vmcluster.yaml"
private let velero = "infrastructure/infra/operators/velero.yaml"
private let wiki = "apps/production/wiki/deployment.yaml"
private let wikiBackup = "apps/production/wiki/backup.yaml"
private let drill = "apps/production/wiki/restore-drill.yaml"
private let router = "router/srx320.conf"

/// `path: X` then `prune` and `wait` of one layer, to address it uniquely.
private func layer(_ path: String, wait: Bool = true) -> String {
    "  path: \(path)\n  prune: true\n  wait: \(wait)\n"
}

/// The part of the OpenEBS chart's values the apps cluster sets, as a `charts` directory would hold it.
private let openebsValues = """
    engines:
      local:
        lvm:
          enabled: true
        zfs:
          enabled: true
      replicated:
        mayastor:
          enabled: true

    """

/// A values schema for ``openebsValues``.
private let openebsSchema = """
    {"type": "object", "properties": {"engines": {"type": "object", "properties": {
      "local": {"type": "object", "properties": {
        "lvm": {"type": "object", "properties": {"enabled": {"type": "boolean"}}},
        "zfs": {"type": "object", "properties": {"enabled": {"type": "boolean"}}}}},
      "replicated": {"type": "object", "properties": {
        "mayastor": {"type": "object", "properties": {"enabled": {"type": "boolean"}}}}}}}}}

    """

/// One fault per rule id of the catalogue.
let faults: [Fault] = [
    // flux: findings of the loader
    Fault(
        "flux/dependency-not-found",
        file: "clusters/apps/apps.yaml",
        old: "    - name: platform\n",
        new: "    - name: platforms\n"
    ),
    Fault(
        "flux/dependency-cycle",
        file: infraKs,
        old: "  name: operators\n  namespace: flux-system\nspec:\n",
        new: "  name: operators\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: databases\n"
    ),
    Fault(
        "flux/duplicate-object",
        file: "infrastructure/apps/platform/global-services.yaml",
        old: "  name: databases\n---",
        new: "  name: monitoring\n---"
    ),
    Fault("flux/helm-source-not-found", file: velero, old: "name: vmware-tanzu", new: "name: vmware"),
    Fault(
        "flux/path-not-found",
        file: infraKs,
        old: "path: ./infrastructure/infra/backups",
        new: "path: ./infrastructure/infra/backup"
    ),
    Fault(
        "flux/source-not-found",
        file: "clusters/apps/apps.yaml",
        old: "    name: flux-system\n",
        new: "    name: flux\n"
    ),
    Fault(
        "flux/substitute-source-not-found",
        file: infraKs,
        old: "  path: ./infrastructure/infra/backups\n",
        new:
            "  path: ./infrastructure/infra/backups\n  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n"
    ),
    Fault(
        "flux/undefined-variable",
        file: infraKs,
        old: "path: ./infrastructure/infra/backups",
        new: "path: ./infrastructure/${CLUSTER}/backups"
    ),
    Fault(
        "flux/values-from-not-found",
        file: velero,
        old: "  values:\n    configuration:\n",
        new: "  valuesFrom:\n    - kind: ConfigMap\n      name: velero-values\n  values:\n    configuration:\n"
    ),
    // flux: rules
    Fault(
        "flux/depends-on-child",
        file: "clusters/infra/flux-system/gotk-sync.yaml",
        old: "spec:\n  interval: 10m0s\n",
        new: "spec:\n  dependsOn:\n    - name: operators\n  interval: 10m0s\n"
    ),
    Fault(
        "flux/orphan-kustomization",
        file: "infrastructure/infra/backups/legacy-sync.yaml",
        old: "",
        new: """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: legacy-backups
              namespace: flux-system
            spec:
              interval: 10m
              path: ./infrastructure/infra/backups
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system

            """
    ),
    Fault(
        "flux/crd-not-ordered",
        file: infraKs,
        old:
            "  dependsOn:\n    - name: platform\n    - name: storage\n  interval: 10m\n  retryInterval: 2m\n  timeout: 15m\n  path: ./infrastructure/infra/backups\n",
        new: "  interval: 10m\n  retryInterval: 2m\n  timeout: 15m\n  path: ./infrastructure/infra/backups\n"
    ),
    Fault(
        "flux/prune-crds",
        file: "infrastructure/infra/backups/schedule.yaml",
        old: "    ttl: 720h\n",
        new: """
                ttl: 720h
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: restorechecks.backup.example.net
            spec:
              group: backup.example.net
              names:
                kind: RestoreCheck
                plural: restorechecks
              scope: Namespaced
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true

            """
    ),
    Fault(
        "flux/depends-on-unready",
        file: infraKs,
        old: layer("./infrastructure/infra/platform"),
        new: layer("./infrastructure/infra/platform", wait: false)
    ),
    Fault(
        "flux/health-check-not-applied",
        file: infraKs,
        old: layer("./infrastructure/infra/backups"),
        new: layer("./infrastructure/infra/backups", wait: false)
            + "  healthChecks:\n    - apiVersion: velero.io/v1\n      kind: Schedule\n      name: weekly\n      namespace: velero\n"
    ),
    Fault(
        "flux/health-checks-ignored",
        file: infraKs,
        old: layer("./infrastructure/infra/backups"),
        new: layer("./infrastructure/infra/backups")
            + "  healthChecks:\n    - apiVersion: velero.io/v1\n      kind: Schedule\n      name: daily\n      namespace: velero\n"
    ),
    Fault(
        "flux/health-check-expression",
        file: infraKs,
        old: "failed: status.phase == 'Failure'",
        new: "failed: status.phase == 'Failed'"
    ),
    Fault("flux/chart-version-range", file: velero, old: "version: 8.7.2", new: "version: 8.x.x"),
    // Kustomization v1beta2 is also no longer served by the current CRD, which the schema stage reports.
    Fault(
        "flux/deprecated-api-version",
        "schema/unserved-version",
        file: "clusters/apps/apps.yaml",
        old: "kustomize.toolkit.fluxcd.io/v1\n",
        new: "kustomize.toolkit.fluxcd.io/v1beta2\n"
    ),
    Fault(
        "flux/helm-values-unknown-key",
        file: "infrastructure/apps/operators/operators.yaml",
        old: "        zfs:\n          enabled: false\n",
        new: "        zfs:\n          enable: false\n",
        also: ["strata.yaml": "charts: charts\n", "charts/openebs/values.yaml": openebsValues]
    ),
    Fault(
        "flux/helm-values-invalid",
        file: "infrastructure/apps/operators/operators.yaml",
        old: "        zfs:\n          enabled: false\n",
        new: "        zfs:\n          enabled: \"no\"\n",
        also: [
            "strata.yaml": "charts: charts\n", "charts/openebs/values.yaml": openebsValues,
            "charts/openebs/values.schema.json": openebsSchema,
        ]
    ),
    // net
    // Service ranges may repeat across meshed clusters; pod ranges may not.
    Fault("net/cidr-overlap", file: "talos/patches/apps-cluster.yaml", old: "- 10.246.0.0/16", new: "- 10.244.0.0/16"),
    Fault("net/lb-pool-overlap", file: appsNetwork, old: "- cidr: 10.25.12.64/26", new: "- cidr: 10.25.12.0/26"),
    Fault(
        "net/lb-pool-unannounced",
        file: infraNetwork,
        old: """
                - advertisementType: Service
                  service:
                    addresses:
                      - LoadBalancerIP
                  # Every LoadBalancer Service: the pool's addresses are only reachable through BGP.
                  selector:
                    matchExpressions:
                      - key: bgp.example.net/exclude
                        operator: DoesNotExist

            """,
        new: ""
    ),
    Fault(
        "net/selector-matches-nothing",
        file: infraNetwork,
        old: "    - cidr: 10.25.12.0/26\n",
        new:
            "    - cidr: 10.25.12.0/26\n  serviceSelector:\n    matchLabels:\n      io.kubernetes.service/cluster: infra\n"
    ),
    Fault("net/cluster-id-conflict", file: "infrastructure/apps/operators/cilium.yaml", old: "id: 2", new: "id: 1"),
    Fault(
        "net/native-routing-cidr",
        file: infraCilium,
        old: "ipv4NativeRoutingCIDR: 10.244.0.0/14",
        new: "ipv4NativeRoutingCIDR: 10.244.0.0/16"
    ),
    Fault(
        "net/api-server-host",
        file: infraCilium,
        old: "k8sServiceHost: localhost\n    k8sServicePort: 7445",
        new: "k8sServiceHost: 10.25.11.1\n    k8sServicePort: 6443"
    ),
    Fault("net/bgp-peer-mismatch", file: infraNetwork, old: "peerASN: 65000", new: "peerASN: 65100"),
    Fault(
        "net/talos-cilium-mismatch",
        file: "talos/patches/infra-cluster.yaml",
        old: "  proxy:\n    disabled: true\n",
        new: "  proxy:\n    disabled: false\n"
    ),
    Fault(
        "net/global-service-incomplete",
        file: "infrastructure/apps/platform/global-services.yaml",
        old:
            "  name: postgres-global\n  namespace: databases\n  annotations:\n    service.cilium.io/global: \"true\"\n",
        new: "  name: postgres-global\n  namespace: databases\n"
    ),
    Fault(
        "net/cross-cluster-url",
        file: "infrastructure/apps/platform/vmagent.yaml",
        old: "vminsert-vmcluster.monitoring.svc.cluster.local",
        new: "vminsert-vmcluster.monitoring.svc.infra.local"
    ),
    Fault("net/lb-ip-annotation-legacy", file: infraCilium, old: "lbipam.cilium.io/ips", new: "io.cilium/lb-ipam-ips"),
    Fault("net/router-export-policy", file: router, old: "term none then reject", new: "term all then accept"),
    Fault(
        "net/router-import-policy",
        file: router,
        old: "set protocols bgp group cilium-infra import cilium-infra-import\n",
        new: ""
    ),
    Fault(
        "net/router-multihop",
        file: router,
        old: "set protocols bgp group cilium-infra type external\n",
        new: "set protocols bgp group cilium-infra type external\nset protocols bgp group cilium-infra multihop ttl 2\n"
    ),
    // ceph
    Fault("ceph/pool-exceeds-failure-domains", file: pool, old: "size: 3", new: "size: 4"),
    Fault(
        "ceph/no-spare-failure-domain",
        file: pool,
        old:
            "  annotations:\n    ignore.strata.dev/ceph.no-spare-failure-domain: >-\n      the infra cluster has three hosts; after a host loss the pool stays degraded until it returns,\n      which the recovery runbook accepts\n",
        new: ""
    ),
    Fault("ceph/mon-count", file: ceph, old: "  mon:\n    count: 3\n", new: "  mon:\n    count: 2\n"),
    Fault(
        "ceph/ignored-option",
        file: ceph,
        old: "    useAllDevices: false\n",
        new: "    useAllDevices: false\n    config:\n      osd_max_backfills: \"1\"\n"
    ),
    Fault(
        "ceph/memory-target-exceeds-node",
        file: ceph,
        old: "      osd_mclock_profile: high_client_ops\n",
        new: "      osd_mclock_profile: high_client_ops\n      osd_memory_target: \"68719476736\"\n"
    ),
    Fault(
        "ceph/quota-exceeds-capacity",
        file: pool,
        old: "  parameters:\n",
        new: "  quotas:\n    maxSize: 900Gi\n  parameters:\n"
    ),
    Fault(
        "ceph/storage-class-target-missing",
        file: "infrastructure/infra/storage/storage-classes.yaml",
        old: "  pool: replicapool\n",
        new: "  pool: ceph-blockpool\n"
    ),
    Fault("ceph/node-list-mismatch", file: ceph, old: "- name: prod-03\n", new: "- name: prod-04\n"),
    Fault(
        "ceph/device-filter",
        file: ceph,
        old: "        devices:\n          - name: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100001\n",
        new: "        deviceFilter: \"^nvme1n1$\"\n"
    ),
    // metrics
    Fault("metrics/replication-factor", file: vm, old: "replicationFactor: 2", new: "replicationFactor: 3"),
    Fault(
        "metrics/dedup-interval",
        file: vm,
        old: "  vmselect:\n    replicaCount: 2\n    extraArgs:\n      dedup.minScrapeInterval: 30s\n",
        new: "  vmselect:\n    replicaCount: 2\n"
    ),
    Fault(
        "metrics/remote-write-target",
        file: vm,
        old: "    - url: http://vminsert-vmcluster.",
        new: "    - url: http://vminsert-metrics."
    ),
    Fault(
        "metrics/retention-exceeds-volume",
        file: "strata.yaml",
        old: "  objectives:\n",
        new: "  metrics:\n    activeSeries: 2000000\n    scrapeInterval: 30s\n    bytesPerSample: 1\n  objectives:\n"
    ),
    Fault(
        "metrics/selector-restricts",
        file: vm,
        old: "  scrapeInterval: 30s\n  externalLabels:\n    cluster: infra\n",
        new: "  scrapeInterval: 30s\n  serviceScrapeSelector: {}\n  externalLabels:\n    cluster: infra\n"
    ),
    // backup
    // The restore drill's scratch claim is a ReplicationDestination's target, which the rule never asks to back
    // up; a second claim of the wiki that no source names is what it must see.
    Fault(
        "backup/pvc-not-covered",
        file: wiki,
        old: "",
        new: """
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: wiki-uploads
            spec:
              storageClassName: local-hostpath
              accessModes:
                - ReadWriteOnce
              resources:
                requests:
                  storage: 5Gi

            """
    ),
    Fault(
        "backup/source-target-missing",
        file: wikiBackup,
        old: "    repository: wiki-restic\n    copyMethod: Direct\n    pruneIntervalDays",
        new: "    repository: wiki-restic-secret\n    copyMethod: Direct\n    pruneIntervalDays"
    ),
    Fault(
        "backup/shared-repository",
        file: drill,
        old: "",
        new: """
            ---
            apiVersion: volsync.backube/v1alpha1
            kind: ReplicationSource
            metadata:
              name: wiki-restore-drill
            spec:
              sourcePVC: wiki-restore-drill
              trigger:
                schedule: "0 4 * * *"
              restic:
                repository: wiki-restic
                copyMethod: Direct
                retain:
                  daily: 7

            """
    ),
    Fault(
        "backup/schedule-exceeds-rpo",
        file: wikiBackup,
        old: "schedule: \"0 1 * * *\"",
        new: "schedule: \"0 1 * * 0\""
    ),
    Fault(
        "backup/destination-before-source",
        file: drill,
        old: "    manual: drill-2025-10\n",
        new: "    schedule: \"0 1 * * *\"\n"
    ),
    Fault(
        "backup/destination-copy-method",
        file: drill,
        old: "    destinationPVC: wiki-restore-drill\n    copyMethod: Direct\n",
        new: "    destinationPVC: wiki-restore-drill\n"
    ),
    Fault(
        "backup/velero-ttl-short",
        file: "infrastructure/infra/backups/schedule.yaml",
        old: "ttl: 720h",
        new: "ttl: 12h"
    ),
    Fault(
        "backup/verification-lock-collision",
        file: wikiBackup,
        old: "schedule: \"30 13 * * 0\"",
        new: "schedule: \"0 1 * * *\""
    ),
    Fault("backup/velero-csi", file: velero, old: "      features: EnableCSI\n", new: ""),
    Fault(
        "backup/cnpg-schedule-seconds",
        file: "infrastructure/infra/databases/postgres.yaml",
        old: "schedule: \"0 0 */6 * * *\"",
        new: "schedule: \"0 */6 * * *\""
    ),
    // security
    Fault(
        "security/plaintext-secret",
        file: wiki,
        old: "",
        new: """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: wiki-admin
            stringData:
              password: correct-horse-battery-staple

            """
    ),
    Fault(
        "security/image-tag-mutable",
        file: wiki,
        old: "ghcr.io/requarks/wiki:2.5.307",
        new: "ghcr.io/requarks/wiki:latest"
    ),
    Fault(
        "security/credentials-in-config",
        file: wiki,
        old: "",
        new: """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: wiki-settings
            data:
              adminPassword: correct-horse-battery-staple

            """
    ),
]

@Suite("Correct repository")
struct CorrectRepositoryTests {
    @Test("discovery finds both clusters")
    func discoversClusters() {
        #expect(FixtureRepositories.clusterNames(FixtureRepositories.correct) == ["apps", "infra"])
    }

    @Test("check reports nothing on the correct repository")
    func checkIsClean() {
        let findings = FixtureRepositories.check(FixtureRepositories.correct)
            .filter { !FixtureRepositories.isAllowedOnCorrect($0) }
        #expect(findings.isEmpty, "\(findings.map { "\($0.location?.description ?? "-"): \($0.id) \($0.message)" })")
    }

    @Test("every rule id has a fault")
    func faultsCoverTheCatalogue() {
        let covered = Set(faults.flatMap(\.rules))
        let registered = Set(RuleRegistry.all.map { $0.description.id })
        #expect(registered.subtracting(covered).isEmpty, "no fault for \(registered.subtracting(covered).sorted())")
        let pending = covered.subtracting(FixtureRepositories.reportableIDs)
        print("fault injection: \(faults.count) faults, \(pending.count) on rules not registered yet")
    }

    @Test("one edit to the correct repository makes exactly the expected rules report", arguments: faults)
    func faultIsReported(_ fault: Fault) throws {
        let copy = try TemporaryCopy(of: FixtureRepositories.correct)
        let path = copy.root + "/" + fault.file
        let original = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let edited: String
        if fault.old.isEmpty {
            edited = original + fault.new
        } else {
            let occurrences = original.components(separatedBy: fault.old).count - 1
            try #require(occurrences == 1, "'\(fault.old)' occurs \(occurrences) times in \(fault.file)")
            edited = original.replacingOccurrences(of: fault.old, with: fault.new)
        }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        for (file, text) in fault.also {
            let other = copy.root + "/" + file
            try FileManager.default.createDirectory(
                atPath: (other as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            let existing = (try? String(contentsOfFile: other, encoding: .utf8)) ?? ""
            try (existing + text).write(toFile: other, atomically: true, encoding: .utf8)
        }
        let findings = FixtureRepositories.check(copy.root).filter { !FixtureRepositories.isAllowedOnCorrect($0) }
        // The schema stage runs only when the upstream schemas are there.
        let expected = Set(fault.rules.filter { FixtureRepositories.hasSharedSchemas || !$0.hasPrefix("schema/") })
        let assertion = {
            #expect(
                Set(findings.map(\.id)) == expected,
                "\(findings.map { "\($0.location?.description ?? "-"): \($0.id) \($0.message)" })"
            )
        }
        if fault.rules.allSatisfy(FixtureRepositories.reportableIDs.contains) {
            assertion()
        } else {
            withKnownIssue("\(fault.rules.joined(separator: ", ")) not registered yet", isIntermittent: true) {
                assertion()
            }
        }
    }
}

@Suite("Repository fixtures with kubectl")
struct FixtureKubectlTests {
    @Test(
        "kubectl kustomize builds every kustomization of both fixtures",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed"),
        arguments: [FixtureRepositories.seed, FixtureRepositories.correct]
    )
    func kubectlBuilds(_ repository: String) {
        let directories = FixtureRepositories.kustomizationDirectories(in: repository)
        #expect(directories.count >= 8)
        for directory in directories {
            if case .failure(let failure) = Kubectl.kustomize(directory) {
                Issue.record("\(failure)")
            }
        }
    }
}

/// A copy of a directory in a fresh temporary directory, removed when released.
final class TemporaryCopy: @unchecked Sendable {
    /// The copy's path.
    let root: String

    init(of directory: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fixture-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: directory, toPath: root)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }
}
