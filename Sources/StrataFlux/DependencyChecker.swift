import StrataCore
import StrataGraph

/// Checks `dependsOn` of Kustomizations and HelmReleases: every target exists, and there is no cycle.
struct DependencyChecker {
    let cluster: Cluster
    let sink: any DiagnosticSink

    func check() {
        let kustomizations = Set(cluster.kustomizations.map(\.key))
        var graph = DiGraph<FluxObjectKey>()
        for kustomization in cluster.kustomizations {
            graph.add(kustomization.key)
            for dependency in kustomization.dependsOn {
                if kustomizations.contains(dependency.key) {
                    graph.addEdge(from: kustomization.key, to: dependency.key)
                } else {
                    sink.emit(
                        "flux/dependency-not-found",
                        .error,
                        "Kustomization '\(kustomization.key)' depends on '\(dependency.key)', which cluster '\(cluster.name)' does not have",
                        at: dependency.location ?? kustomization.location
                    )
                }
            }
        }
        report(graph.cycles(), kind: "Kustomization") { key in cluster.kustomization(key)?.location }
        let releases = Set(cluster.helmReleases.map(\.key))
        var releaseGraph = DiGraph<FluxObjectKey>()
        for release in cluster.helmReleases {
            releaseGraph.add(release.key)
            for dependency in release.dependsOn {
                if releases.contains(dependency.key) {
                    releaseGraph.addEdge(from: release.key, to: dependency.key)
                } else {
                    sink.emit(
                        "flux/dependency-not-found",
                        .error,
                        "HelmRelease '\(release.key)' depends on '\(dependency.key)', which cluster '\(cluster.name)' does not have",
                        at: dependency.location ?? release.node.location
                    )
                }
            }
        }
        report(releaseGraph.cycles(), kind: "HelmRelease") { key in
            cluster.helmReleases.first { $0.key == key }?.node.location
        }
    }

    private func report(_ cycles: [[FluxObjectKey]], kind: String, location: (FluxObjectKey) -> SourceLocation?) {
        for cycle in cycles {
            guard let first = cycle.first else { continue }
            sink.emit(
                "flux/dependency-cycle",
                .error,
                "\(kind) dependency cycle in cluster '\(cluster.name)': \(cycle.map(\.description).joined(separator: " -> "))",
                at: location(first)
            )
        }
    }
}
