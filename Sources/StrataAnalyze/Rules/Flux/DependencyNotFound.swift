/// A Kustomization or HelmRelease depends on an object its cluster does not have.
struct DependencyNotFound: LoaderRule {
    static let description = RuleDescription(
        id: "flux/dependency-not-found",
        name: "Dependency Not Found",
        summary: "A dependsOn entry names a Kustomization or HelmRelease the cluster does not have",
        rationale: """
            kustomize-controller and helm-controller refuse to reconcile an object until every `dependsOn` \
            target exists and is ready; a target that is never applied (a typo, a namespace left out, or an \
            object that only exists in another cluster) blocks the dependent forever with \
            "dependency not found" (fluxcd/kustomize-controller, `checkDependencies`).
            """,
        remediation: """
            Name a Kustomization (or HelmRelease) that this cluster applies; `namespace` defaults to the \
            dependent's own namespace, so set it when the target lives elsewhere.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra, namespace: flux-system}
                spec: {interval: 10m, path: ./infra, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  dependsOn:
                    - name: infra
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  dependsOn:
                    - ↓name: infra-controllers
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """
            )
        ]
    )
}
