import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// Each node's memory budget: Ceph daemons at their targets or limits, the workloads' declared requests, and
/// the operating system's reserve.
///
/// Placement is taken at its worst: any node may run a monitor, a manager and a metadata server of each
/// filesystem (one of each when Rook keeps them on separate nodes); OSDs run where their disks are. Requests
/// of DaemonSets count on every node; the other workloads' requests are spread evenly. Charts installed by
/// HelmReleases are not rendered, so their pods' requests are not counted.
enum MemoryPlanner {
    /// Memory a Ceph daemon is given when the repository sets no limit or request: the `rook-ceph-cluster`
    /// chart's defaults (v1.18 `values.yaml`: mon 2Gi, mgr 1Gi, osd 4Gi, mds 4Gi limits), which match Ceph's
    /// own targets (`mon_memory_target` 2 GiB, `osd_memory_target` 4 GiB, `mds_cache_memory_limit` 4 GiB).
    static let daemonDefaults: [String: Double] = [
        "mon": 2 * gibibyte, "mgr": gibibyte, "osd": 4 * gibibyte, "mds": 4 * gibibyte,
    ]

    static let gibibyte = 1_073_741_824.0

    /// The budget of every node fact of a cluster.
    static func plan(cluster: Cluster, inventory: CephInventory, facts: Facts) -> [MemoryBudget] {
        let nodes = facts.nodes(in: cluster.name)
        guard !nodes.isEmpty else { return [] }
        let workloads = WorkloadRequests(cluster)
        let share = workloads.spread / Double(nodes.count) + workloads.perNode
        let cephClusters = inventory.clusters.filter { $0.cluster == cluster.name }
        var osds: [String: (count: Int, perOSD: Double)] = [:]
        var mon = 0.0
        var mgr = 0.0
        for entry in cephClusters {
            let perOSD =
                entry.osdMemoryTarget?.bytes ?? memory(entry.spec["resources"]?["osd"]) ?? daemonDefaults["osd"] ?? 0
            for node in entry.nodeOSDs(facts: facts) ?? [] {
                osds[node.node.name, default: (0, perOSD)].count += node.count
            }
            for daemon in ["mon", "mgr"] {
                let count = max(entry.spec[path: [daemon, "count"]]?.int ?? (daemon == "mon" ? 3 : 1), 0)
                let perNode =
                    entry.spec[path: [daemon, "allowMultiplePerNode"]]?.bool == true ? count : min(count, 1)
                let bytes =
                    Double(perNode)
                    * (memory(entry.spec[path: ["resources", daemon]]) ?? daemonDefaults[daemon] ?? 0)
                if daemon == "mon" { mon += bytes } else { mgr += bytes }
            }
        }
        let mds = metadataServers(cluster, inventory: inventory)
        return nodes.filter { $0.memory != nil }.map { node in
            let ceph = osds[node.name]
            return MemoryBudget(
                node: node.name,
                memory: node.memory ?? 0,
                osds: ceph?.count ?? 0,
                perOSD: ceph?.perOSD ?? 0,
                mon: mon,
                mgr: mgr,
                mds: mds,
                workloads: share,
                osReserve: MemoryBudget.talosControlPlaneReserve
            )
        }
    }

    /// A container or daemon's memory: its limit, else its request.
    static func memory(_ resources: YAMLNode?) -> Double? {
        guard let resources else { return nil }
        for key in ["limits", "requests"] {
            if let bytes = resources[path: [key, "memory"]]?.string.flatMap(Units.quantity), bytes > 0 {
                return bytes
            }
        }
        return nil
    }

    /// One metadata server per filesystem that may land on a node.
    private static func metadataServers(_ cluster: Cluster, inventory: CephInventory) -> Double {
        var total = 0.0
        var specs: [YAMLNode] = cluster.objects.filter {
            $0.resource.kind == "CephFilesystem" && $0.resource.group == "ceph.rook.io"
        }.map(\.spec)
        for release in cluster.helmReleases where release.chart == CephInventory.chart {
            specs += (release.values["cephFileSystems"]?.items ?? []).map { $0["spec"] ?? .mapping([]) }
        }
        for spec in specs where (spec[path: ["metadataServer", "activeCount"]]?.int ?? 1) > 0 {
            total += memory(spec[path: ["metadataServer", "resources"]]) ?? daemonDefaults["mds"] ?? 0
        }
        return total
    }
}
