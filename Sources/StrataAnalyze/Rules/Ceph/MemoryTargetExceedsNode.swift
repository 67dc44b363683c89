import StrataCore
import StrataYAML

/// The OSDs, mon and mgr of a node are allowed more memory than the node has.
struct MemoryTargetExceedsNode: Rule {
    static let description = RuleDescription(
        id: "ceph/memory-target-exceeds-node",
        name: "Memory Target Exceeds Node",
        summary: "OSD memory targets plus mon and mgr limits add up to more than a storage node's memory",
        rationale: """
            Each OSD grows its caches until it uses about `osd_memory_target` (4 GiB by default; Rook sets it \
            from the OSD pod's memory when resources are declared), so a node needs that much per OSD, plus the \
            mon and mgr that may run beside them, plus room for the kernel and other pods. When the sum exceeds \
            the node's memory, OSDs are OOM-killed under load, which triggers recovery and more memory use \
            (https://docs.ceph.com/en/latest/rados/configuration/bluestore-config-ref/, "Automatic Cache \
            Sizing"; https://rook.io/docs/rook/latest/CRDs/Cluster/ceph-cluster-crd/, "Cluster-wide \
            Resources Configuration Settings"). Node memory and disks come from the node facts in \
            `strata.yaml`; without them the rule is silent.
            """,
        remediation: """
            Lower `osd_memory_target` (in `cephConfig.osd`) or the OSD memory limit, run fewer OSDs per node, \
            or add memory; keep a margin for the system and other workloads.
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
                          cephConfig:
                            osd:
                              osd_memory_target: "4294967296"
                          resources:
                            mon:
                              limits: {memory: 2Gi}
                            mgr:
                              limits: {memory: 1Gi}
                          storage:
                            useAllNodes: false
                            nodes:
                              - name: prod-01
                                deviceFilter: ^sd[b-c]$
                        """
                    ),
                    (
                        "strata.yaml",
                        """
                        facts:
                          nodes:
                            - {name: prod-01, memory: 32Gi, disks: [{device: sdb, size: 4Ti}, {device: sdc, size: 4Ti}]}
                        """
                    ),
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
                          cephConfig:
                            osd:
                              osd_memory_target: ↓"8589934592"
                          resources:
                            mon:
                              limits: {memory: 4Gi}
                            mgr:
                              limits: {memory: 2Gi}
                          storage:
                            useAllNodes: false
                            nodes:
                              - name: prod-01
                                deviceFilter: ^sd[b-c]$
                        """
                    ),
                    (
                        "strata.yaml",
                        """
                        facts:
                          nodes:
                            - {name: prod-01, memory: 16Gi, disks: [{device: sdb, size: 4Ti}, {device: sdc, size: 4Ti}]}
                        """
                    ),
                ]
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for entry in CephInventory.shared(in: context).clusters {
            guard let target = entry.osdMemoryTarget, let nodes = entry.nodeOSDs(facts: context.facts) else {
                continue
            }
            let others = ["mon", "mgr"].compactMap {
                entry.spec[path: ["resources", $0, "limits", "memory"]]?.string.flatMap(Units.quantity)
            }.reduce(0, +)
            var over: [(node: CephInventory.CephCluster.NodeOSDs, total: Double, memory: Double)] = []
            for node in nodes where node.count > 0 {
                guard let memory = node.node.memory else { continue }
                let total = Double(node.count) * target.bytes + others
                if total > memory { over.append((node, total, memory)) }
            }
            guard let worst = over.first else { continue }
            let more = over.count > 1 ? " (and \(over.count - 1) more nodes)" : ""
            sink.report(
                "\(worst.node.count) OSDs × \(Units.formatBytes(target.bytes)) plus mon and mgr limits of "
                    + "\(Units.formatBytes(others)) need \(Units.formatBytes(worst.total)) on node "
                    + "'\(worst.node.node.name)', which has \(Units.formatBytes(worst.memory))\(more)",
                at: target.location,
                object: entry.object,
                notes: over.map { .init("node '\($0.node.node.name)' is declared here", at: $0.node.node.location) }
            )
        }
    }
}
