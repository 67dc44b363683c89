/// A `postBuild.substituteFrom` entry names a ConfigMap or Secret its cluster does not have.
struct SubstituteSourceNotFound: LoaderRule {
    static let description = RuleDescription(
        id: "flux/substitute-source-not-found",
        name: "Substitute Source Not Found",
        summary: "A postBuild.substituteFrom entry names a ConfigMap or Secret the cluster does not have",
        rationale: """
            Before applying, kustomize-controller reads every `substituteFrom` ConfigMap and Secret from the \
            Kustomization's namespace; a missing one that is not marked `optional: true` fails the build \
            with "substitute from ... not found" (https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution).
            """,
        remediation: """
            Apply the ConfigMap or Secret in the Kustomization's namespace (and order it first with \
            `dependsOn`), fix its name, or mark the entry `optional: true` when the variables have defaults.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    (
                        "clusters/example/apps.yaml",
                        """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: cluster-settings, namespace: flux-system}
                        data: {CLUSTER_DOMAIN: example.com}
                        ---
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: apps, namespace: flux-system}
                        spec:
                          interval: 10m
                          path: ./apps
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                          postBuild:
                            substituteFrom:
                              - kind: ConfigMap
                                name: cluster-settings
                        """
                    ),
                    ("apps/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n"),
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
                          path: ./apps
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                          postBuild:
                            substituteFrom:
                              - ↓kind: ConfigMap
                                name: cluster-settings
                        """
                    ),
                    ("apps/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n"),
                ]
            )
        ]
    )
}
