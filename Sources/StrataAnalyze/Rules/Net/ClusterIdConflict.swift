import StrataCore
import StrataFlux
import StrataYAML

/// Cilium cluster names or ids repeat across clusters, or an id is out of range.
struct ClusterIdConflict: Rule {
    static let description = RuleDescription(
        id: "net/cluster-id-conflict",
        name: "Cluster ID Conflict",
        summary: "Cilium cluster.name or cluster.id repeats across meshed clusters, or cluster.id is out of range",
        rationale: """
            ClusterMesh tells clusters apart by name and numeric id: every cluster needs a unique name and an \
            id from 1 to 255, or up to 511 when `clustermesh.maxConnectedClusters` is 511, a setting all \
            connected clusters must share \
            (cilium/cilium `Documentation/network/clustermesh/setup.rst`, "numeric cluster ID (1-255)", and \
            `clustermesh.rst`). The id is encoded in security identities, so two \
            clusters with the same id produce colliding identities.
            """,
        remediation: """
            Give each cluster's Cilium values its own `cluster.name` and a distinct `cluster.id` within the \
            range, and the same `clustermesh.maxConnectedClusters` everywhere.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    ("clusters/infra/cilium.yaml", Self.release(name: "infra", id: "1")),
                    ("clusters/apps/cilium.yaml", Self.release(name: "apps", id: "2")),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("clusters/apps/cilium.yaml", Self.release(name: "apps", id: "1")),
                    ("clusters/infra/cilium.yaml", Self.release(name: "infra", id: "↓1")),
                ]
            ),
            Example(
                files: [
                    ("clusters/infra/cilium.yaml", Self.release(name: "infra", id: "↓256"))
                ]
            ),
        ]
    )

    private static func release(name: String, id: String) -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: cilium, namespace: kube-system}
        spec:
          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
          values:
            cluster:
              name: \(name)
              id: \(id)
            clustermesh:
              useAPIServer: true
        """
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let installs = context.shared("CiliumInstall") { CiliumInstall.all(in: context) }
        var seenIDs: [Int: (cluster: String, node: YAMLNode)] = [:]
        var seenNames: [String: (cluster: String, node: YAMLNode)] = [:]
        var seenMaximum: (cluster: String, value: Int, node: YAMLNode?)?
        for install in installs {
            let reference = context.reference(install.release, in: install.cluster)
            let maximumNode = install.value("clustermesh.maxConnectedClusters")
            let maximum = maximumNode?.int ?? 255
            if let maximumNode, maximumNode.int.map({ $0 != 255 && $0 != 511 }) == true {
                sink.report(
                    "clustermesh.maxConnectedClusters '\(maximum)' must be 255 or 511",
                    at: maximumNode.location,
                    object: reference
                )
            }
            if let idNode = install.value("cluster.id"), let id = idNode.int {
                let lowest = install.meshes ? 1 : 0
                if id < lowest || id > maximum {
                    sink.report(
                        "cluster.id '\(id)' is outside \(lowest)–\(maximum)"
                            + (install.meshes && id == 0 ? "; ClusterMesh needs a non-zero id" : ""),
                        at: idNode.location,
                        object: reference
                    )
                }
            }
            guard install.meshes else { continue }
            if let idNode = install.value("cluster.id"), let id = idNode.int {
                if let first = seenIDs[id], first.cluster != install.cluster.name {
                    sink.report(
                        "cluster.id '\(id)' of cluster '\(install.cluster.name)' is also used by cluster "
                            + "'\(first.cluster)'",
                        at: idNode.location,
                        object: reference,
                        notes: [Diagnostic.Note("the same id", at: first.node.location)]
                    )
                } else if seenIDs[id] == nil {
                    seenIDs[id] = (install.cluster.name, idNode)
                }
            }
            if let nameNode = install.value("cluster.name"), let name = nameNode.string, !name.contains("${") {
                if let first = seenNames[name], first.cluster != install.cluster.name {
                    sink.report(
                        "cluster.name '\(name)' of cluster '\(install.cluster.name)' is also used by cluster "
                            + "'\(first.cluster)'",
                        at: nameNode.location,
                        object: reference,
                        notes: [Diagnostic.Note("the same name", at: first.node.location)]
                    )
                } else if seenNames[name] == nil {
                    seenNames[name] = (install.cluster.name, nameNode)
                }
            }
            if let first = seenMaximum, first.cluster != install.cluster.name, first.value != maximum {
                let node = maximumNode ?? first.node
                sink.report(
                    "clustermesh.maxConnectedClusters is '\(maximum)' in cluster '\(install.cluster.name)' but "
                        + "'\(first.value)' in cluster '\(first.cluster)'",
                    at: node?.location,
                    object: reference
                )
            } else if seenMaximum == nil {
                seenMaximum = (install.cluster.name, maximum, maximumNode)
            }
        }
    }
}
