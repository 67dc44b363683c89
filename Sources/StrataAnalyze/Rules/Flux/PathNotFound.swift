/// A Kustomization's `spec.path` does not exist in its source.
struct PathNotFound: LoaderRule {
    static let description = RuleDescription(
        id: "flux/path-not-found",
        name: "Path Not Found",
        summary: "A Kustomization's spec.path is not a directory of its source",
        rationale: """
            kustomize-controller joins `spec.path` to the root of the source artifact and fails the \
            reconciliation with "kustomization path not found" when the directory does not exist; nothing \
            below that Kustomization is applied (https://fluxcd.io/flux/components/kustomize/kustomizations/#path).
            """,
        remediation: """
            Point `spec.path` at an existing directory, relative to the root of the source (not to the file \
            that declares the Kustomization).
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
                        spec:
                          interval: 10m
                          path: ./apps/production
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """
                    ),
                    (
                        "apps/production/config.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n"
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
                          interval: 10m
                          path: ↓./apps/prod
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """
                    ),
                    (
                        "apps/production/config.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n"
                    ),
                ]
            )
        ]
    )
}
