import StrataPlatform
import StrataYAML

/// The StorageClasses and VolumeSnapshotClasses of the Ceph pools and filesystem, the same on the provider
/// and on every consumer: both reach the pools through a CephCluster in ``RookCeph/namespace``.
struct CephStorageClasses: Sendable {
    /// The Ceph spec.
    var ceph: CephSpec
    /// The context, for the snapshot class names.
    var context: GenerationContext

    /// The RBD CSI driver's name, which Rook prefixes with the operator's namespace.
    static var rbdDriver: String { "\(RookCeph.namespace).rbd.csi.ceph.com" }
    /// The CephFS CSI driver's name.
    static var cephFSDriver: String { "\(RookCeph.namespace).cephfs.csi.ceph.com" }

    /// Every class, then every snapshot class.
    var documents: [YAMLNode] {
        var classes: [YAMLNode] = []
        var snapshots: [YAMLNode] = []
        for (index, pool) in ceph.pools.enumerated() {
            classes.append(blockClass(pool))
            snapshots.append(
                snapshotClass(
                    for: pool.storageClass.name,
                    driver: Self.rbdDriver,
                    secret: "rook-csi-rbd-provisioner",
                    labelledForVelero: index == 0
                )
            )
        }
        if let filesystem = ceph.filesystem {
            classes.append(filesystemClass(filesystem))
            snapshots.append(
                snapshotClass(
                    for: filesystem.storageClass.name,
                    driver: Self.cephFSDriver,
                    secret: "rook-csi-cephfs-provisioner",
                    labelledForVelero: true
                )
            )
        }
        return classes + snapshots
    }

    private func blockClass(_ pool: CephPoolSpec) -> YAMLNode {
        var parameters: YAMLNode = ["clusterID": "\(RookCeph.namespace)"]
        switch pool.protection {
        case .replicated:
            parameters.set("pool", .string(pool.name))
        case .erasureCoded:
            // RBD keeps image metadata (omap) in a replicated pool and only the data in the EC pool.
            parameters.set("pool", .string(CephPools.metadataPoolName(of: pool)))
            parameters.set("dataPool", .string(pool.name))
        }
        parameters.set("imageFormat", "2")
        parameters.set("imageFeatures", "layering,fast-diff,object-map,deep-flatten,exclusive-lock")
        parameters.set("csi.storage.k8s.io/fstype", "ext4")
        addSecrets(to: &parameters, provisioner: "rook-csi-rbd-provisioner", node: "rook-csi-rbd-node")
        return storageClass(pool.storageClass, driver: Self.rbdDriver, parameters: parameters)
    }

    private func filesystemClass(_ filesystem: CephFilesystemSpec) -> YAMLNode {
        var parameters: YAMLNode = [
            "clusterID": "\(RookCeph.namespace)",
            "fsName": "\(filesystem.name)",
            "pool": "\(CephPools.filesystemDataPoolName(of: filesystem))",
        ]
        addSecrets(to: &parameters, provisioner: "rook-csi-cephfs-provisioner", node: "rook-csi-cephfs-node")
        return storageClass(filesystem.storageClass, driver: Self.cephFSDriver, parameters: parameters)
    }

    private func addSecrets(to parameters: inout YAMLNode, provisioner: String, node: String) {
        let namespace = YAMLNode.string(RookCeph.namespace)
        parameters.set("csi.storage.k8s.io/provisioner-secret-name", .string(provisioner))
        parameters.set("csi.storage.k8s.io/provisioner-secret-namespace", namespace)
        parameters.set("csi.storage.k8s.io/controller-expand-secret-name", .string(provisioner))
        parameters.set("csi.storage.k8s.io/controller-expand-secret-namespace", namespace)
        parameters.set("csi.storage.k8s.io/node-stage-secret-name", .string(node))
        parameters.set("csi.storage.k8s.io/node-stage-secret-namespace", namespace)
    }

    private func storageClass(_ spec: StorageClassSpec, driver: String, parameters: YAMLNode) -> YAMLNode {
        var metadata: YAMLNode = ["name": "\(spec.name)"]
        if spec.isDefault {
            metadata.set("annotations", ["storageclass.kubernetes.io/is-default-class": "true"])
        }
        return [
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": metadata,
            "provisioner": "\(driver)",
            "parameters": parameters,
            "reclaimPolicy": "\(spec.reclaimPolicy)",
            "allowVolumeExpansion": true,
            "volumeBindingMode": "Immediate",
        ]
    }

    private func snapshotClass(
        for storageClass: String,
        driver: String,
        secret: String,
        labelledForVelero: Bool
    )
        -> YAMLNode
    {
        var metadata: YAMLNode = ["name": "\(context.snapshotClassName(forStorageClass: storageClass))"]
        // Velero's CSI support picks the one class per driver that carries this label.
        if labelledForVelero { metadata.set("labels", ["velero.io/csi-volumesnapshot-class": "true"]) }
        return [
            "apiVersion": "snapshot.storage.k8s.io/v1",
            "kind": "VolumeSnapshotClass",
            "metadata": metadata,
            "driver": "\(driver)",
            "parameters": [
                "clusterID": "\(RookCeph.namespace)",
                "csi.storage.k8s.io/snapshotter-secret-name": "\(secret)",
                "csi.storage.k8s.io/snapshotter-secret-namespace": "\(RookCeph.namespace)",
            ],
            // VolSync takes a snapshot per backup run; Retain would leave every one behind in Ceph.
            "deletionPolicy": "Delete",
        ]
    }
}
