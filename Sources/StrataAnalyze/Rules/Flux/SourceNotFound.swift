/// A Kustomization's `sourceRef` names a source its cluster does not have.
struct SourceNotFound: LoaderRule {
    static let description = RuleDescription(
        id: "flux/source-not-found",
        name: "Source Not Found",
        summary: "A Kustomization's sourceRef names a GitRepository, OCIRepository or Bucket the cluster does not have",
        rationale: """
            kustomize-controller fetches the artifact of `spec.sourceRef` (in the Kustomization's namespace \
            unless one is given) and reports "Source not found" until that object exists; the Kustomization \
            and everything below it are never applied \
            (https://fluxcd.io/flux/components/kustomize/kustomizations/#source-reference).
            """,
        remediation: """
            Apply the source in the same cluster, fix its name or kind, or set `sourceRef.namespace` when it \
            lives in another namespace.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./apps
                  prune: true
                  sourceRef:
                    kind: GitRepository
                    name: flux-system
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: platform, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./deploy
                  prune: true
                  sourceRef:
                    kind: GitRepository
                    name: ↓platform-repo
                """
            )
        ]
    )
}
