import StrataCore
import StrataGraph

/// Checks `dependsOn` of Kustomizations and HelmReleases: every target exists, and there is no cycle.
struct DependencyChecker {
    let cluster: Cluster
    let sink: any DiagnosticSink

    func check() {
        check(
            kind: "Kustomization",
            nodes: cluster.kustomizations.map { ($0.key, $0.dependsOn, $0.location) }
        )
        check(
            kind: "HelmRelease",
            nodes: cluster.helmReleases.map { ($0.key, $0.dependsOn, $0.node.location) }
        )
    }

    private func check(
        kind: String,
        nodes: [(
            key: FluxObjectKey, dependsOn: [(key: FluxObjectKey, location: SourceLocation?)], location: SourceLocation?
        )]
    ) {
        let known = Set(nodes.map(\.key))
        var locations: [FluxObjectKey: SourceLocation] = [:]
        var graph = DiGraph<FluxObjectKey>()
        for node in nodes {
            graph.add(node.key)
            if let location = node.location { locations[node.key] = location }
            for dependency in node.dependsOn {
                if known.contains(dependency.key) {
                    graph.addEdge(from: node.key, to: dependency.key)
                } else {
                    sink.emit(
                        "flux/dependency-not-found",
                        .error,
                        "\(kind) '\(node.key)' depends on '\(dependency.key)', which cluster '\(cluster.name)' does not have",
                        at: dependency.location ?? node.location
                    )
                }
            }
        }
        for cycle in graph.cycles() {
            guard let first = cycle.first else { continue }
            sink.emit(
                "flux/dependency-cycle",
                .error,
                "\(kind) dependency cycle in cluster '\(cluster.name)': \(cycle.map(\.description).joined(separator: " -> "))",
                at: locations[first]
            )
        }
    }
}
