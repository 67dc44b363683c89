import StrataCore
import StrataFlux
import StrataYAML

/// A volume claim, a StatefulSet claim template or a CloudNativePG cluster is protected by no backup.
struct PvcNotCovered: Rule {
    static let description = RuleDescription(
        id: "backup/pvc-not-covered",
        name: "PVC Not Covered",
        summary: "A persistent volume is protected by no VolSync source, Velero schedule or database backup",
        rationale: """
            A backup only protects what it selects. VolSync copies exactly the claim named in a \
            ReplicationSource's `sourcePVC` (https://volsync.readthedocs.io/en/stable/usage/restic/index.html); \
            a Velero Schedule copies volume data only for the namespaces and resources it includes, and only \
            with `snapshotVolumes` or `defaultVolumesToFsBackup` \
            (https://velero.io/docs/main/api-types/schedule/); CloudNativePG clusters are protected by their \
            own `backup` section or a ScheduledBackup (https://cloudnative-pg.io/documentation/current/backup/). \
            A claim none of them selects is lost with the disk. A claim a ReplicationDestination restores \
            into holds a copy of data that is backed up already and is not judged. The rule runs only in clusters that declare \
            some backup, or for which `strata.yaml` declares an RPO, so clusters without backups by design \
            stay quiet.
            """,
        remediation: """
            Add a ReplicationSource for the claim (or include its namespace in a Velero Schedule that backs up \
            volumes), configure `backup` on the CloudNativePG cluster, or suppress the finding for scratch \
            volumes that need no backup.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: home-assistant, namespace: home}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 5Gi}}
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: home-assistant, namespace: home}
                spec:
                  sourcePVC: home-assistant
                  trigger: {schedule: "0 * * * *"}
                  restic:
                    repository: home-assistant-restic
                    copyMethod: Snapshot
                """
            ),
            Example(
                """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: nightly, namespace: velero}
                spec:
                  schedule: "0 3 * * *"
                  template:
                    includedNamespaces: ["*"]
                    excludedNamespaces: [kube-system]
                    snapshotVolumes: true
                    ttl: 168h
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: redis, namespace: cache}
                spec:
                  serviceName: redis
                  selector: {matchLabels: {app: redis}}
                  template:
                    metadata: {labels: {app: redis}}
                    spec:
                      containers: [{name: redis, image: "redis:7.4.1"}]
                  volumeClaimTemplates:
                    - metadata: {name: data}
                      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """
            ),
        ],
        failing: [
            Example(
                """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: weekly, namespace: velero}
                spec:
                  schedule: "0 2 * * 0"
                  template:
                    includedNamespaces: ["*"]
                    excludedNamespaces: [databases]
                    snapshotVolumes: true
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: ↓postgres-data
                  namespace: databases
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 20Gi}}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: shop, namespace: databases}
                spec:
                  instances: 3
                  ↓storage: {size: 20Gi}
                """
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            let coverage = Coverage(cluster, context: context)
            let hasObjective = context.facts.objectives.contains {
                $0.rpo != nil && ($0.cluster == nil || $0.cluster == cluster.name)
            }
            guard coverage.hasAnyBackup || hasObjective else { continue }
            for object in cluster.objects {
                let resource = object.resource
                let namespace = resource.namespace ?? "default"
                let reference = context.reference(object, in: cluster)
                switch (resource.group, resource.kind) {
                case ("", "PersistentVolumeClaim"):
                    guard !resource.name.contains("${"), object.spec["volumeName"] == nil,
                        !coverage.restoreTargets.contains(.init(namespace: namespace, name: resource.name)),
                        !coverage.covers(claim: resource.name, namespace: namespace, labels: object.node)
                    else { continue }
                    sink.report(
                        "PersistentVolumeClaim '\(resource.name)' in '\(namespace)' is protected by no backup",
                        at: object.node[path: ["metadata", "name"]]?.location ?? resource.node.location,
                        object: reference
                    )
                case ("apps", "StatefulSet"):
                    for template in object.spec["volumeClaimTemplates"]?.items ?? [] {
                        guard let nameNode = template[path: ["metadata", "name"]], let name = nameNode.string else {
                            continue
                        }
                        let prefix = "\(name)-\(resource.name)-"
                        guard !prefix.contains("${"),
                            !coverage.covers(claimPrefix: prefix, namespace: namespace, labels: template)
                        else { continue }
                        sink.report(
                            "claims '\(prefix)N' of StatefulSet '\(resource.name)' in '\(namespace)' are protected by no backup",
                            at: nameNode.location,
                            object: reference
                        )
                    }
                case ("postgresql.cnpg.io", "Cluster"):
                    guard !coverage.cnpgIsBackedUp(object, namespace: namespace) else { continue }
                    sink.report(
                        "Cluster '\(resource.name)' in '\(namespace)' has no CloudNativePG backup",
                        at: object.spec.keyLocation("storage") ?? object.node[path: ["metadata", "name"]]?.location,
                        object: reference
                    )
                default:
                    continue
                }
            }
        }
    }
}

/// Which claims a cluster's backups select.
private struct Coverage {
    typealias Key = BackupInventory.Key
    private var sourceClaims: [String: [String]] = [:]
    private var velero: [YAMLNode] = []
    private var wholeNamespaces: Set<String> = []
    private var mentions: [String: Set<String>] = [:]
    private var cnpgBackups: Set<Key> = []
    private(set) var restoreTargets: Set<Key> = []
    private(set) var hasAnyBackup = false

    /// Groups of backup operators whose objects name the claims they protect somewhere in their spec.
    private static let otherBackupGroups: Set<String> = [
        "kopiur.home-operations.com", "k8up.io", "stash.appscode.com", "core.kubestash.com",
    ]

    init(_ cluster: Cluster, context: AnalysisContext) {
        velero = context.veleroSchedules(in: cluster).map { $0.node["template"] ?? .mapping([]) }
        hasAnyBackup = !velero.isEmpty
        for object in cluster.objects {
            let resource = object.resource
            let namespace = resource.namespace ?? "default"
            switch (resource.group, resource.kind) {
            case ("volsync.backube", "ReplicationSource"):
                hasAnyBackup = true
                if let claim = object.spec["sourcePVC"]?.string { sourceClaims[namespace, default: []].append(claim) }
            case ("volsync.backube", "ReplicationDestination"):
                for mover in ["restic", "rclone", "rsync", "rsyncTLS", "external"] {
                    if let claim = object.spec[path: [mover, "destinationPVC"]]?.string {
                        restoreTargets.insert(Key(namespace: namespace, name: claim))
                    }
                }
            case ("postgresql.cnpg.io", "ScheduledBackup"), ("postgresql.cnpg.io", "Backup"):
                hasAnyBackup = true
                if let name = object.spec[path: ["cluster", "name"]]?.string {
                    cnpgBackups.insert(Key(namespace: namespace, name: name))
                }
            case (let group, let kind) where Self.otherBackupGroups.contains(group):
                hasAnyBackup = true
                if group == "k8up.io" && kind == "Schedule" { wholeNamespaces.insert(namespace) }
                Self.collect(object.spec, into: &mentions[namespace, default: []])
            default:
                break
            }
        }
    }

    func covers(claim: String, namespace: String, labels holder: YAMLNode) -> Bool {
        if sourceClaims[namespace, default: []].contains(claim) { return true }
        if mentions[namespace, default: []].contains(claim) { return true }
        return coversNamespace(namespace, labels: holder)
    }

    func covers(claimPrefix prefix: String, namespace: String, labels holder: YAMLNode) -> Bool {
        if sourceClaims[namespace, default: []].contains(where: { $0.hasPrefix(prefix) }) { return true }
        if mentions[namespace, default: []].contains(where: { $0.hasPrefix(prefix) }) { return true }
        return coversNamespace(namespace, labels: holder)
    }

    func cnpgIsBackedUp(_ object: ClusterObject, namespace: String) -> Bool {
        let spec = object.spec
        if spec[path: ["backup", "barmanObjectStore"]] != nil || spec[path: ["backup", "volumeSnapshot"]] != nil {
            return true
        }
        if !(spec["plugins"]?.items ?? []).isEmpty { return true }
        if cnpgBackups.contains(Key(namespace: namespace, name: object.resource.name)) { return true }
        return coversNamespace(namespace, labels: object.node)
    }

    private func coversNamespace(_ namespace: String, labels holder: YAMLNode) -> Bool {
        if wholeNamespaces.contains(namespace) { return true }
        if holder[path: ["metadata", "labels", "velero.io/exclude-from-backup"]]?.string == "true" { return false }
        return velero.contains { BackupInventory.veleroTemplate($0, copiesVolumesOf: namespace) }
    }

    private static func collect(_ node: YAMLNode, into out: inout Set<String>) {
        if let pairs = node.pairs {
            for pair in pairs { collect(pair.value, into: &out) }
        } else if let items = node.items {
            for item in items { collect(item, into: &out) }
        } else if let text = node.string {
            out.insert(text)
        }
    }
}
