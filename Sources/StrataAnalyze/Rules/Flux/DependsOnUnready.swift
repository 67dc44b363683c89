import StrataCore
import StrataFlux

/// A Kustomization depends on one whose readiness only means "applied".
struct DependsOnUnready: Rule {
    static let description = RuleDescription(
        id: "flux/depends-on-unready",
        name: "Depends On Unready",
        summary: "A dependsOn target has neither wait: true nor health checks, so ready only means applied",
        rationale: """
            A `dependsOn` target counts as ready once its last reconciliation succeeded. Without \
            `wait: true`, `healthChecks` or `healthCheckExprs`, that happens as soon as the objects are \
            applied, before any Deployment, HelmRelease or operator is running \
            (https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies and #health-assessment). \
            The dependent then starts too early: its custom resources or webhooks hit an operator that is \
            not up yet, and the first reconciliation of a fresh cluster fails.
            """,
        remediation: """
            Set `wait: true` on the target, or list the objects that matter in its `healthChecks` (or \
            `healthCheckExprs`), or give the `dependsOn` entry a `readyExpr`.
            """,
        severity: .warning,
        passing: [
            Example(files: files(wait: "true", marker: ""))
        ],
        failing: [
            Example(files: files(wait: "false", marker: "↓"))
        ]
    )

    private static func files(wait: String, marker: String) -> [(path: String, text: String)] {
        [
            (
                "clusters/example/apps.yaml",
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: cert-manager, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./infra/cert-manager
                  prune: true
                  wait: \(wait)
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: issuers, namespace: flux-system}
                spec:
                  dependsOn:
                    - \(marker)name: cert-manager
                  interval: 10m
                  path: ./infra/issuers
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """
            ),
            (
                "infra/cert-manager/release.yaml",
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: cert-manager, namespace: cert-manager}
                spec:
                  interval: 30m
                  chartRef: {kind: OCIRepository, name: cert-manager, namespace: flux-system}
                  values:
                    crds: {enabled: true}
                """
            ),
            (
                "infra/issuers/config.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: issuers, namespace: cert-manager}\n"
            ),
        ]
    }

    /// Kinds that are usable as soon as they are applied, so waiting for them adds nothing.
    private static let readyWhenApplied: Set<String> = [
        "ConfigMap", "Secret", "Namespace", "CustomResourceDefinition", "ServiceAccount", "Role", "RoleBinding",
        "ClusterRole", "ClusterRoleBinding", "NetworkPolicy", "StorageClass", "PriorityClass", "LimitRange",
        "ResourceQuota",
    ]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            var meaningful: Set<FluxObjectKey> = []
            for object in cluster.objects where !Self.readyWhenApplied.contains(object.resource.kind) {
                meaningful.insert(object.appliedBy)
            }
            let ordering = FluxOrdering(cluster)
            for kustomization in cluster.kustomizations {
                let entries = kustomization.node[path: ["spec", "dependsOn"]]?.items ?? []
                for (entry, dependency) in zip(entries.filter { $0["name"]?.string != nil }, kustomization.dependsOn) {
                    if entry["readyExpr"] != nil { continue }
                    // Only a built target is known: an external or failed one may well be checked.
                    guard let target = ordering.kustomizations[dependency.key], target.status == .built,
                        meaningful.contains(target.key)
                    else { continue }
                    let spec = target.node["spec"]
                    if spec?["wait"]?.bool == true { continue }
                    if spec?["healthChecks"]?.items?.isEmpty == false { continue }
                    if spec?["healthCheckExprs"]?.items?.isEmpty == false { continue }
                    guard let location = dependency.location ?? kustomization.location,
                        reported.insert(location).inserted
                    else { continue }
                    sink.report(
                        "Kustomization '\(kustomization.key)' depends on '\(dependency.key)', which has no wait or health checks, so it is ready as soon as it is applied",
                        at: location,
                        object: context.reference(kustomization.key, node: kustomization.node, in: cluster),
                        notes: [Diagnostic.Note("'\(dependency.key)' is defined here", at: target.location)]
                    )
                }
            }
        }
    }
}
