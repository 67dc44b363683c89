import Testing

@testable import StrataPlan

private let gib = 1_073_741_824.0

@Suite("Backup coverage")
struct BackupCoverageTests {
    static let classes = """
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: local}
        provisioner: rancher.io/local-path
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: ceph-block
          annotations: {storageclass.kubernetes.io/is-default-class: "true"}
        provisioner: rook-ceph.rbd.csi.ceph.com
        parameters: {clusterID: rook-ceph, pool: replicapool}
        """

    @Test(
        "the recovery point is the largest gap between runs",
        arguments: [
            // Sundays at 02:00: 7 × 24 h = 604,800 s.
            ("0 2 * * 0", 604_800.0),
            // Every day at midnight: 86,400 s.
            ("@daily", 86_400),
            // Every six hours on the hour: 21,600 s.
            ("0 */6 * * *", 21_600),
            // Six fields, seconds first (CloudNativePG): every six hours, 21,600 s.
            ("0 0 */6 * * *", 21_600),
            // A fixed period: 6 h = 21,600 s.
            ("@every 6h", 21_600),
            // 01:00 and 13:00: 12 h apart both ways, 43,200 s.
            ("0 1,13 * * *", 43_200),
            // Weekdays at 02:30: Friday 02:30 to Monday 02:30 is 3 days, 259,200 s.
            ("30 2 * * 1-5", 259_200),
            // 00:00 and 06:00: the long gap is 06:00 to midnight, 18 h = 64,800 s.
            ("0 0,6 * * *", 64_800),
        ]
    )
    func intervals(schedule: String, seconds: Double) {
        #expect(BackupCoverage.interval(schedule) == seconds)
    }

    @Test("a ReplicationSource protects the claim it names, off the cluster, on its schedule")
    func volSync() throws {
        let plan = try PlanRepository.plan([
            "classes.yaml": Self.classes,
            "app.yaml": """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: app}
            spec:
              storageClassName: local
              resources: {requests: {storage: 10Gi}}
            ---
            apiVersion: volsync.backube/v1alpha1
            kind: ReplicationSource
            metadata: {name: data, namespace: app}
            spec:
              sourcePVC: data
              trigger: {schedule: "0 */6 * * *"}
              restic: {repository: data-restic, retain: {daily: 7, weekly: 4}}
            ---
            apiVersion: volsync.backube/v1alpha1
            kind: ReplicationSource
            metadata: {name: gone, namespace: app}
            spec:
              sourcePVC: missing
              trigger: {schedule: "@hourly"}
              restic: {repository: gone-restic}
            """,
        ])
        let cluster = try #require(plan.cluster("c1"))
        let volume = try #require(cluster.volumes.first { $0.name == "data" })
        #expect(volume.sizeBytes == 10 * gib)
        #expect(volume.storage == "local")
        #expect(volume.protections.count == 1)
        let protection = try #require(volume.protections.first)
        #expect(protection.kind == "volsync")
        #expect(protection.offsite)
        #expect(protection.retention == "daily 7, weekly 4")
        // Every six hours: 21,600 s.
        #expect(volume.rpoSeconds == 21_600)
        #expect(cluster.unmatchedBackups.map(\.target) == ["missing"])
    }

    @Test("Velero protects the claims of the namespaces it includes, off the cluster only when data moves")
    func velero() throws {
        let plan = try PlanRepository.plan([
            "classes.yaml": Self.classes,
            "app.yaml": """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web, namespace: app}
            spec:
              replicas: 3
              volumeClaimTemplates:
                - metadata: {name: www}
                  spec:
                    resources: {requests: {storage: 5Gi}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: scratch, namespace: other}
            spec:
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: skipped, namespace: app, labels: {velero.io/exclude-from-backup: "true"}}
            spec:
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: moved, namespace: velero}
            spec:
              schedule: "@every 12h"
              template: {includedNamespaces: [app], snapshotMoveData: true, ttl: 168h}
            ---
            apiVersion: velero.io/v1
            kind: Schedule
            metadata: {name: snapshots, namespace: velero}
            spec:
              schedule: "0 3 * * *"
              template: {includedNamespaces: ["*"], excludedNamespaces: [app]}
            """,
        ])
        let cluster = try #require(plan.cluster("c1"))
        let web = try #require(cluster.volumes.first { $0.name == "www-web-N" })
        // Three claims of 5 Gi on the default class, Ceph's replicapool: 15 Gi in all.
        #expect(web.count == 3)
        #expect(web.totalBytes == 15 * gib)
        #expect(web.cephPool == "replicapool")
        #expect(web.protections.map(\.name) == ["Schedule/moved"])
        #expect(web.protections.first?.retention == "ttl 168h")
        // Every 12 h, with the data moved to the object store: 43,200 s.
        #expect(web.rpoSeconds == 43_200)
        let scratch = try #require(cluster.volumes.first { $0.name == "scratch" })
        // Only CSI snapshots, which stay in Ceph: listed, but no off-cluster recovery point.
        #expect(scratch.protections.map(\.name) == ["Schedule/snapshots"])
        #expect(scratch.protections.first?.offsite == false)
        #expect(scratch.rpoSeconds == nil)
        let skipped = try #require(cluster.volumes.first { $0.name == "skipped" })
        #expect(skipped.protections.isEmpty)
    }

    @Test("CloudNativePG archives WAL continuously and takes base backups on its schedule")
    func cloudNativePG() throws {
        let plan = try PlanRepository.plan([
            "classes.yaml": Self.classes,
            "db.yaml": """
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: {name: pg, namespace: db}
            spec:
              instances: 2
              storage: {size: 8Gi}
              walStorage: {size: 2Gi, storageClass: local}
              backup:
                retentionPolicy: 14d
                barmanObjectStore: {destinationPath: "s3://backups/pg"}
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: ScheduledBackup
            metadata: {name: nightly, namespace: db}
            spec:
              schedule: "0 0 0 * * *"
              cluster: {name: pg}
            """,
        ])
        let cluster = try #require(plan.cluster("c1"))
        let data = try #require(cluster.volumes.first { $0.name == "pg-N" })
        #expect(data.count == 2)
        #expect(data.sizeBytes == 8 * gib)
        #expect(data.storage == "ceph")
        #expect(data.protections.map(\.kind) == ["cnpg-wal", "cnpg-backup"])
        // Base backups daily (86,400 s); WAL at least every archive_timeout, 5 min = 300 s.
        #expect(data.protections.map(\.rpoSeconds) == [300, 86_400])
        #expect(data.protections.allSatisfy { $0.retention == "14d" })
        #expect(data.rpoSeconds == 300)
        let wal = try #require(cluster.volumes.first { $0.name == "pg-N-wal" })
        #expect(wal.storage == "local")
        #expect(wal.sizeBytes == 2 * gib)
    }

    @Test("a volume nothing protects has no recovery point; restore targets and caches need none")
    func unprotected() throws {
        let plan = try PlanRepository.plan([
            "classes.yaml": Self.classes,
            "app.yaml": """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: lonely, namespace: app}
            spec:
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: restored, namespace: app}
            spec:
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: volsync.backube/v1alpha1
            kind: ReplicationDestination
            metadata: {name: restored, namespace: app}
            spec:
              trigger: {manual: once}
              restic: {repository: r, destinationPVC: restored, copyMethod: Direct}
            """,
        ])
        let cluster = try #require(plan.cluster("c1"))
        let lonely = try #require(cluster.volumes.first { $0.name == "lonely" })
        #expect(lonely.protections.isEmpty)
        #expect(lonely.rpoSeconds == nil)
        #expect(lonely.holdsData)
        let restored = try #require(cluster.volumes.first { $0.name == "restored" })
        #expect(restored.role == "restore-target")
        #expect(!restored.holdsData)
    }

    @Test("a claim lives where its class puts it, classes the OpenEBS chart creates included")
    func storageKinds() throws {
        let plan = try PlanRepository.plan([
            "classes.yaml": Self.classes,
            "openebs.yaml": """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: openebs, namespace: openebs}
            spec:
              interval: 1h
              chart:
                spec:
                  chart: localpv-provisioner
                  sourceRef: {kind: HelmRepository, name: openebs, namespace: flux-system}
            """,
            "app.yaml": """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: fast, namespace: app}
            spec:
              storageClassName: openebs-hostpath
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: nowhere, namespace: app}
            spec:
              storageClassName: ceph-filesystem
              resources: {requests: {storage: 1Gi}}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: default, namespace: app}
            spec:
              resources: {requests: {storage: 1Gi}}
            """,
        ])
        let volumes = try #require(plan.cluster("c1")?.volumes)
        let storage = Dictionary(uniqueKeysWithValues: volumes.map { ($0.name, $0.storage) })
        // The chart's default class is a node's local disk; an undefined class is unknown; no class is the default.
        #expect(storage == ["fast": "local", "nowhere": "unknown", "default": "ceph"])
    }
}
