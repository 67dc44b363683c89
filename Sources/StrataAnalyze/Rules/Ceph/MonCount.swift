/// A CephCluster asks for an even number of monitors, or for more than its nodes can hold.
struct MonCount: Rule {
    static let description = RuleDescription(
        id: "ceph/mon-count",
        name: "Mon Count",
        summary: "The CephCluster's mon count is even, or above the number of nodes that can run a mon",
        rationale: """
            Ceph monitors keep a Paxos quorum that needs a strict majority: four mons tolerate one failure, \
            like three, and two tolerate none, like one, so an even count adds load without adding resilience \
            (https://docs.ceph.com/en/latest/rados/configuration/mon-config-ref/, "Monitor Quorum"). Rook logs \
            a warning for an even count and, unless `mon.allowMultiplePerNode` is true, places at most one mon \
            per node: mons beyond the node count stay pending \
            (https://rook.io/docs/rook/latest/CRDs/Cluster/ceph-cluster-crd/, `mon.count`). The node count \
            comes from the node facts in `strata.yaml`; without them only the parity is checked.
            """,
        remediation: "Use an odd mon count (3 or 5) no larger than the number of nodes.",
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  mon:
                    count: 3
                    allowMultiplePerNode: false
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  mon:
                    count: ↓2
                """
            ),
            Example(
                files: [
                    (
                        "example.yaml",
                        """
                        apiVersion: ceph.rook.io/v1
                        kind: CephCluster
                        metadata: {name: rook-ceph, namespace: rook-ceph}
                        spec:
                          mon:
                            count: ↓5
                        """
                    ),
                    (
                        "strata.yaml",
                        """
                        facts:
                          nodes:
                            - {name: prod-01, memory: 64Gi}
                            - {name: prod-02, memory: 64Gi}
                            - {name: prod-03, memory: 64Gi}
                        """
                    ),
                ]
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for entry in CephInventory.shared(in: context).clusters {
            guard let node = entry.spec[path: ["mon", "count"]], let count = node.int, count > 0 else { continue }
            let multiplePerNode = entry.spec[path: ["mon", "allowMultiplePerNode"]]?.bool ?? false
            let nodes = context.facts.nodes(in: entry.cluster)
            if !multiplePerNode, !nodes.isEmpty, count > nodes.count {
                sink.report(
                    "mon count \(count) is above the \(nodes.count) nodes of cluster '\(entry.cluster)' "
                        + "and mons may not share a node",
                    at: node.location,
                    object: entry.object,
                    notes: nodes.first.map { [.init("nodes are declared here", at: $0.location)] } ?? []
                )
            } else if count % 2 == 0 {
                sink.report(
                    "mon count \(count) is even: a quorum of \(count) mons tolerates no more failures than "
                        + "\(count - 1)",
                    at: node.location,
                    object: entry.object,
                    severity: .warning
                )
            }
        }
    }
}
