import StrataCore

extension SpecCheck {
    /// Where a StorageClass's volumes live.
    enum ClassBacking {
        /// An RBD pool of the Ceph cluster.
        case pool(CephPoolSpec)
        /// The CephFS filesystem.
        case filesystem(CephFilesystemSpec)
        /// The node's own local disk.
        case localPath
    }

    /// A StorageClass the spec defines.
    struct DefinedClass {
        var spec: StorageClassSpec
        var backing: ClassBacking
        /// The path of its `name`.
        var path: String

        /// Whether it exists only where Ceph is (providers and consumers).
        var needsCeph: Bool {
            if case .localPath = backing { return false }
            return true
        }
    }

    /// Every StorageClass the spec defines, in order.
    var definedClasses: [DefinedClass] {
        let ceph = spec.storage.ceph
        var classes = ceph.pools.enumerated().map {
            DefinedClass(
                spec: $0.element.storageClass,
                backing: .pool($0.element),
                path: "storage.ceph.pools[\($0.offset)].storageClass.name"
            )
        }
        if let filesystem = ceph.filesystem {
            classes.append(
                DefinedClass(
                    spec: filesystem.storageClass,
                    backing: .filesystem(filesystem),
                    path: "storage.ceph.filesystem.storageClass.name"
                )
            )
        }
        classes.append(
            DefinedClass(
                spec: spec.storage.localPath.storageClass,
                backing: .localPath,
                path: "storage.localPath.storageClass.name"
            )
        )
        return classes
    }

    /// The classes a cluster has: local path everywhere, Ceph's where it provides or consumes Ceph.
    func classes(in cluster: ClusterSpec) -> [DefinedClass] {
        definedClasses.filter { !$0.needsCeph || cluster.ceph != .none }
    }

    mutating func checkStorage() {
        checkProviders()
        if let provider = cephProvider { checkCephCluster(provider.index, provider.cluster) }
        checkRatios()
        checkClasses()
    }

    /// One provider, and consumers only with one.
    private mutating func checkProviders() {
        let providers = spec.clusters.indices.filter { spec.clusters[$0].ceph == .provider }
        for extra in providers.dropFirst() {
            report(
                "ceph-provider",
                "clusters \(Self.list(providers.map { spec.clusters[$0].name })) all provide Ceph; one cluster runs "
                    + "the Ceph cluster and the others consume it, so set 'ceph: consumer' on all but one",
                at: "clusters[\(extra)].ceph"
            )
        }
        guard providers.isEmpty else { return }
        for (i, cluster) in spec.clusters.enumerated() where cluster.ceph == .consumer {
            report(
                "ceph-provider",
                "cluster '\(cluster.name)' consumes Ceph but no cluster provides it; set 'ceph: provider' on the "
                    + "cluster whose disks run it",
                at: "clusters[\(i)].ceph"
            )
        }
    }

    /// Pools fit the provider's hosts, monitors are odd and placeable, OSDs fit in memory.
    private mutating func checkCephCluster(_ index: Int, _ provider: ClusterSpec) {
        let ceph = spec.storage.ceph
        let hosts = provider.nodes.filter { $0.disks.contains { $0.use == .ceph } }
        let osds = hosts.reduce(0) { $0 + $1.disks.filter { $0.use == .ceph }.count }
        guard !hosts.isEmpty else {
            report(
                "no-osds",
                "cluster '\(provider.name)' provides Ceph but none of its nodes has a disk with 'use: ceph', so "
                    + "there is nowhere to store data; mark the OSD disks",
                at: "clusters[\(index)].ceph"
            )
            return
        }
        let place = "cluster '\(provider.name)' has \(hosts.count) host\(hosts.count == 1 ? "" : "s") with Ceph disks"
        for (i, pool) in ceph.pools.enumerated() {
            let path = "storage.ceph.pools[\(i)]"
            checkProtection(
                pool.protection,
                of: "pool '\(pool.name)'",
                at: path,
                hosts: hosts.count,
                osds: osds,
                place: place,
                failureDomain: pool.failureDomain
            )
        }
        if let filesystem = ceph.filesystem {
            let name = "filesystem '\(filesystem.name)'"
            checkProtection(
                filesystem.data,
                of: "the data pool of \(name)",
                at: "storage.ceph.filesystem.data",
                hosts: hosts.count,
                osds: osds,
                place: place,
                failureDomain: "host"
            )
            if filesystem.metadataReplicas > hosts.count {
                report(
                    "pool-too-wide",
                    "the metadata pool of \(name) keeps \(filesystem.metadataReplicas) copies, one per host, but "
                        + "\(place); lower metadataReplicas or add hosts",
                    at: "storage.ceph.filesystem.metadataReplicas"
                )
            }
        }
        let nodes = provider.nodes.count
        if ceph.mons % 2 == 0 {
            report(
                "mon-count",
                "\(ceph.mons) monitors survive no more failures than \(ceph.mons - 1), since a majority must stay "
                    + "up; use an odd number",
                at: "storage.ceph.mons"
            )
        }
        if ceph.mons > nodes {
            report(
                "mon-count",
                "\(ceph.mons) monitors need \(ceph.mons) nodes (one per node), but cluster '\(provider.name)' has "
                    + "\(nodes); lower mons or add nodes",
                at: "storage.ceph.mons"
            )
        }
        if ceph.mgrs > nodes {
            report(
                "mon-count",
                "\(ceph.mgrs) managers need \(ceph.mgrs) nodes (one per node), but cluster '\(provider.name)' has "
                    + "\(nodes); lower mgrs",
                at: "storage.ceph.mgrs"
            )
        }
        for (j, node) in provider.nodes.enumerated() {
            let count = node.disks.filter { $0.use == .ceph }.count
            let (need, overflow) = ceph.osdMemoryTargetBytes.multipliedReportingOverflow(by: Int64(count))
            guard overflow || need > node.memoryBytes else { continue }
            let target = ByteQuantity.text(ceph.osdMemoryTargetBytes)
            let demand =
                count == 1
                ? "its OSD aims for \(target)"
                : "its \(count) OSDs aim for \(target) each (\(overflow ? "more" : ByteQuantity.text(need)) in all)"
            report(
                "osd-memory",
                "node '\(node.name)' has \(ByteQuantity.text(node.memoryBytes)) of memory but \(demand), leaving "
                    + "nothing for the system and workloads; lower osdMemoryTarget or spread the disks",
                at: "storage.ceph.osdMemoryTarget",
                notes: [("the node's memory is here", "clusters[\(index)].nodes[\(j)].memory")]
            )
        }
    }

    private mutating func checkProtection(
        _ protection: DataProtection,
        of name: String,
        at path: String,
        hosts: Int,
        osds: Int,
        place: String,
        failureDomain: String
    ) {
        let domains = failureDomain == "osd" ? osds : hosts
        let domainPlace = failureDomain == "osd" ? "there are \(osds) OSDs" : place
        switch protection {
        case .replicated(let size, let minSize):
            if size > domains {
                report(
                    "pool-too-wide",
                    "\(name) keeps \(size) copies, one per \(failureDomain), but \(domainPlace); its placement groups "
                        + "would stay undersized, so lower size or add \(failureDomain)s",
                    at: "\(path).replicated.size"
                )
            }
            if minSize > size {
                report(
                    "pool-min-size",
                    "\(name) has minSize \(minSize) above its size \(size), so writes could never be accepted; use "
                        + "at most \(size) (\(max(1, size - size / 2)) is usual)",
                    at: "\(path).replicated.minSize"
                )
            } else if minSize < 1 {
                report(
                    "pool-min-size",
                    "\(name) has minSize 0, which accepts writes with no copy up; use at least 1 "
                        + "(\(max(1, size - size / 2)) is usual)",
                    at: "\(path).replicated.minSize"
                )
            }
        case .erasureCoded(let k, let m):
            if k + m > domains {
                report(
                    "pool-too-wide",
                    "\(name) splits data into \(k)+\(m) = \(k + m) chunks, one per \(failureDomain), but "
                        + "\(domainPlace); lower dataChunks or codingChunks, or add \(failureDomain)s",
                    at: "\(path).erasureCoded"
                )
            } else if k + m == domains, failureDomain == "host" {
                report(
                    "no-spare-host",
                    "\(name) uses all \(domains) hosts for its \(k + m) chunks, leaving none to recover onto; while a "
                        + "host is down its placement groups accept no writes (Rook recommends k+m+1 hosts)",
                    at: "\(path).erasureCoded",
                    severity: .warning
                )
            }
        }
    }

    /// nearfull < backfillfull < full.
    private mutating func checkRatios() {
        let ceph = spec.storage.ceph
        guard !(ceph.nearFullRatio < ceph.backfillFullRatio && ceph.backfillFullRatio < ceph.fullRatio) else { return }
        report(
            "ceph-ratios",
            "Ceph needs nearFullRatio < backfillFullRatio < fullRatio (now \(ceph.nearFullRatio), "
                + "\(ceph.backfillFullRatio), \(ceph.fullRatio)), or OSDs fill up before it warns; for example "
                + "0.85, 0.90, 0.95",
            at: "storage.ceph.backfillFullRatio"
        )
    }

    /// Class names are unique, one default per cluster, and every volume's class exists in its cluster.
    private mutating func checkClasses() {
        let defined = definedClasses
        for (j, later) in defined.enumerated() {
            guard let earlier = defined[..<j].first(where: { $0.spec.name == later.spec.name }) else { continue }
            report(
                "duplicate-name",
                "StorageClass '\(later.spec.name)' is defined twice; give each pool, filesystem and local path its "
                    + "own class",
                at: later.path,
                notes: [("first defined here", earlier.path)]
            )
        }
        // Clusters with the same classes share one finding.
        var clustersByDefaults: [[String]: [String]] = [:]
        var order: [[String]] = []
        for cluster in spec.clusters {
            let defaults = classes(in: cluster).filter(\.spec.isDefault).map(\.spec.name)
            guard defaults.count > 1 else { continue }
            if clustersByDefaults[defaults] == nil { order.append(defaults) }
            clustersByDefaults[defaults, default: []].append(cluster.name)
        }
        for defaults in order {
            let clusters = clustersByDefaults[defaults] ?? []
            let subject = clusters.count == 1 ? "cluster" : "clusters"
            let second = defined.filter { defaults.contains($0.spec.name) }[1]
            report(
                "multiple-default-classes",
                "\(subject) \(Self.list(clusters)) would have \(defaults.count) default StorageClasses "
                    + "(\(Self.list(defaults))), and a claim without a class would get an arbitrary one; mark only "
                    + "one 'default: true'",
                at: second.path.replacingSuffix("name", with: "default")
            )
        }
        for (i, application) in spec.applications.enumerated() {
            for (j, volume) in application.volumes.enumerated() {
                checkClassReference(
                    volume.storageClass,
                    of: "volume '\(volume.name)' of application '\(application.name)'",
                    cluster: application.cluster,
                    at: "applications[\(i)].volumes[\(j)].storageClass"
                )
            }
        }
        for (i, database) in spec.databases.enumerated() {
            checkClassReference(
                database.storageClass,
                of: "database '\(database.name)'",
                cluster: database.cluster,
                at: "databases[\(i)].storageClass"
            )
        }
    }

    private mutating func checkClassReference(
        _ name: String,
        of owner: String,
        cluster clusterName: String,
        at path: String
    ) {
        // A class in an unknown cluster is reported as the unknown cluster.
        guard let index = clusterIndex(clusterName) else { return }
        let cluster = spec.clusters[index]
        let available = classes(in: cluster).map(\.spec.name)
        guard !available.contains(name) else { return }
        if definedClasses.contains(where: { $0.spec.name == name }) {
            report(
                "unknown-storage-class",
                "\(owner) uses StorageClass '\(name)', a Ceph class, but cluster '\(cluster.name)' has 'ceph: "
                    + "\(cluster.ceph.rawValue)'; make it a Ceph consumer or use one of \(Self.list(available))",
                at: path,
                notes: [("the cluster's Ceph role is set here", "clusters[\(index)].ceph")]
            )
        } else {
            report(
                "unknown-storage-class",
                "\(owner) uses StorageClass '\(name)', which no pool, filesystem or local path defines; cluster "
                    + "'\(cluster.name)' has \(Self.list(available))\(DidYouMean.hint(for: name, among: available))",
                at: path
            )
        }
    }
}

extension String {
    /// The string with a trailing `suffix` replaced, or unchanged when it does not end with it.
    fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
