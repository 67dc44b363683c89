import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// Every persistent volume a cluster declares, directly or through a template: claims, StatefulSet claim
/// templates, CloudNativePG instances, VictoriaMetrics storage and cache, Ceph monitor stores and the volumes
/// VolSync creates to restore into.
struct VolumeInventory {
    /// A volume and the claim names it stands for.
    struct Entry {
        var volume: Plan.Volume
        /// The claims' names, to match backups that name one (`sourcePVC`).
        var claims: [String]
        /// The object's labels holder, for Velero's exclusion label.
        var holder: YAMLNode
        /// The CloudNativePG cluster, for volumes of one.
        var cnpgCluster: ClusterObject?
    }

    private(set) var entries: [Entry] = []

    /// Collects the volumes of a cluster.
    init(_ cluster: Cluster, classes: StorageClasses) {
        var restoreTargets: Set<String> = []
        for object in cluster.objects where object.resource.kind == "ReplicationDestination" {
            for mover in ["restic", "rclone", "rsync", "rsyncTLS", "external"] {
                if let claim = object.spec[path: [mover, "destinationPVC"]]?.string {
                    restoreTargets.insert("\(object.resource.namespace ?? "default")/\(claim)")
                }
            }
        }
        for object in cluster.objects {
            let resource = object.resource
            let namespace = resource.namespace ?? "default"
            let spec = object.spec
            switch (resource.group, resource.kind) {
            case ("", "PersistentVolumeClaim"):
                guard spec["volumeName"] == nil else { continue }
                let role = restoreTargets.contains("\(namespace)/\(resource.name)") ? "restore-target" : "data"
                entries.append(
                    make(
                        object,
                        name: resource.name,
                        declaredBy: "PersistentVolumeClaim",
                        claims: [resource.name],
                        template: spec,
                        count: 1,
                        role: role,
                        classes: classes
                    )
                )
            case ("apps", "StatefulSet"):
                let replicas = max(spec["replicas"]?.int ?? 1, 0)
                for template in spec["volumeClaimTemplates"]?.items ?? [] {
                    guard let name = template[path: ["metadata", "name"]]?.string else { continue }
                    addNumbered(
                        object,
                        prefix: "\(name)-\(resource.name)-",
                        declaredBy: "StatefulSet/\(resource.name)",
                        template: template,
                        count: replicas,
                        role: "data",
                        classes: classes,
                        holder: template
                    )
                }
            case ("postgresql.cnpg.io", "Cluster"):
                let instances = max(spec["instances"]?.int ?? 1, 1)
                for (key, suffix) in [("storage", ""), ("walStorage", "-wal")] {
                    guard let storage = spec[key] else { continue }
                    let size = storage["size"]?.string
                    let claimTemplate: YAMLNode =
                        storage["pvcTemplate"]
                        ?? .mapping([
                            ("storageClassName", storage["storageClass"] ?? .null),
                            ("resources", .mapping([("requests", .mapping([("storage", .plain(size ?? ""))]))])),
                        ])
                    var entry = make(
                        object,
                        name: "\(resource.name)-N\(suffix)",
                        declaredBy: "Cluster/\(resource.name)",
                        claims: (1...instances).map { "\(resource.name)-\($0)\(suffix)" },
                        template: claimTemplate,
                        count: instances,
                        role: "data",
                        classes: classes
                    )
                    if let size, entry.volume.sizeBytes == nil { entry.volume.sizeBytes = Units.quantity(size) }
                    entry.cnpgCluster = object
                    entries.append(entry)
                }
            case ("operator.victoriametrics.com", "VMCluster"):
                for (component, volumeName, role) in [
                    ("vmstorage", "vmstorage-db", "data"), ("vmselect", "vmselect-cachedir", "cache"),
                ] {
                    guard let template = spec[path: [component, "storage", "volumeClaimTemplate"]] else {
                        continue
                    }
                    addNumbered(
                        object,
                        prefix: "\(volumeName)-\(component)-\(resource.name)-",
                        declaredBy: "VMCluster/\(resource.name)",
                        template: template,
                        count: max(spec[path: [component, "replicaCount"]]?.int ?? 1, 1),
                        role: role,
                        classes: classes
                    )
                }
            case ("operator.victoriametrics.com", "VMSingle"):
                guard let storage = spec["storage"] else { continue }
                entries.append(
                    make(
                        object,
                        name: "vmsingle-\(resource.name)",
                        declaredBy: "VMSingle/\(resource.name)",
                        claims: ["vmsingle-\(resource.name)"],
                        template: storage,
                        count: 1,
                        role: "data",
                        classes: classes
                    )
                )
            case ("ceph.rook.io", "CephCluster"):
                guard let template = spec[path: ["mon", "volumeClaimTemplate"]] else { continue }
                entries.append(
                    make(
                        object,
                        name: "\(resource.name)-mon-N",
                        declaredBy: "CephCluster/\(resource.name)",
                        claims: [],
                        template: template["spec"] ?? .mapping([]),
                        count: max(spec[path: ["mon", "count"]]?.int ?? 3, 1),
                        role: "system",
                        classes: classes
                    )
                )
            case ("volsync.backube", "ReplicationDestination"):
                for mover in ["restic", "rclone", "rsync", "rsyncTLS"] {
                    guard let options = spec[mover], options["destinationPVC"] == nil,
                        let capacity = options["capacity"]?.string
                    else { continue }
                    let template: YAMLNode = .mapping([
                        ("storageClassName", options["storageClassName"] ?? .null),
                        ("resources", .mapping([("requests", .mapping([("storage", .plain(capacity))]))])),
                    ])
                    entries.append(
                        make(
                            object,
                            name: "volsync-\(resource.name)-dst",
                            declaredBy: "ReplicationDestination/\(resource.name)",
                            claims: [],
                            template: template,
                            count: 1,
                            role: "restore-target",
                            classes: classes
                        )
                    )
                }
            default:
                continue
            }
        }
        entries.sort { ($0.volume.namespace, $0.volume.name) < ($1.volume.namespace, $1.volume.name) }
    }

    /// The claims a controller numbers from 0: `<prefix>0`, `<prefix>1` … from a claim template.
    private mutating func addNumbered(
        _ object: ClusterObject,
        prefix: String,
        declaredBy: String,
        template: YAMLNode,
        count: Int,
        role: String,
        classes: StorageClasses,
        holder: YAMLNode? = nil
    ) {
        entries.append(
            make(
                object,
                name: prefix + "N",
                declaredBy: declaredBy,
                claims: (0..<count).map { prefix + String($0) },
                template: template["spec"] ?? .mapping([]),
                count: count,
                role: role,
                classes: classes,
                holder: holder
            )
        )
    }

    private func make(
        _ object: ClusterObject,
        name: String,
        declaredBy: String,
        claims: [String],
        template: YAMLNode,
        count: Int,
        role: String,
        classes: StorageClasses,
        holder: YAMLNode? = nil
    ) -> Entry {
        let className = template["storageClassName"].flatMap { $0.isNull ? nil : $0.string }
        let (resolved, backend) = classes.backend(of: className)
        let size = template[path: ["resources", "requests", "storage"]]?.string.flatMap(Units.quantity)
        let volume = Plan.Volume(
            namespace: object.resource.namespace ?? "default",
            name: name,
            declaredBy: declaredBy,
            count: count,
            sizeBytes: size,
            storageClass: resolved,
            storage: backend.kind,
            cephPool: backend.pool,
            role: role,
            protections: [],
            rpoSeconds: nil,
            source: object.node.location.map { "\($0.path):\($0.line)" }
        )
        return Entry(volume: volume, claims: claims, holder: holder ?? object.node, cnpgCluster: nil)
    }
}
