import StrataCore
import StrataFlux
import StrataYAML

/// A VolSync or Velero object names a claim, secret or class its cluster does not have.
struct SourceTargetMissing: Rule {
    static let description = RuleDescription(
        id: "backup/source-target-missing",
        name: "Source Target Missing",
        summary: "A backup names a claim, secret, storage class or snapshot class that its cluster does not have",
        rationale: """
            VolSync resolves `sourcePVC`, `destinationPVC`, the mover's repository or key Secret, \
            `storageClassName` and `volumeSnapshotClassName` in the object's own namespace and cluster at \
            every sync; a name that does not resolve leaves the mover waiting and no backup is taken \
            (https://volsync.readthedocs.io/en/stable/usage/restic/index.html). Velero reads a \
            BackupStorageLocation's `credential` Secret, and the chart's `credentials.existingSecret`, in \
            its own namespace (https://velero.io/docs/main/locations/). CloudNativePG creates the claims \
            of a Cluster itself, one per instance named `<cluster>-<serial>`, with `-wal` appended for a \
            separate WAL volume and `-tbs-<tablespace>` for tablespaces \
            (https://github.com/cloudnative-pg/cloudnative-pg, `pkg/specs/pods.go` `GetInstanceName` and \
            `pkg/reconciler/persistentvolumeclaim/calculator.go`), \
            so a claim that only shares the cluster's name as a prefix does not exist. Secrets produced by an \
            ExternalSecret, a SealedSecret or another operator count as present; claims a chart may create \
            are not judged, and classes are reported only when no storage chart could create them and \
            another cluster has them or the cluster declares its classes itself.
            """,
        remediation: """
            Fix the name, create the object in this cluster and namespace, or move the backup to the cluster \
            that holds the data.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: paperless-data, namespace: docs}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: paperless-volsync, namespace: docs}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
                  target: {name: paperless-restic}
                  dataFrom: [{extract: {key: volsync-restic}}]
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: paperless, namespace: docs}
                spec:
                  sourcePVC: paperless-data
                  trigger: {schedule: "0 * * * *"}
                  restic:
                    repository: paperless-restic
                    copyMethod: Snapshot
                """
            ),
            Example(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: postgres, namespace: databases}
                spec:
                  instances: 3
                  storage: {size: 20Gi}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: postgres-restic, namespace: databases}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
                  target: {name: postgres-restic}
                  dataFrom: [{extract: {key: volsync-restic}}]
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: postgres-1, namespace: databases}
                spec:
                  sourcePVC: postgres-1
                  trigger: {schedule: "0 * * * *"}
                  restic:
                    repository: postgres-restic
                    copyMethod: Snapshot
                """
            ),
        ],
        failing: [
            Example(
                """
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: postgres-backup, namespace: databases}
                spec:
                  sourcePVC: ↓postgres-data
                  trigger: {schedule: "0 */6 * * *"}
                  restic:
                    repository: ↓postgres-backup-secret
                    copyMethod: Snapshot
                """
            ),
            Example(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: postgres, namespace: databases}
                spec:
                  instances: 3
                  storage: {size: 20Gi}
                ---
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: postgres-restic, namespace: databases}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
                  target: {name: postgres-restic}
                  dataFrom: [{extract: {key: volsync-restic}}]
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: postgres-backup, namespace: databases}
                spec:
                  sourcePVC: ↓postgres-data
                  trigger: {schedule: "0 */6 * * *"}
                  restic:
                    repository: postgres-restic
                    copyMethod: Snapshot
                """
            ),
            Example(files: [
                (
                    "clusters/infra/storage.yaml",
                    """
                    apiVersion: storage.k8s.io/v1
                    kind: StorageClass
                    metadata: {name: ceph-block}
                    provisioner: rook-ceph.rbd.csi.ceph.com
                    """
                ),
                (
                    "clusters/apps/restore.yaml",
                    """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: postgres-restic, namespace: databases}
                    stringData:
                      RESTIC_REPOSITORY: ${RESTIC_REPOSITORY}
                    ---
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata: {name: postgres-restored, namespace: databases}
                    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 20Gi}}}
                    ---
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationDestination
                    metadata: {name: postgres-restore, namespace: databases}
                    spec:
                      trigger: {manual: restore-once}
                      restic:
                        repository: postgres-restic
                        destinationPVC: postgres-restored
                        copyMethod: Direct
                        storageClassName: ↓ceph-block
                    """
                ),
            ]),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventories = context.clusters.map { cluster in
            context.shared("BackupInventory/\(cluster.name)") { BackupInventory(cluster) }
        }
        var classOwners: [String: [String]] = [:]
        for inventory in inventories {
            for name in inventory.storageClasses.union(inventory.snapshotClasses) {
                classOwners[name, default: []].append(inventory.cluster.name)
            }
        }
        for inventory in inventories {
            let cluster = inventory.cluster
            let generated = inventory.generatedClaims
            let checker = Checker(
                inventory: inventory,
                generated: generated,
                classOwners: classOwners,
                sink: sink
            )
            for object in cluster.objects {
                let resource = object.resource
                let namespace = resource.namespace ?? "default"
                let reference = context.reference(object, in: cluster)
                switch (resource.group, resource.kind) {
                case ("volsync.backube", "ReplicationSource"), ("volsync.backube", "ReplicationDestination"):
                    checker.claim(object.spec["sourcePVC"], namespace: namespace, object: reference)
                    for mover in ["restic", "rclone", "rsync", "rsyncTLS"] {
                        guard let options = object.spec[mover] else { continue }
                        checker.claim(options["destinationPVC"], namespace: namespace, object: reference)
                        for key in ["repository", "rcloneConfig", "keySecret", "sshKeys"] {
                            checker.secret(options[key], namespace: namespace, object: reference)
                        }
                        for key in ["storageClassName", "cacheStorageClassName", "volumeSnapshotClassName"] {
                            checker.storageClass(options[key], snapshot: key.hasPrefix("volume"), object: reference)
                        }
                    }
                case ("velero.io", "BackupStorageLocation"):
                    checker.secret(object.spec[path: ["credential", "name"]], namespace: namespace, object: reference)
                default:
                    break
                }
            }
            for release in cluster.helmReleases where release.chart == "velero" {
                let namespace = release.node[path: ["spec", "targetNamespace"]]?.string ?? release.key.namespace
                let reference = context.reference(release, in: cluster)
                if release.values[path: ["credentials", "useSecret"]]?.bool != false {
                    checker.secret(
                        release.values[path: ["credentials", "existingSecret"]],
                        namespace: namespace,
                        object: reference
                    )
                }
                for location in release.values[path: ["configuration", "backupStorageLocation"]]?.items ?? [] {
                    checker.secret(location[path: ["credential", "name"]], namespace: namespace, object: reference)
                }
            }
        }
    }
}

/// The lookups of one cluster, reporting what does not resolve.
private struct Checker {
    let inventory: BackupInventory
    let generated: BackupInventory.GeneratedClaims
    let classOwners: [String: [String]]
    let sink: RuleSink
    /// Whether a storage chart is installed, whose classes need not appear in Git.
    let chartMayCreateClasses: Bool

    init(
        inventory: BackupInventory,
        generated: BackupInventory.GeneratedClaims,
        classOwners: [String: [String]],
        sink: RuleSink
    ) {
        self.inventory = inventory
        self.generated = generated
        self.classOwners = classOwners
        self.sink = sink
        chartMayCreateClasses = inventory.cluster.helmReleases.contains { release in
            Self.provisionerHints.contains { release.chart.lowercased().contains($0) }
        }
    }

    /// Chart names that create storage classes of their own, whose names need not appear in Git.
    private static let provisionerHints = [
        "csi", "longhorn", "openebs", "local-path", "rook", "nfs", "ceph", "democratic", "topolvm", "piraeus",
        "linstor", "smb", "synology", "mayastor",
    ]

    func claim(_ node: YAMLNode?, namespace: String, object: ObjectReference) {
        guard let node, let name = node.string, !name.contains("${") else { return }
        // A chart in the namespace may create the claim; what it renders is not visible.
        guard !inventory.namespacesWithCharts.contains(namespace),
            !inventory.mayHaveClaim(namespace: namespace, name: name, generated: generated)
        else { return }
        // CloudNativePG names claims after its instances, never after a chosen volume name.
        let scheme = generated.cnpgClusters[namespace, default: []].sorted().map {
            "; CloudNativePG names the claims of Cluster '\($0)' '\($0)-<n>' and '\($0)-<n>-wal'"
        }
        sink.report(
            "PersistentVolumeClaim '\(name)' does not exist in namespace '\(namespace)' of cluster '\(inventory.cluster.name)'"
                + scheme.joined(),
            at: node.location,
            object: object
        )
    }

    func secret(_ node: YAMLNode?, namespace: String, object: ObjectReference) {
        guard let node, let name = node.string, !name.isEmpty, !name.contains("${") else { return }
        guard !inventory.hasSecret(namespace: namespace, name: name) else { return }
        sink.report(
            "Secret '\(name)' does not exist in namespace '\(namespace)' of cluster '\(inventory.cluster.name)'",
            at: node.location,
            object: object
        )
    }

    func storageClass(_ node: YAMLNode?, snapshot: Bool, object: ObjectReference) {
        guard let node, let name = node.string, !name.isEmpty, !name.contains("${") else { return }
        let local = snapshot ? inventory.snapshotClasses : inventory.storageClasses
        guard !local.contains(name), !inventory.valueStrings.contains(name) else { return }
        let kind = snapshot ? "VolumeSnapshotClass" : "StorageClass"
        guard !chartMayCreateClasses else { return }
        let elsewhere = classOwners[name, default: []].filter { $0 != inventory.cluster.name }
        if !elsewhere.isEmpty {
            let owners = elsewhere.map { "'\($0)'" }.joined(separator: ", ")
            sink.report(
                "\(kind) '\(name)' does not exist in cluster '\(inventory.cluster.name)'; only \(owners) has it",
                at: node.location,
                object: object
            )
            return
        }
        let declaresClasses = snapshot ? !inventory.snapshotClasses.isEmpty : inventory.storageClassObjectCount > 0
        guard declaresClasses else { return }
        sink.report(
            "\(kind) '\(name)' does not exist in cluster '\(inventory.cluster.name)'",
            at: node.location,
            object: object
        )
    }
}
