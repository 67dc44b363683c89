import StrataCore

/// A CephCluster lists storage nodes that the node facts do not have for its cluster.
struct NodeListMismatch: Rule {
    static let description = RuleDescription(
        id: "ceph/node-list-mismatch",
        name: "Node List Mismatch",
        summary: "A CephCluster's storage.nodes names a node that its cluster does not have",
        rationale: """
            Rook matches each `storage.nodes[].name` against the `kubernetes.io/hostname` label of the \
            cluster's nodes and silently skips entries that match no node, so a manifest copied from another \
            cluster, or a typo, leaves a host without OSDs and the pools short of failure domains \
            (https://rook.io/docs/rook/latest/CRDs/Cluster/ceph-cluster-crd/, "Node Settings"). The nodes of \
            each cluster come from the node facts in `strata.yaml`; without them the rule is silent.
            """,
        remediation: """
            Use the nodes' hostnames as Kubernetes reports them, or correct the node facts in `strata.yaml`.
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
                            nodes:
                              - name: prod-01
                              - name: prod-02
                        """
                    ),
                    ("strata.yaml", "facts:\n  nodes:\n    - {name: prod-01}\n    - {name: prod-02}\n"),
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
                            nodes:
                              - name: prod-01
                              - name: ↓prod-04
                        """
                    ),
                    ("strata.yaml", "facts:\n  nodes:\n    - {name: prod-01}\n    - {name: prod-02}\n"),
                ]
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for entry in CephInventory.shared(in: context).clusters {
            let storage = entry.spec["storage"]
            // With useAllNodes Rook ignores the list.
            let useAllNodes = storage?["useAllNodes"]?.bool ?? entry.fromChart
            guard !useAllNodes, let items = storage?["nodes"]?.items
            else { continue }
            let known = Set(context.facts.nodes(in: entry.cluster).map(\.name))
            guard !known.isEmpty else { continue }
            for item in items {
                guard let nameNode = item["name"], let name = nameNode.string, !name.contains("${"),
                    !known.contains(name)
                else { continue }
                sink.report(
                    "storage node '\(name)' is not a node of cluster '\(entry.cluster)'\(DidYouMean.hint(for: name, among: known))",
                    at: nameNode.location,
                    object: entry.object
                )
            }
        }
    }
}
