import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// Turns a cluster's CephClusters, pools and node facts into capacity figures.
enum CephPlanner {
    /// The capacity of every CephCluster of a cluster.
    static func plan(
        cluster: String,
        inventory: CephInventory,
        facts: Facts,
        volumes: [Plan.Volume]
    ) -> [Plan.CephCluster] {
        inventory.clusters.filter { $0.cluster == cluster }.map { entry in
            let nodes = entry.nodeOSDs(facts: facts)
            let domains = (nodes ?? []).map { node in
                CephMath.Domain(
                    name: node.node.name,
                    osds: node.count,
                    bytes: node.disks.compactMap(\.size).reduce(0, +)
                )
            }
            let holding = CephMath.dataDomains(domains)
            let raw = CephMath.raw(holding)
            let ratios = ratios(entry.spec)
            let pools = inventory.pools.filter { $0.cluster == cluster && $0.namespace == entry.namespace }.map {
                pool(
                    $0,
                    domains: nodes == nil ? nil : holding,
                    raw: raw,
                    ratios: ratios,
                    volumes: volumes
                )
            }
            let names = Set(pools.map(\.name))
            let provisioned = volumes.filter { $0.storage == "ceph" && names.contains($0.cephPool ?? "") }
                .compactMap(\.totalBytes).reduce(0, +)
            return Plan.CephCluster(
                namespace: entry.namespace,
                name: entry.object.name,
                osdsKnown: nodes != nil,
                domains: holding.map { Plan.Domain(name: $0.name, osds: $0.osds, rawBytes: $0.bytes) },
                rawBytes: raw,
                ratios: ratios,
                pools: pools,
                provisionedBytes: provisioned
            )
        }
    }

    /// Rook's `storage.nearFullRatio`, `backfillFullRatio` and `fullRatio`, Ceph's defaults otherwise.
    static func ratios(_ spec: YAMLNode) -> CephMath.Ratios {
        func ratio(_ key: String, _ fallback: Double) -> Double {
            spec[path: ["storage", key]]?.string.flatMap(Double.init) ?? fallback
        }
        let defaults = CephMath.Ratios.cephDefaults
        return CephMath.Ratios(
            nearfull: ratio("nearFullRatio", defaults.nearfull),
            backfillfull: ratio("backfillFullRatio", defaults.backfillfull),
            full: ratio("fullRatio", defaults.full)
        )
    }

    /// A pool's protection from its spec.
    static func protection(_ spec: YAMLNode) -> CephMath.Protection? {
        if let size = spec[path: ["replicated", "size"]]?.int, size > 0 { return .replicated(size: size) }
        if let k = spec[path: ["erasureCoded", "dataChunks"]]?.int,
            let m = spec[path: ["erasureCoded", "codingChunks"]]?.int, k > 0, m >= 0
        {
            return .erasureCoded(dataChunks: k, codingChunks: m)
        }
        return nil
    }

    private static func pool(
        _ pool: CephInventory.Pool,
        domains: [CephMath.Domain]?,
        raw: Double,
        ratios: CephMath.Ratios,
        volumes: [Plan.Volume]
    ) -> Plan.Pool {
        let protection = protection(pool.spec)
        let minSize =
            pool.spec[path: ["parameters", "min_size"]]?.string.flatMap { Int($0) } ?? protection?.defaultMinSize
        let required = pool.requiredDomains?.count
        // Each OSD is its own domain when the pool spreads over OSDs rather than hosts.
        var poolDomains: [CephMath.Domain]?
        switch pool.failureDomain {
        case "host": poolDomains = domains
        case "osd":
            poolDomains = domains?.flatMap { domain in
                (0..<domain.osds).map {
                    CephMath.Domain(name: "\(domain.name)/\($0)", osds: 1, bytes: domain.bytes / Double(domain.osds))
                }
            }
        default: poolDomains = nil
        }
        let known = poolDomains != nil && protection != nil
        let usable = known ? protection.map { CephMath.usable(raw: raw, protection: $0) } : nil
        let afterLoss = poolDomains.flatMap { domains in
            protection.map {
                CephMath.afterLosingLargest(domains, protection: $0, requiredDomains: required, ratios: ratios)
            }
        }
        var size: Int?
        var k: Int?
        var m: Int?
        switch protection {
        case .replicated(let replicas): size = replicas
        case .erasureCoded(let data, let coding): (k, m) = (data, coding)
        case nil: break
        }
        return Plan.Pool(
            name: pool.name,
            role: role(pool.role),
            protection: protection?.label,
            size: size,
            dataChunks: k,
            codingChunks: m,
            efficiency: protection?.efficiency,
            minSize: minSize,
            failureDomain: pool.failureDomain,
            requiredDomains: required,
            availableDomains: poolDomains?.count,
            usableBytes: usable,
            nearfullBytes: usable.map { $0 * ratios.nearfull },
            fullBytes: usable.map { $0 * ratios.full },
            quotaBytes: pool.spec[path: ["quotas", "maxSize"]]?.string.flatMap(Units.quantity),
            provisionedBytes: volumes.filter { $0.storage == "ceph" && $0.cephPool == pool.name }
                .compactMap(\.totalBytes).reduce(0, +),
            afterLargestLoss: afterLoss.map {
                Plan.AfterLoss(
                    lost: $0.lost,
                    remainingDomains: $0.remainingDomains,
                    canReReplicate: $0.canReReplicate,
                    recoverableBytes: $0.recoverableData,
                    safeFill: $0.safeFill
                )
            }
        )
    }

    private static func role(_ role: CephInventory.PoolRole) -> String {
        switch role {
        case .blockPool: "block"
        case .filesystemMetadata: "filesystem-metadata"
        case .filesystemData: "filesystem-data"
        case .objectStoreMetadata: "object-metadata"
        case .objectStoreData: "object-data"
        }
    }
}
