import StrataCore
import StrataFlux
import StrataYAML

/// A storage or snapshot class names a Ceph cluster, pool, filesystem or driver that its cluster lacks, or a
/// claim names a class that exists only in another cluster.
struct StorageClassTargetMissing: Rule {
    static let description = RuleDescription(
        id: "ceph/storage-class-target-missing",
        name: "Storage Class Target Missing",
        summary: "A StorageClass, VolumeSnapshotClass or claim names a Ceph target or class its cluster does not have",
        rationale: """
            Ceph CSI resolves a StorageClass at provisioning time: `clusterID` must be the namespace of a \
            CephCluster, `pool` a CephBlockPool (or, for CephFS, a data pool `<fsName>-<pool>`), and `fsName` \
            a CephFilesystem of that cluster \
            (https://rook.io/docs/rook/latest/Storage-Configuration/Block-Storage-RBD/block-storage/). A name \
            that does not exist is not caught when the class is applied: every claim using it stays Pending. \
            The same holds for a VolumeSnapshotClass whose `driver` no StorageClass provisions, and for claims, \
            VolSync movers and snapshot classes that name a class defined only in another cluster of the \
            repository (a manifest copied between clusters). Classes created by charts other than \
            `rook-ceph-cluster` cannot be seen, so claims are only checked against classes some cluster defines. \
            A cluster whose CephCluster is external (`spec.external.enable: true`) uses the pools and filesystems \
            of the provider cluster it connects to, while `clusterID` stays its own namespace \
            (https://rook.io/docs/rook/latest/CRDs/Cluster/external-cluster/external-cluster/): its classes are \
            checked against the CephClusters the repository runs itself, and not at all when it runs none.
            """,
        remediation: """
            Name the pool, filesystem and CephCluster namespace the cluster defines, or define the class in the \
            cluster that uses it.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec: {}
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: replicapool, namespace: rook-ceph}
                spec:
                  replicated: {size: 3}
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: ceph-block}
                provisioner: rook-ceph.rbd.csi.ceph.com
                parameters:
                  clusterID: rook-ceph
                  pool: replicapool
                ---
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshotClass
                metadata: {name: ceph-block}
                driver: rook-ceph.rbd.csi.ceph.com
                deletionPolicy: Delete
                """
            ),
            Example(
                files: [
                    (
                        "clusters/infra/storage.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph, namespace: rook-ceph}
                        spec: {}
                        ---
                        apiVersion: ceph.rook.io/v1
                        kind: CephBlockPool
                        metadata: {name: replicapool, namespace: rook-ceph}
                        spec:
                          replicated: {size: 3}
                        """
                    ),
                    (
                        "clusters/apps/storage.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph-external, namespace: ceph-external}
                        spec:
                          external: {enable: true}
                        ---
                        apiVersion: storage.k8s.io/v1
                        kind: StorageClass
                        metadata: {name: ceph-block}
                        provisioner: rook-ceph.rbd.csi.ceph.com
                        parameters: {clusterID: ceph-external, pool: replicapool}
                        """
                    ),
                ]
            ),
        ],
        failing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec: {}
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephFilesystem
                metadata: {name: cephfs, namespace: rook-ceph}
                spec:
                  metadataPool:
                    replicated: {size: 3}
                  dataPools:
                    - name: replicated
                      replicated: {size: 3}
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: ceph-block}
                provisioner: rook-ceph.rbd.csi.ceph.com
                parameters:
                  clusterID: rook-ceph
                  pool: ↓replicapool
                ---
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: ceph-filesystem}
                provisioner: rook-ceph.cephfs.csi.ceph.com
                parameters:
                  clusterID: rook-ceph
                  fsName: cephfs
                  pool: ↓cephfs-data0
                """
            ),
            Example(
                files: [
                    (
                        "clusters/infra/storage.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph, namespace: rook-ceph}
                        spec: {}
                        ---
                        apiVersion: ceph.rook.io/v1
                        kind: CephBlockPool
                        metadata: {name: replicapool, namespace: rook-ceph}
                        spec:
                          replicated: {size: 3}
                        ---
                        apiVersion: storage.k8s.io/v1
                        kind: StorageClass
                        metadata: {name: ceph-block}
                        provisioner: rook-ceph.rbd.csi.ceph.com
                        parameters: {clusterID: rook-ceph, pool: replicapool}
                        """
                    ),
                    (
                        "clusters/apps/app.yaml",
                        """
                        apiVersion: v1
                        kind: PersistentVolumeClaim
                        metadata: {name: data, namespace: media}
                        spec:
                          storageClassName: ↓ceph-block
                          accessModes: [ReadWriteOnce]
                          resources:
                            requests: {storage: 10Gi}
                        ---
                        apiVersion: snapshot.storage.k8s.io/v1
                        kind: VolumeSnapshotClass
                        metadata: {name: ceph-block}
                        driver: ↓rook-ceph.rbd.csi.ceph.com
                        deletionPolicy: Delete
                        """
                    ),
                ]
            ),
            Example(
                files: [
                    (
                        "clusters/infra/storage.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph, namespace: rook-ceph}
                        spec: {}
                        ---
                        apiVersion: ceph.rook.io/v1
                        kind: CephBlockPool
                        metadata: {name: replicapool, namespace: rook-ceph}
                        spec:
                          replicated: {size: 3}
                        """
                    ),
                    (
                        "clusters/apps/storage.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph, namespace: rook-ceph}
                        spec:
                          external: {enable: true}
                        ---
                        apiVersion: storage.k8s.io/v1
                        kind: StorageClass
                        metadata: {name: ceph-block}
                        provisioner: rook-ceph.rbd.csi.ceph.com
                        parameters: {clusterID: rook-ceph, pool: ↓ceph-blockpool}
                        """
                    ),
                ]
            ),
        ]
    )

    private struct ClassRecord {
        var cluster: String
        var location: SourceLocation?
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = CephInventory.shared(in: context)
        var cephScopes: [String: Set<String>] = [:]
        for entry in inventory.clusters { cephScopes[entry.cluster, default: []].insert(entry.namespace) }
        var blockPools: [CephInventory.Scope: Set<String>] = [:]
        for pool in inventory.pools where pool.role == .blockPool {
            blockPools[CephInventory.Scope(cluster: pool.cluster, namespace: pool.namespace), default: []]
                .insert(pool.name)
        }
        var filesystems: [CephInventory.Scope: [String: [String]]] = [:]
        for fs in inventory.filesystems {
            filesystems[CephInventory.Scope(cluster: fs.cluster, namespace: fs.namespace), default: [:]][fs.name] =
                fs.dataPools
        }
        var storageClasses: [String: [String: ClassRecord]] = [:]
        var snapshotClasses: [String: [String: ClassRecord]] = [:]
        var drivers: [String: Set<String>] = [:]
        for cluster in context.clusters {
            for object in cluster.objects {
                let record = ClassRecord(cluster: cluster.name, location: object.node.location)
                if object.resource.kind == "StorageClass", object.resource.group == "storage.k8s.io" {
                    storageClasses[cluster.name, default: [:]][object.resource.name] = record
                    if let provisioner = object.node["provisioner"]?.string {
                        drivers[cluster.name, default: []].insert(provisioner)
                    }
                } else if object.resource.kind == "VolumeSnapshotClass" {
                    snapshotClasses[cluster.name, default: [:]][object.resource.name] = record
                }
            }
            for (name, node) in inventory.chartStorageClasses[cluster.name] ?? [] {
                storageClasses[cluster.name, default: [:]][name] = ClassRecord(
                    cluster: cluster.name,
                    location: node.location
                )
            }
            for release in cluster.helmReleases where release.chart == CephInventory.chart {
                let operatorNamespace = release.values["operatorNamespace"]?.string ?? "rook-ceph"
                drivers[cluster.name, default: []].formUnion([
                    "\(operatorNamespace).rbd.csi.ceph.com", "\(operatorNamespace).cephfs.csi.ceph.com",
                ])
            }
        }
        let lookup = Lookup(
            cephScopes: cephScopes,
            blockPools: blockPools,
            filesystems: filesystems,
            incomplete: inventory.incomplete,
            providers: Self.providers(of: inventory),
            storageClasses: storageClasses,
            snapshotClasses: snapshotClasses,
            drivers: drivers,
            analysis: context
        )
        for cluster in context.clusters {
            for object in cluster.objects {
                lookup.check(object, in: cluster, into: sink)
            }
        }
    }

    /// Whether each CephCluster scope runs its own Ceph (`true`) or connects to one elsewhere (`false`).
    ///
    /// A scope counts as external only when every CephCluster in it is: two CephClusters in one namespace are
    /// an error of their own, and guessing which one wins would only add noise.
    private static func providers(of inventory: CephInventory) -> [CephInventory.Scope: Bool] {
        var result: [CephInventory.Scope: Bool] = [:]
        for entry in inventory.clusters {
            let scope = CephInventory.Scope(cluster: entry.cluster, namespace: entry.namespace)
            let provides = entry.spec[path: ["external", "enable"]]?.bool != true
            result[scope] = (result[scope] ?? false) || provides
        }
        return result
    }

    /// The pools and filesystems a StorageClass of one scope may name, and how messages say where they live.
    private struct Targets {
        var blockPools: Set<String>
        var filesystems: [String: [String]]
        var owner: String
    }

    private struct Lookup {
        var cephScopes: [String: Set<String>]
        var blockPools: [CephInventory.Scope: Set<String>]
        var filesystems: [CephInventory.Scope: [String: [String]]]
        var incomplete: Set<CephInventory.Scope>
        var providers: [CephInventory.Scope: Bool]
        var storageClasses: [String: [String: ClassRecord]]
        var snapshotClasses: [String: [String: ClassRecord]]
        var drivers: [String: Set<String>]
        var analysis: AnalysisContext

        func check(_ object: ClusterObject, in cluster: Cluster, into sink: RuleSink) {
            let reference = analysis.reference(object, in: cluster)
            switch (object.resource.group, object.resource.kind) {
            case ("storage.k8s.io", "StorageClass"):
                checkStorageClass(object, in: cluster, reference: reference, into: sink)
            case ("snapshot.storage.k8s.io", "VolumeSnapshotClass"):
                checkSnapshotClass(object, in: cluster, reference: reference, into: sink)
            case ("", "PersistentVolumeClaim"):
                checkClassName(object.spec["storageClassName"], in: cluster, reference: reference, into: sink)
            case ("apps", "StatefulSet"):
                for template in object.spec["volumeClaimTemplates"]?.items ?? [] {
                    checkClassName(
                        template[path: ["spec", "storageClassName"]],
                        in: cluster,
                        reference: reference,
                        into: sink
                    )
                }
            case ("volsync.backube", "ReplicationSource"), ("volsync.backube", "ReplicationDestination"):
                for mover in object.spec.pairs ?? [] where mover.value.isMapping {
                    for key in ["storageClassName", "cacheStorageClassName"] {
                        checkClassName(mover.value[key], in: cluster, reference: reference, into: sink)
                    }
                    checkClassName(
                        mover.value["volumeSnapshotClassName"],
                        snapshot: true,
                        in: cluster,
                        reference: reference,
                        into: sink
                    )
                }
            default:
                break
            }
        }

        private func checkStorageClass(
            _ object: ClusterObject,
            in cluster: Cluster,
            reference: ObjectReference,
            into sink: RuleSink
        ) {
            guard let provisioner = object.node["provisioner"]?.string,
                let parameters = object.node["parameters"],
                let namespace = checkClusterID(parameters, in: cluster, reference: reference, into: sink)
            else { return }
            let scope = CephInventory.Scope(cluster: cluster.name, namespace: namespace)
            guard let targets = targets(for: scope) else { return }
            let name = object.resource.name
            if provisioner.hasSuffix(".rbd.csi.ceph.com") {
                let pools = targets.blockPools
                for key in ["pool", "dataPool"] {
                    guard let node = parameters[key], let pool = node.string, !pool.contains("${"),
                        !pools.contains(pool)
                    else { continue }
                    sink.report(
                        "StorageClass '\(name)' names pool '\(pool)', which no CephBlockPool \(targets.owner) "
                            + "defines\(DidYouMean.hint(for: pool, among: pools))",
                        at: node.location,
                        object: reference
                    )
                }
            } else if provisioner.hasSuffix(".cephfs.csi.ceph.com") {
                let known = targets.filesystems
                guard let fsNode = parameters["fsName"], let fsName = fsNode.string, !fsName.contains("${") else {
                    return
                }
                guard let dataPools = known[fsName] else {
                    sink.report(
                        "StorageClass '\(name)' names filesystem '\(fsName)', which no CephFilesystem "
                            + "\(targets.owner) defines\(DidYouMean.hint(for: fsName, among: known.keys))",
                        at: fsNode.location,
                        object: reference
                    )
                    return
                }
                if let poolNode = parameters["pool"], let pool = poolNode.string, !pool.contains("${"),
                    !dataPools.contains(pool)
                {
                    sink.report(
                        "StorageClass '\(name)' names pool '\(pool)', which is not a data pool of filesystem "
                            + "'\(fsName)'\(DidYouMean.hint(for: pool, among: dataPools))",
                        at: poolNode.location,
                        object: reference
                    )
                }
            }
        }

        /// What a class of `scope` may name: the scope's own pools and filesystems, or for an external
        /// CephCluster those of every CephCluster that runs Ceph elsewhere in the repository; `nil` when they
        /// cannot be known (chart defaults, or an external cluster whose provider is not in the repository).
        private func targets(for scope: CephInventory.Scope) -> Targets? {
            guard providers[scope] == false else {
                guard !incomplete.contains(scope) else { return nil }
                return Targets(
                    blockPools: blockPools[scope] ?? [],
                    filesystems: filesystems[scope] ?? [:],
                    owner: "in namespace '\(scope.namespace)'"
                )
            }
            let sources = providers.filter { $0.value && $0.key != scope }.keys.sorted {
                ($0.cluster, $0.namespace) < ($1.cluster, $1.namespace)
            }
            guard !sources.isEmpty, !sources.contains(where: incomplete.contains) else { return nil }
            var targets = Targets(blockPools: [], filesystems: [:], owner: "")
            for source in sources {
                targets.blockPools.formUnion(blockPools[source] ?? [])
                for (name, dataPools) in filesystems[source] ?? [:] {
                    targets.filesystems[name, default: []] += dataPools
                }
            }
            let names = sources.map { "'\($0.cluster)/\($0.namespace)'" }.joined(separator: ", ")
            targets.owner = "of the provider\(sources.count == 1 ? "" : "s") \(names)"
            return targets
        }

        /// Checks `clusterID` and returns it when the cluster has a CephCluster there.
        private func checkClusterID(
            _ parameters: YAMLNode,
            in cluster: Cluster,
            reference: ObjectReference,
            into sink: RuleSink
        ) -> String? {
            guard let node = parameters["clusterID"], let namespace = node.string, !namespace.contains("${") else {
                return nil
            }
            if cephScopes[cluster.name]?.contains(namespace) == true { return namespace }
            // A class for an external Ceph cluster is normal when the repository defines no CephCluster at all.
            let elsewhere = cephScopes.filter { $0.value.contains(namespace) }.keys.sorted()
            guard !cephScopes.isEmpty else { return nil }
            sink.report(
                "clusterID '\(namespace)' names no CephCluster namespace of cluster '\(cluster.name)'",
                at: node.location,
                object: reference,
                notes: elsewhere.map { .init("a CephCluster in '\(namespace)' exists in cluster '\($0)'", at: nil) }
            )
            return nil
        }

        private func checkSnapshotClass(
            _ object: ClusterObject,
            in cluster: Cluster,
            reference: ObjectReference,
            into sink: RuleSink
        ) {
            guard let node = object.node["driver"], let driver = node.string, driver.hasSuffix(".csi.ceph.com"),
                !driver.contains("${")
            else { return }
            if let parameters = object.node["parameters"], parameters["clusterID"] != nil {
                _ = checkClusterID(parameters, in: cluster, reference: reference, into: sink)
            }
            guard drivers[cluster.name]?.contains(driver) != true else { return }
            sink.report(
                "VolumeSnapshotClass '\(object.resource.name)' uses driver '\(driver)', which no StorageClass of "
                    + "cluster '\(cluster.name)' provisions",
                at: node.location,
                object: reference
            )
        }

        private func checkClassName(
            _ node: YAMLNode?,
            snapshot: Bool = false,
            in cluster: Cluster,
            reference: ObjectReference,
            into sink: RuleSink
        ) {
            guard let node, let name = node.string, !name.isEmpty, !name.contains("${") else { return }
            let classes = snapshot ? snapshotClasses : storageClasses
            guard classes[cluster.name]?[name] == nil else { return }
            let elsewhere = classes.filter { $0.key != cluster.name && $0.value[name] != nil }.sorted {
                $0.key < $1.key
            }
            // Classes from charts are invisible; only a class some other cluster defines is known to be missing.
            guard let first = elsewhere.first, let record = first.value[name] else { return }
            let kind = snapshot ? "VolumeSnapshotClass" : "StorageClass"
            sink.report(
                "\(kind) '\(name)' does not exist in cluster '\(cluster.name)'",
                at: node.location,
                object: reference,
                notes: [.init("it is defined in cluster '\(record.cluster)'", at: record.location)]
            )
        }
    }
}
