import StrataCore
import StrataFlux

/// A Kustomization sets `wait: true` together with `healthChecks`, which the controller then ignores.
struct HealthChecksIgnored: Rule {
    static let description = RuleDescription(
        id: "flux/health-checks-ignored",
        name: "Health Checks Ignored",
        summary: "A Kustomization lists healthChecks although wait: true makes the controller ignore them",
        rationale: """
            With `spec.wait: true`, kustomize-controller health-checks every object it applies and ignores \
            `spec.healthChecks` (https://fluxcd.io/flux/components/kustomize/kustomizations/#wait). Checks \
            listed for objects of other Kustomizations or of Helm charts (an operator's Deployment, a \
            HelmRelease) never run, so dependents may start before those objects are ready.
            """,
        remediation: """
            Either drop `wait: true` and keep the explicit `healthChecks` (or `healthCheckExprs`), or drop \
            `healthChecks` and rely on `wait` for the objects this Kustomization applies.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: cert-manager, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./infra/cert-manager
                  prune: true
                  wait: false
                  sourceRef: {kind: GitRepository, name: flux-system}
                  healthChecks:
                    - apiVersion: helm.toolkit.fluxcd.io/v2
                      kind: HelmRelease
                      name: cert-manager
                      namespace: cert-manager
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: cert-manager, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./infra/cert-manager
                  prune: true
                  wait: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  ↓healthChecks:
                    - apiVersion: helm.toolkit.fluxcd.io/v2
                      kind: HelmRelease
                      name: cert-manager
                      namespace: cert-manager
                """
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            for kustomization in cluster.kustomizations {
                guard let spec = kustomization.node["spec"], spec["wait"]?.bool == true,
                    spec["healthChecks"]?.items?.isEmpty == false
                else { continue }
                let location = spec.keyLocation("healthChecks") ?? spec.location
                if let location, !reported.insert(location).inserted { continue }
                sink.report(
                    "Kustomization '\(kustomization.key)' sets wait: true, so its healthChecks are ignored",
                    at: location,
                    object: context.reference(kustomization.key, node: kustomization.node, in: cluster),
                    notes: [Diagnostic.Note("wait is set here", at: spec["wait"]?.location)]
                )
            }
        }
    }
}
