import StrataAnalyze
import StrataCore
import Testing

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
