import StrataCore
import Testing

@testable import StrataAnalyze

@Suite("Backup rules")
struct BackupRulesTests {
    private func findings(_ id: String, _ files: [(path: String, text: String)]) throws -> [Diagnostic] {
        let rule = try #require(RuleRegistry.rule(id: id))
        return try ExampleRunner.run(rule, files: ExampleRunner.files(of: Example(files: files)))
    }

    private static let claim = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: app}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        """

    private func veleroSchedule(_ template: String) -> String {
        """
        apiVersion: velero.io/v1
        kind: Schedule
        metadata: {name: nightly, namespace: velero}
        spec:
          schedule: "0 3 * * *"
          template:
        \(template.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    @Test("a cluster that declares no backup and no objective is not judged")
    func noBackupAnywhere() throws {
        #expect(try findings("backup/pvc-not-covered", [("pvc.yaml", Self.claim)]).isEmpty)
    }

    @Test(
        "Velero templates cover a namespace's volumes only when they include them and copy data",
        arguments: [
            ("includedNamespaces: [app]", true),
            ("includedNamespaces: [other]", false),
            ("excludedNamespaces: [app]", false),
            ("snapshotVolumes: false", false),
            ("snapshotVolumes: false\ndefaultVolumesToFsBackup: true", true),
            ("includedResources: [deployments, configmaps]", false),
            ("includedResources: [persistentvolumeclaims, persistentvolumes]", true),
            ("excludedResources: [persistentvolumeclaims]", false),
            ("labelSelector: {matchLabels: {backup: nightly}}", true),
        ]
    )
    func veleroCoverage(_ template: String, _ covered: Bool) throws {
        let found = try findings(
            "backup/pvc-not-covered",
            [("pvc.yaml", Self.claim), ("schedule.yaml", veleroSchedule(template))]
        )
        #expect(found.isEmpty == covered)
    }

    @Test("a claim labelled for exclusion from Velero is not covered by it")
    func excludedByLabel() throws {
        let labelled = Self.claim.replacingOccurrences(
            of: "namespace: app}",
            with: "namespace: app, labels: {velero.io/exclude-from-backup: \"true\"}}"
        )
        let found = try findings(
            "backup/pvc-not-covered",
            [("pvc.yaml", labelled), ("schedule.yaml", veleroSchedule("includedNamespaces: [\"*\"]"))]
        )
        #expect(found.count == 1)
    }

    @Test("claims in a namespace where a chart is installed are not reported missing")
    func chartMayCreateClaim() throws {
        let found = try findings(
            "backup/source-target-missing",
            [
                (
                    "app.yaml",
                    """
                    apiVersion: helm.toolkit.fluxcd.io/v2
                    kind: HelmRelease
                    metadata: {name: app, namespace: app}
                    spec:
                      interval: 1h
                      chart: {spec: {chart: app, sourceRef: {kind: HelmRepository, name: charts}}}
                    ---
                    apiVersion: external-secrets.io/v1
                    kind: ClusterExternalSecret
                    metadata: {name: restic}
                    spec:
                      namespaceSelectors: [{matchLabels: {backup: "true"}}]
                      externalSecretSpec:
                        secretStoreRef: {kind: ClusterSecretStore, name: vault}
                        target: {name: app-restic}
                    ---
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationSource
                    metadata: {name: app, namespace: app}
                    spec:
                      sourcePVC: app-config
                      trigger: {schedule: "0 * * * *"}
                      restic: {repository: app-restic, copyMethod: Snapshot}
                    """
                )
            ]
        )
        #expect(found.isEmpty)
    }

    @Test(
        "claim names CloudNativePG gives a cluster's instances",
        arguments: [
            ("postgres-1", true), ("postgres-12", true), ("postgres-3-wal", true), ("postgres-2-tbs-idx", true),
            ("postgres-data", false), ("postgres-", false), ("postgres-1-data", false), ("postgres-2-tbs-", false),
            ("postgres", false), ("other-1", false),
        ]
    )
    func cnpgClaimNames(_ name: String, _ generated: Bool) {
        #expect(BackupInventory.isCNPGClaim(name, of: "postgres") == generated)
    }

    @Test("a source naming a claim beside a CloudNativePG cluster that the cluster never creates is missing")
    func cnpgClaimMissing() throws {
        let found = try findings(
            "backup/source-target-missing",
            [
                (
                    "db.yaml",
                    """
                    apiVersion: postgresql.cnpg.io/v1
                    kind: Cluster
                    metadata: {name: postgres, namespace: databases}
                    spec: {instances: 3, storage: {size: 20Gi}}
                    ---
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: postgres-restic, namespace: databases}
                    stringData: {RESTIC_REPOSITORY: "s3:https://s3.example.net/postgres"}
                    ---
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationSource
                    metadata: {name: data, namespace: databases}
                    spec:
                      sourcePVC: postgres-data
                      trigger: {schedule: "0 * * * *"}
                      restic: {repository: postgres-restic, copyMethod: Snapshot}
                    ---
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationSource
                    metadata: {name: wal, namespace: databases}
                    spec:
                      sourcePVC: postgres-2-wal
                      trigger: {schedule: "0 * * * *"}
                      restic: {repository: postgres-restic, copyMethod: Snapshot}
                    """
                )
            ]
        )
        #expect(found.count == 1)
        #expect(found.first?.message.contains("'postgres-<n>'") == true)
        #expect(found.first?.location?.line == 15)
    }

    @Test("a whole-cluster Velero schedule is judged only against an objective for the whole cluster")
    func wholeClusterObjective() throws {
        let schedule = """
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: weekly, namespace: velero}
            spec:
              schedule: "0 2 * * 0"
              template: {includedNamespaces: ["*"], snapshotVolumes: true}
            """
        let namespaceOnly = try findings(
            "backup/schedule-exceeds-rpo",
            [("strata.yaml", "facts:\n  objectives:\n    - {namespace: shop, rpo: 6h}\n"), ("s.yaml", schedule)]
        )
        #expect(namespaceOnly.isEmpty)
        let wholeCluster = try findings(
            "backup/schedule-exceeds-rpo",
            [("strata.yaml", "facts:\n  objectives:\n    - {rpo: 6h}\n"), ("s.yaml", schedule)]
        )
        #expect(wholeCluster.count == 1)
        let selected = try findings(
            "backup/schedule-exceeds-rpo",
            [
                ("strata.yaml", "facts:\n  objectives:\n    - {rpo: 6h}\n"),
                (
                    "s.yaml",
                    schedule.replacingOccurrences(
                        of: "snapshotVolumes: true}",
                        with: "snapshotVolumes: true, labelSelector: {matchLabels: {tier: gold}}}"
                    )
                ),
            ]
        )
        #expect(selected.isEmpty)
    }

    @Test("sources in two clusters writing one readable repository URL share it")
    func sharedAcrossClusters() throws {
        func source(_ cluster: String) -> (String, String) {
            (
                "clusters/\(cluster)/backup.yaml",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: restic, namespace: app}
                stringData: {RESTIC_REPOSITORY: "s3:https://s3.example.com/volsync/app"}
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: app, namespace: app}
                spec:
                  sourcePVC: app
                  trigger: {schedule: "0 * * * *"}
                  restic: {repository: restic, copyMethod: Snapshot}
                """
            )
        }
        let found = try findings("backup/shared-repository", [source("a"), source("b")])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("in cluster 'a'") == true)
    }

    @Test("a CloudNativePG cluster archiving WAL is not judged by its base-backup schedule")
    func cnpgArchivingWAL() throws {
        func files(backup: String) -> [(path: String, text: String)] {
            [
                ("strata.yaml", "facts:\n  objectives:\n    - {namespace: db, rpo: 1h}\n"),
                (
                    "db.yaml",
                    """
                    apiVersion: postgresql.cnpg.io/v1
                    kind: Cluster
                    metadata: {name: pg, namespace: db}
                    spec:
                      instances: 2
                      storage: {size: 10Gi}
                      backup:
                    \(backup)
                    ---
                    apiVersion: postgresql.cnpg.io/v1
                    kind: ScheduledBackup
                    metadata: {name: pg-daily, namespace: db}
                    spec:
                      schedule: "0 0 0 * * *"
                      cluster: {name: pg}
                    """
                ),
            ]
        }
        let archived = try findings(
            "backup/schedule-exceeds-rpo",
            files(backup: "    barmanObjectStore: {destinationPath: \"s3://backups/pg\"}")
        )
        #expect(archived.isEmpty)
        let snapshots = try findings(
            "backup/schedule-exceeds-rpo",
            files(backup: "    volumeSnapshot: {className: ceph-block}")
        )
        #expect(snapshots.count == 1)
    }

    @Test("a restore that starts together with the backup is reported")
    func restoreWithBackup() throws {
        let found = try findings(
            "backup/destination-before-source",
            [
                (
                    "volsync.yaml",
                    """
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationSource
                    metadata: {name: app, namespace: app}
                    spec:
                      sourcePVC: app
                      trigger: {schedule: "0 */6 * * *"}
                      restic: {repository: app-restic, copyMethod: Snapshot}
                    ---
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationDestination
                    metadata: {name: app-dst, namespace: app}
                    spec:
                      trigger: {schedule: "0 0 * * *"}
                      restic: {repository: app-restic, destinationPVC: app-copy, copyMethod: Direct}
                    """
                )
            ]
        )
        #expect(found.count == 1)
        #expect(found.first?.message.contains("starts with the backup") == true)
    }
}
