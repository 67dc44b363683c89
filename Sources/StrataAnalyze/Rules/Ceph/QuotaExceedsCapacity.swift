import StrataCore

/// A pool quota is larger than the data the cluster can hold in that pool.
struct QuotaExceedsCapacity: Rule {
    static let description = RuleDescription(
        id: "ceph/quota-exceeds-capacity",
        name: "Quota Exceeds Capacity",
        summary: "A pool's quotas.maxSize is above the usable capacity after replication and the full ratio",
        rationale: """
            A pool quota only helps if it triggers before the OSDs fill up. The usable space of a pool is the \
            raw OSD capacity divided by its replica count (or multiplied by `k/(k+m)` for erasure coding), and \
            Ceph stops all writes when an OSD reaches `full_ratio` (0.95 unless `storage.fullRatio` says \
            otherwise), after warning at 0.85 (https://docs.ceph.com/en/latest/rados/configuration/mon-config-ref/, \
            "Storage Capacity"; https://rook.io/docs/rook/latest/CRDs/Block-Storage/ceph-block-pool-crd/, \
            `quotas`). A quota above that limit never fires: the cluster goes read-only first, with every other \
            pool on the same OSDs. Raw capacity comes from the node disk facts in `strata.yaml`; without them \
            the rule is silent.
            """,
        remediation: """
            Set the quota below the usable capacity, leaving room for the other pools on the same OSDs, or \
            add capacity.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    (
                        "example.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph, namespace: rook-ceph}
                        spec:
                          storage:
                            useAllNodes: false
                            useAllDevices: true
                            nodes:
                              - name: prod-01
                              - name: prod-02
                              - name: prod-03
                        ---
                        apiVersion: ceph.rook.io/v1
                        kind: CephBlockPool
                        metadata: {name: replicapool, namespace: rook-ceph}
                        spec:
                          replicated: {size: 3}
                          quotas:
                            maxSize: 700Gi
                        """
                    ),
                    ("strata.yaml", Self.facts),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "example.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph, namespace: rook-ceph}
                        spec:
                          storage:
                            useAllNodes: false
                            useAllDevices: true
                            nodes:
                              - name: prod-01
                              - name: prod-02
                              - name: prod-03
                        ---
                        apiVersion: ceph.rook.io/v1
                        kind: CephBlockPool
                        metadata: {name: replicapool, namespace: rook-ceph}
                        spec:
                          replicated: {size: 3}
                          quotas:
                            maxSize: ↓900Gi
                        """
                    ),
                    ("strata.yaml", Self.facts),
                ]
            )
        ]
    )

    private static let facts = """
        facts:
          nodes:
            - name: prod-01
              disks: [{device: nvme1n1, size: 1T}]
            - name: prod-02
              disks: [{device: nvme1n1, size: 1T}]
            - name: prod-03
              disks: [{device: nvme1n1, size: 1T}]
        """

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = CephInventory.shared(in: context)
        var raw: [CephInventory.Scope: (bytes: Double, fullRatio: Double)?] = [:]
        for entry in inventory.clusters {
            let scope = CephInventory.Scope(cluster: entry.cluster, namespace: entry.namespace)
            let fullRatio = entry.spec[path: ["storage", "fullRatio"]]?.string.flatMap(Double.init) ?? 0.95
            let bytes = entry.nodeOSDs(facts: context.facts).flatMap { nodes -> Double? in
                var total = 0.0
                for node in nodes {
                    for disk in node.disks {
                        guard let size = disk.size else { return nil }
                        total += size
                    }
                }
                return total > 0 ? total : nil
            }
            raw[scope] = raw[scope] == nil ? bytes.map { ($0, fullRatio) } : .some(nil)
        }
        for pool in inventory.pools {
            guard let node = pool.spec[path: ["quotas", "maxSize"]], let text = node.string,
                let quota = Units.quantity(text), quota > 0,
                let known = raw[CephInventory.Scope(cluster: pool.cluster, namespace: pool.namespace)],
                let capacity = known, let efficiency = Self.efficiency(pool)
            else { continue }
            let usable = capacity.bytes * efficiency.factor * capacity.fullRatio
            guard quota > usable else { continue }
            sink.report(
                "quota '\(text)' of \(pool.label) is above the \(Units.formatBytes(usable)) it can hold "
                    + "(\(Units.formatBytes(capacity.bytes)) raw, \(efficiency.what), full ratio "
                    + "\(capacity.fullRatio))",
                at: node.location,
                object: pool.object
            )
        }
    }

    /// The share of raw space a pool's data uses.
    private static func efficiency(_ pool: CephInventory.Pool) -> (factor: Double, what: String)? {
        if let size = pool.spec[path: ["replicated", "size"]]?.int, size > 0 {
            return (1 / Double(size), "\(size) replicas")
        }
        if let k = pool.spec[path: ["erasureCoded", "dataChunks"]]?.int,
            let m = pool.spec[path: ["erasureCoded", "codingChunks"]]?.int, k > 0, m >= 0
        {
            return (Double(k) / Double(k + m), "erasure coding \(k)+\(m)")
        }
        return nil
    }
}
