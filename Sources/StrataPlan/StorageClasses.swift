import StrataAnalyze
import StrataFlux
import StrataYAML

/// A cluster's StorageClasses, classified by where their volumes live: a Ceph pool, a node's local disk, or
/// elsewhere.
struct StorageClasses {
    /// Where a class puts its volumes.
    struct Backend: Hashable {
        /// `ceph`, `local`, `other`, or `unknown` for a class the cluster does not define.
        var kind: String
        /// The Ceph pool, for Ceph classes.
        var pool: String?
        /// The namespace of the CephCluster (Ceph-CSI's `clusterID`), for Ceph classes.
        var cephNamespace: String?
    }

    private var classes: [String: Backend] = [:]
    /// The class annotated as the default, used by claims that name none.
    private(set) var defaultClass: String?

    /// Provisioners whose volumes live on one node's disk.
    private static let localProvisioners = [
        "openebs.io/local", "rancher.io/local-path", "kubernetes.io/no-provisioner", "topolvm.io",
        "local.csi.openebs.io", "lvm.csi.metal-stack.io", "hostpath.csi.k8s.io",
    ]

    /// Indexes the StorageClass objects of a cluster and those the `rook-ceph-cluster` chart creates.
    init(_ cluster: Cluster, ceph: CephInventory) {
        for object in cluster.objects where object.resource.kind == "StorageClass" {
            let node = object.node
            let provisioner = node["provisioner"]?.string ?? ""
            let parameters = node["parameters"] ?? .mapping([])
            var backend = Backend(kind: "other")
            if provisioner.hasSuffix("rbd.csi.ceph.com") {
                backend = Backend(
                    kind: "ceph",
                    pool: parameters["pool"]?.string ?? parameters["dataPool"]?.string,
                    cephNamespace: parameters["clusterID"]?.string
                )
            } else if provisioner.hasSuffix("cephfs.csi.ceph.com") {
                let namespace = parameters["clusterID"]?.string
                var pool = parameters["pool"]?.string
                if pool == nil, let fsName = parameters["fsName"]?.string {
                    pool =
                        ceph.filesystems.first {
                            $0.cluster == cluster.name && $0.name == fsName
                                && (namespace == nil || $0.namespace == namespace)
                        }?.dataPools.first
                }
                backend = Backend(kind: "ceph", pool: pool, cephNamespace: namespace)
            } else if Self.localProvisioners.contains(where: { provisioner.hasPrefix($0) }) {
                backend = Backend(kind: "local")
            }
            classes[object.resource.name] = backend
            let annotations = node[path: ["metadata", "annotations"]]
            if annotations?["storageclass.kubernetes.io/is-default-class"]?.string == "true" {
                defaultClass = object.resource.name
            }
        }
        // OpenEBS' local hostpath provisioner creates its class from values (`hostpathClass`, on by default).
        for release in cluster.helmReleases where ["openebs", "localpv-provisioner"].contains(release.chart) {
            let values =
                release.chart == "openebs" ? release.values["localpv-provisioner"] ?? .mapping([]) : release.values
            let hostpath = values["hostpathClass"]
            guard hostpath?["enabled"]?.bool != false else { continue }
            let name = hostpath?["name"]?.string ?? "openebs-hostpath"
            if classes[name] == nil { classes[name] = Backend(kind: "local") }
            if hostpath?["isDefaultClass"]?.bool == true { defaultClass = name }
        }
        for release in cluster.helmReleases where release.chart == CephInventory.chart {
            let namespace = release.node[path: ["spec", "targetNamespace"]]?.string ?? release.key.namespace
            for entry in release.values["cephBlockPools"]?.items ?? [] {
                guard let name = entry["name"]?.string, entry[path: ["storageClass", "enabled"]]?.bool == true,
                    let className = entry[path: ["storageClass", "name"]]?.string
                else { continue }
                classes[className] = Backend(kind: "ceph", pool: name, cephNamespace: namespace)
                if entry[path: ["storageClass", "isDefault"]]?.bool == true { defaultClass = className }
            }
        }
    }

    /// The backend of a class; a claim without a class gets the default one.
    func backend(of name: String?) -> (name: String?, backend: Backend) {
        guard let name = name ?? defaultClass else { return (nil, Backend(kind: "unknown")) }
        return (name, classes[name] ?? Backend(kind: "unknown"))
    }
}
