/// Kustomizations or HelmReleases of one cluster depend on each other in a loop.
struct DependencyCycle: LoaderRule {
    static let description = RuleDescription(
        id: "flux/dependency-cycle",
        name: "Dependency Cycle",
        summary: "Kustomizations or HelmReleases depend on each other in a loop",
        rationale: """
            kustomize-controller and helm-controller reconcile an object only after every `dependsOn` target \
            is ready. When the targets form a loop, each member waits for another one and none is ever \
            applied; the controllers report "dependency not ready" until someone breaks the loop \
            (https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies).
            """,
        remediation: """
            Remove one `dependsOn` edge of the printed cycle; usually the lower layer (CRDs, controllers) \
            should not depend on what builds on it.
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
                ↓apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  dependsOn:
                    - name: infra
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra, namespace: flux-system}
                spec:
                  dependsOn:
                    - name: apps
                  interval: 10m
                  path: ./infra
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """
            )
        ]
    )
}
