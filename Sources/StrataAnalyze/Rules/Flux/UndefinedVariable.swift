/// A `${VAR}` is left in a manifest that its Kustomization's postBuild does not define.
struct UndefinedVariable: LoaderRule {
    static let description = RuleDescription(
        id: "flux/undefined-variable",
        name: "Undefined Variable",
        summary: "A manifest uses a ${VAR} without a default that postBuild does not define",
        rationale: """
            kustomize-controller substitutes `${VAR}` from `postBuild.substitute` and `substituteFrom`. A \
            variable without a `${VAR:=default}` that no source defines becomes an empty string (or fails the \
            build when strict substitution is enabled), so a host name, a path or a namespace silently goes \
            blank (https://fluxcd.io/flux/components/kustomize/kustomizations/#post-build-variable-substitution).
            """,
        remediation: """
            Define the variable in `postBuild.substitute` or in a `substituteFrom` ConfigMap, give it a \
            default with `${VAR:=value}`, or escape a literal dollar sign as `$${VAR}`.
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
                        metadata: {name: web, namespace: flux-system}
                        spec:
                          interval: 10m
                          path: ./apps/web
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                          postBuild:
                            substitute: {DOMAIN: example.com}
                        """
                    ),
                    (
                        "apps/web/config.yaml",
                        """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: web, namespace: shop}
                        data:
                          url: https://shop.${DOMAIN}
                          port: "${PORT:=8080}"
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
                        metadata: {name: web, namespace: flux-system}
                        spec:
                          interval: 10m
                          path: ./apps/web
                          prune: true
                          sourceRef: {kind: GitRepository, name: flux-system}
                          postBuild:
                            substitute: {DOMAIN: example.com}
                        """
                    ),
                    (
                        "apps/web/config.yaml",
                        """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: web, namespace: shop}
                        data:
                          url: https://shop.${DOMAIN}
                          admin: ↓https://${ADMIN_HOST}/login
                        """
                    ),
                ]
            )
        ]
    )
}
