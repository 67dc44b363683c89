/// Two Kustomizations of one cluster apply the same object.
struct DuplicateObject: LoaderRule {
    static let description = RuleDescription(
        id: "flux/duplicate-object",
        name: "Duplicate Object",
        summary: "Two Kustomizations of one cluster apply an object with the same kind, namespace and name",
        rationale: """
            Each Kustomization applies its objects with server-side apply under its own field manager and \
            records them in its inventory. Two Kustomizations owning one object overwrite each other's \
            fields on every reconciliation, and pruning either of them deletes the object the other still \
            declares (https://fluxcd.io/flux/components/kustomize/kustomizations/#prune).
            """,
        remediation: """
            Keep the object in one Kustomization's path only; share it through a kustomize base or a \
            component instead of listing it twice.
            """,
        severity: .warning,
        passing: [
            Example(
                files: [
                    (
                        "clusters/example/apps.yaml",
                        """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: web, namespace: flux-system}
                        spec: {interval: 10m, path: ./apps/web, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        ---
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: api, namespace: flux-system}
                        spec: {interval: 10m, path: ./apps/api, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        """
                    ),
                    (
                        "apps/web/config.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n"
                    ),
                    (
                        "apps/api/config.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api, namespace: shop}\n"
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
                        spec: {interval: 10m, path: ./apps/web, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        ---
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: api, namespace: flux-system}
                        spec: {interval: 10m, path: ./apps/api, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                        """
                    ),
                    (
                        "apps/web/config.yaml",
                        """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: shared, namespace: shop}
                        data: {LOG_LEVEL: info}
                        """
                    ),
                    (
                        "apps/api/config.yaml",
                        """
                        ↓apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: shared, namespace: shop}
                        data: {LOG_LEVEL: debug}
                        """
                    ),
                ]
            )
        ]
    )
}
