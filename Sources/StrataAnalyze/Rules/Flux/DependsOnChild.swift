import StrataCore
import StrataFlux

/// A Kustomization depends on a Kustomization it applies itself, directly or further down its chain.
struct DependsOnChild: Rule {
    static let description = RuleDescription(
        id: "flux/depends-on-child",
        name: "Depends On Child",
        summary: "A Kustomization depends on a Kustomization that it applies itself",
        rationale: """
            kustomize-controller applies nothing of a Kustomization until its `dependsOn` targets are ready \
            (https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies). A target that the \
            Kustomization itself creates (in its own path, or below a Kustomization it applies) never \
            exists on a fresh cluster, so neither ever becomes ready: the cluster cannot be rebuilt from Git.
            """,
        remediation: """
            Remove the `dependsOn` entry: the parent already exists before its children. Order siblings \
            against each other instead, or move the dependency up to the parent's own parent.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    (
                        "clusters/example/apps.yaml",
                        """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: apps, namespace: flux-system}
                        spec: {interval: 10m, path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        """
                    ),
                    (
                        "apps/ks.yaml",
                        """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: database, namespace: flux-system}
                        spec: {interval: 10m, path: ./apps/database, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        ---
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: shop, namespace: flux-system}
                        spec:
                          dependsOn:
                            - name: database
                          interval: 10m
                          path: ./apps/shop
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """
                    ),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "clusters/example/apps.yaml",
                        """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: apps, namespace: flux-system}
                        spec:
                          dependsOn:
                            - ↓name: database
                          interval: 10m
                          path: ./apps
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """
                    ),
                    (
                        "apps/ks.yaml",
                        """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: database, namespace: flux-system}
                        spec: {interval: 10m, path: ./apps/database, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        """
                    ),
                ]
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            let ordering = FluxOrdering(cluster)
            for kustomization in cluster.kustomizations {
                for dependency in kustomization.dependsOn where dependency.key != kustomization.key {
                    guard let target = ordering.kustomizations[dependency.key],
                        target.chain.contains(kustomization.key)
                    else { continue }
                    let how = target.parent == kustomization.key ? "applies itself" : "applies further down its chain"
                    sink.report(
                        "Kustomization '\(kustomization.key)' depends on '\(dependency.key)', which it \(how); neither becomes ready",
                        at: dependency.location ?? kustomization.location,
                        object: context.reference(kustomization.key, node: kustomization.node, in: cluster),
                        notes: [Diagnostic.Note("'\(dependency.key)' is defined here", at: target.location)]
                    )
                }
            }
        }
    }
}
