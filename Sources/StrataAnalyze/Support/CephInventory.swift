import StrataCore
import StrataFlux
import StrataYAML

/// The Rook Ceph clusters, pools and filesystems of a repository, from custom resources and from the values of
/// the `rook-ceph-cluster` chart, which defines the same objects.
package struct CephInventory: Sendable {
    /// The run's inventory, computed once and shared by every rule.
    package static func shared(in context: AnalysisContext) -> CephInventory {
        context.shared("CephInventory") { CephInventory(context) }
    }

    /// One CephCluster, written as an object or as the chart's `cephClusterSpec`.
    package struct CephCluster: Sendable {
        /// The Strata cluster it is applied to.
        package var cluster: String
        /// The namespace it lives in; pools of the same namespace belong to it.
        package var namespace: String
        /// Its `spec`.
        package var spec: YAMLNode
        /// Where findings about it are attributed.
        package var object: ObjectReference
        /// Whether it comes from chart values, whose defaults differ from the CRD's (`useAllNodes: true`).
        package var fromChart: Bool
    }

    /// What a pool is part of.
    package enum PoolRole: Sendable {
        case blockPool
        case filesystemMetadata
        case filesystemData
        case objectStoreMetadata
        case objectStoreData
    }

    /// One Ceph pool.
    package struct Pool: Sendable {
        /// The Strata cluster it is applied to.
        package var cluster: String
        /// The CephCluster namespace it belongs to.
        package var namespace: String
        /// The pool's name in Ceph.
        package var name: String
        /// How messages name it ("pool 'replicapool'").
        package var label: String
        /// The pool spec (`replicated`, `erasureCoded`, `failureDomain`, `quotas`, `parameters`).
        package var spec: YAMLNode
        /// What the pool is part of.
        package var role: PoolRole
        /// Where findings about it are attributed.
        package var object: ObjectReference
    }

    /// One CephFilesystem.
    package struct Filesystem: Sendable {
        package var cluster: String
        package var namespace: String
        package var name: String
        /// The Ceph names of its data pools (`<fs>-<name>`, or `<fs>-data<index>` when unnamed).
        package var dataPools: [String]
    }

    /// A namespace of a Strata cluster.
    struct Scope: Hashable {
        var cluster: String
        var namespace: String
    }

    package var clusters: [CephCluster] = []
    package var pools: [Pool] = []
    package var filesystems: [Filesystem] = []
    /// StorageClass names the chart creates, by Strata cluster.
    var chartStorageClasses: [String: [(name: String, node: YAMLNode)]] = [:]
    /// Namespaces whose pools or filesystems come partly from chart defaults, which the repository does not show.
    var incomplete: Set<Scope> = []

    /// The chart that defines a CephCluster and its pools from values.
    package static let chart = "rook-ceph-cluster"

    /// Collects every Ceph object of every cluster.
    package init(_ context: AnalysisContext) {
        for cluster in context.clusters {
            for object in cluster.objects where object.resource.group == "ceph.rook.io" {
                add(object, in: cluster, context: context)
            }
            for release in cluster.helmReleases where release.chart == Self.chart {
                add(release, in: cluster, context: context)
            }
        }
    }

    /// The CephCluster of a namespace in a Strata cluster.
    func cephCluster(cluster: String, namespace: String) -> CephCluster? {
        clusters.first { $0.cluster == cluster && $0.namespace == namespace }
    }

    private mutating func add(_ object: ClusterObject, in cluster: Cluster, context: AnalysisContext) {
        let namespace = object.resource.namespace ?? "default"
        let spec = object.spec
        let reference = context.reference(object, in: cluster)
        switch object.resource.kind {
        case "CephCluster":
            clusters.append(
                CephCluster(
                    cluster: cluster.name,
                    namespace: namespace,
                    spec: spec,
                    object: reference,
                    fromChart: false
                )
            )
        case "CephBlockPool":
            let name = spec["name"]?.string ?? object.resource.name
            addBlockPool(name: name, spec: spec, cluster: cluster.name, namespace: namespace, object: reference)
        case "CephFilesystem":
            addFilesystem(
                name: object.resource.name,
                spec: spec,
                cluster: cluster.name,
                namespace: namespace,
                object: reference
            )
        case "CephObjectStore":
            addObjectStore(
                name: object.resource.name,
                spec: spec,
                cluster: cluster.name,
                namespace: namespace,
                object: reference
            )
        default:
            break
        }
    }

    private mutating func add(_ release: HelmReleaseInfo, in cluster: Cluster, context: AnalysisContext) {
        let namespace = release.node[path: ["spec", "targetNamespace"]]?.string ?? release.key.namespace
        let values = release.values
        let reference = context.reference(release, in: cluster)
        let scope = Scope(cluster: cluster.name, namespace: namespace)
        clusters.append(
            CephCluster(
                cluster: cluster.name,
                namespace: namespace,
                spec: values["cephClusterSpec"] ?? .mapping([]),
                object: reference,
                fromChart: true
            )
        )
        var classes: [(String, YAMLNode)] = []
        // The chart's defaults create one pool, filesystem and object store with their classes when a list
        // is not given; their names are known, their specs are not shown by the repository.
        typealias Add = (inout CephInventory, String, YAMLNode, String, String, ObjectReference) -> Void
        let lists: [(key: String, defaultClass: String, add: Add)] = [
            (
                "cephBlockPools", "ceph-block",
                { $0.addBlockPool(name: $1, spec: $2, cluster: $3, namespace: $4, object: $5) }
            ),
            (
                "cephFileSystems", "ceph-filesystem",
                { $0.addFilesystem(name: $1, spec: $2, cluster: $3, namespace: $4, object: $5) }
            ),
            (
                "cephObjectStores", "ceph-bucket",
                { $0.addObjectStore(name: $1, spec: $2, cluster: $3, namespace: $4, object: $5) }
            ),
        ]
        for list in lists {
            guard let entries = values[list.key]?.items else {
                incomplete.insert(scope)
                classes.append((list.defaultClass, release.node))
                continue
            }
            for entry in entries {
                guard let name = entry["name"]?.string else { continue }
                list.add(&self, name, entry["spec"] ?? .mapping([]), cluster.name, namespace, reference)
                classes += Self.chartClass(entry)
            }
        }
        chartStorageClasses[cluster.name, default: []] += classes
    }

    private static func chartClass(_ entry: YAMLNode) -> [(String, YAMLNode)] {
        guard let storageClass = entry["storageClass"], storageClass["enabled"]?.bool == true,
            let name = storageClass["name"]?.string
        else { return [] }
        return [(name, storageClass["name"] ?? entry)]
    }

    private mutating func addBlockPool(
        name: String,
        spec: YAMLNode,
        cluster: String,
        namespace: String,
        object: ObjectReference
    ) {
        pools.append(
            Pool(
                cluster: cluster,
                namespace: namespace,
                name: name,
                label: "pool '\(name)'",
                spec: spec,
                role: .blockPool,
                object: object
            )
        )
    }

    private mutating func addFilesystem(
        name: String,
        spec: YAMLNode,
        cluster: String,
        namespace: String,
        object: ObjectReference
    ) {
        if let metadata = spec["metadataPool"] {
            pools.append(
                Pool(
                    cluster: cluster,
                    namespace: namespace,
                    name: "\(name)-metadata",
                    label: "metadata pool of filesystem '\(name)'",
                    spec: metadata,
                    role: .filesystemMetadata,
                    object: object
                )
            )
        }
        var dataNames: [String] = []
        for (index, dataPool) in (spec["dataPools"]?.items ?? []).enumerated() {
            let poolName = "\(name)-\(dataPool["name"]?.string ?? "data\(index)")"
            dataNames.append(poolName)
            pools.append(
                Pool(
                    cluster: cluster,
                    namespace: namespace,
                    name: poolName,
                    label: "data pool '\(poolName)'",
                    spec: dataPool,
                    role: .filesystemData,
                    object: object
                )
            )
        }
        filesystems.append(Filesystem(cluster: cluster, namespace: namespace, name: name, dataPools: dataNames))
    }

    private mutating func addObjectStore(
        name: String,
        spec: YAMLNode,
        cluster: String,
        namespace: String,
        object: ObjectReference
    ) {
        for (key, role, what) in [
            ("metadataPool", PoolRole.objectStoreMetadata, "metadata"), ("dataPool", .objectStoreData, "data"),
        ] {
            guard let pool = spec[key] else { continue }
            pools.append(
                Pool(
                    cluster: cluster,
                    namespace: namespace,
                    name: "\(name).\(what)",
                    label: "\(what) pool of object store '\(name)'",
                    spec: pool,
                    role: role,
                    object: object
                )
            )
        }
    }
}

extension CephInventory.Pool {
    /// How many failure domains the pool needs, and the node that sets it: replicated `size` divided by
    /// `replicasPerFailureDomain`, or erasure-coded `dataChunks + codingChunks`.
    package var requiredDomains: (count: Int, what: String, location: SourceLocation?)? {
        if let replicated = spec["replicated"], let sizeNode = replicated["size"], let size = sizeNode.int, size > 0 {
            let perDomain = max(replicated["replicasPerFailureDomain"]?.int ?? 1, 1)
            let count = (size + perDomain - 1) / perDomain
            return (count, "replicated size \(size)", sizeNode.location)
        }
        if let coded = spec["erasureCoded"], let k = coded["dataChunks"]?.int, let m = coded["codingChunks"]?.int,
            k > 0, m >= 0
        {
            // The sum is the problem, so the finding points at the first of its two keys.
            return (k + m, "erasure coding \(k)+\(m)", coded.keyLocation("dataChunks"))
        }
        return nil
    }

    /// The CRUSH failure domain, `host` unless the pool says otherwise.
    package var failureDomain: String { spec["failureDomain"]?.string ?? "host" }
}

extension CephInventory.CephCluster {
    /// The hosts that carry OSDs, when the repository (with the node facts) shows them.
    ///
    /// `nil` when they cannot be known: OSDs on PVCs, node affinity in the placement, `useAllNodes` without
    /// node facts, or names substituted out of band.
    package func osdHosts(facts: Facts) -> (names: [String], location: SourceLocation?)? {
        if spec["external"]?["enable"]?.bool == true || spec["stretchCluster"] != nil { return nil }
        let storage = spec["storage"] ?? .mapping([])
        if let sets = storage["storageClassDeviceSets"]?.items, !sets.isEmpty { return nil }
        for role in ["all", "osd"] where spec[path: ["placement", role, "nodeAffinity"]] != nil {
            return nil
        }
        let useAllNodes = storage["useAllNodes"]?.bool ?? fromChart
        if useAllNodes {
            let nodes = facts.nodes(in: cluster)
            guard !nodes.isEmpty else { return nil }
            let declareDisks = nodes.contains { !$0.disks.isEmpty }
            let names = nodes.filter { !declareDisks || !$0.disks.isEmpty }.map(\.name)
            return (names, storage.keyLocation("useAllNodes") ?? storage.location)
        }
        guard let entries = storage["nodes"]?.items, !entries.isEmpty else { return nil }
        var names: [String] = []
        for entry in entries {
            guard let name = entry["name"]?.string, !name.contains("${") else { return nil }
            if !names.contains(name) { names.append(name) }
        }
        return (names, storage.keyLocation("nodes"))
    }
}

extension CephInventory {
    /// A pool with host failure domains next to the hosts its CephCluster has OSDs on.
    struct Placement {
        var pool: Pool
        var required: (count: Int, what: String, location: SourceLocation?)
        var hosts: [String]
        var hostsLocation: SourceLocation?
    }

    /// Every pool whose failure domain is `host` and whose cluster's OSD hosts are known.
    func placements(facts: Facts) -> [Placement] {
        var hostsByScope: [Scope: (names: [String], location: SourceLocation?)?] = [:]
        for entry in clusters {
            let scope = Scope(cluster: entry.cluster, namespace: entry.namespace)
            // Two CephClusters in one namespace is itself an error; counting either would be a guess.
            hostsByScope[scope] = hostsByScope[scope] == nil ? entry.osdHosts(facts: facts) : .some(nil)
        }
        return pools.compactMap { pool in
            guard pool.failureDomain == "host", let required = pool.requiredDomains,
                let known = hostsByScope[Scope(cluster: pool.cluster, namespace: pool.namespace)],
                let hosts = known, !hosts.names.isEmpty
            else { return nil }
            return Placement(pool: pool, required: required, hosts: hosts.names, hostsLocation: hosts.location)
        }
    }
}

extension CephInventory.CephCluster {
    /// The OSDs of one node: the node fact, the disks Rook would consume, and OSDs per disk.
    package struct NodeOSDs: Sendable {
        package var node: Facts.NodeFact
        package var disks: [Facts.Disk]
        package var osdsPerDevice: Int

        /// The number of OSD daemons on the node.
        package var count: Int { disks.count * osdsPerDevice }
    }

    /// The OSDs of every storage node, matched against the node facts; `nil` when any node's disks are unknown.
    package func nodeOSDs(facts: Facts) -> [NodeOSDs]? {
        guard osdHosts(facts: facts) != nil else { return nil }
        let storage = spec["storage"] ?? .mapping([])
        let nodes = facts.nodes(in: cluster)
        var byName: [String: Facts.NodeFact] = [:]
        for node in nodes where byName[node.name] == nil { byName[node.name] = node }
        let useAllNodes = storage["useAllNodes"]?.bool ?? fromChart
        let entries: [YAMLNode] =
            useAllNodes ? nodes.map { .mapping([("name", .string($0.name))]) } : (storage["nodes"]?.items ?? [])
        var result: [NodeOSDs] = []
        for entry in entries {
            guard let name = entry["name"]?.string, let node = byName[name] else { return nil }
            guard let disks = Self.selectedDisks(entry: entry, storage: storage, node: node, fromChart: fromChart)
            else { return nil }
            let perDevice =
                (entry[path: ["config", "osdsPerDevice"]] ?? storage[path: ["config", "osdsPerDevice"]])
                .flatMap { $0.int ?? $0.string.flatMap { Int($0) } } ?? 1
            result.append(NodeOSDs(node: node, disks: disks, osdsPerDevice: max(perDevice, 1)))
        }
        return result
    }

    /// The disks of a node that Rook turns into OSDs: listed devices, a `deviceFilter` match, or every data disk.
    private static func selectedDisks(
        entry: YAMLNode,
        storage: YAMLNode,
        node: Facts.NodeFact,
        fromChart: Bool
    ) -> [Facts.Disk]? {
        func bare(_ device: String) -> String {
            device.hasPrefix("/dev/") ? String(device.dropFirst(5)) : device
        }
        if let devices = entry["devices"]?.items ?? storage["devices"]?.items, !devices.isEmpty {
            let names = devices.compactMap { $0["name"]?.string.map(bare) }
            let disks = node.disks.filter { names.contains(bare($0.device)) }
            return disks.count == names.count ? disks : nil
        }
        if let filter = (entry["deviceFilter"] ?? storage["deviceFilter"])?.string {
            guard let expression = try? Regex(filter) else { return nil }
            return node.disks.filter { (try? expression.firstMatch(in: bare($0.device))) != nil }
        }
        if entry["devicePathFilter"] != nil || storage["devicePathFilter"] != nil { return nil }
        let useAllDevices = storage["useAllDevices"]?.bool ?? fromChart
        guard useAllDevices, !node.disks.isEmpty else { return nil }
        return node.disks
    }
}

extension CephInventory.CephCluster {
    /// The per-OSD memory: `osd_memory_target` in `cephConfig`, else the OSD memory limit Rook derives it from.
    package var osdMemoryTarget: (bytes: Double, location: SourceLocation?)? {
        for section in ["osd", "global"] {
            if let node = spec[path: ["cephConfig", section, "osd_memory_target"]],
                let bytes = node.string.flatMap(Units.quantity), bytes > 0
            {
                return (bytes, node.location)
            }
        }
        if let node = spec[path: ["resources", "osd", "limits", "memory"]],
            let bytes = node.string.flatMap(Units.quantity), bytes > 0
        {
            return (bytes, node.location)
        }
        return nil
    }
}
