import StrataCore
import StrataFlux

/// A Flux object uses an API version that Flux deprecated or no longer serves.
struct DeprecatedApiVersion: Rule {
    static let description = RuleDescription(
        id: "flux/deprecated-api-version",
        name: "Deprecated API Version",
        summary: "A Flux object uses an API version that current Flux deprecates or no longer serves",
        rationale: """
            The CRDs of current Flux (2.9: kustomize-controller v1.9, helm-controller v1.6, \
            source-controller v1.9) serve only `kustomize.toolkit.fluxcd.io/v1`, `helm.toolkit.fluxcd.io/v2` \
            and `source.toolkit.fluxcd.io/v1` for Kustomization, HelmRelease, GitRepository, \
            HelmRepository, HelmChart, OCIRepository and Bucket (each CRD's `spec.versions` in \
            fluxcd/kustomize-controller, helm-controller and source-controller `config/crd/bases`); the \
            beta versions were removed after the GA releases, so the API server rejects such objects. The \
            beta notification and image-automation APIs are deprecated in favour of their v1 (and \
            notification `v1beta3`) versions (https://fluxcd.io/flux/installation/upgrade/ and \
            `flux migrate`).
            """,
        remediation: """
            Move the object to the current API version (`flux migrate -f .` rewrites manifests) and \
            adapt the fields the migration notes list.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec: {interval: 10m, path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                ---
                apiVersion: notification.toolkit.fluxcd.io/v1beta3
                kind: Alert
                metadata: {name: on-call, namespace: flux-system}
                spec:
                  providerRef: {name: slack}
                  eventSources:
                    - kind: Kustomization
                      name: '*'
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: ↓helm.toolkit.fluxcd.io/v2beta1
                kind: HelmRelease
                metadata: {name: redis, namespace: cache}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: redis
                      version: 19.6.4
                      sourceRef: {kind: HelmRepository, name: bitnami, namespace: flux-system}
                ---
                apiVersion: ↓notification.toolkit.fluxcd.io/v1beta2
                kind: Alert
                metadata: {name: on-call, namespace: flux-system}
                spec:
                  providerRef: {name: slack}
                  eventSources:
                    - kind: Kustomization
                      name: '*'
                """
            )
        ]
    )

    /// Versions each Flux API group no longer serves (error) or deprecates (warning).
    private static let removed: [String: Set<String>] = [
        "kustomize.toolkit.fluxcd.io": ["v1beta1", "v1beta2"],
        "helm.toolkit.fluxcd.io": ["v2beta1", "v2beta2"],
        "source.toolkit.fluxcd.io": ["v1beta1", "v1beta2"],
    ]
    private static let deprecated: [String: Set<String>] = [
        "notification.toolkit.fluxcd.io": ["v1beta1", "v1beta2"],
        "image.toolkit.fluxcd.io": ["v1beta1", "v1beta2"],
    ]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            var nodes = cluster.objects.map { (node: $0.node, reference: context.reference($0, in: cluster)) }
            // The cluster root may be defined in the repository without being one of the applied objects.
            if let root = cluster.kustomizations.first, root.parent == nil {
                nodes.append((root.node, context.reference(root.key, node: root.node, in: cluster)))
            }
            for (node, reference) in nodes {
                guard let apiVersionNode = node["apiVersion"], let apiVersion = apiVersionNode.string,
                    let slash = apiVersion.firstIndex(of: "/")
                else { continue }
                let group = String(apiVersion[..<slash])
                let version = String(apiVersion[apiVersion.index(after: slash)...])
                let severity: Severity
                let verdict: String
                if Self.removed[group]?.contains(version) == true {
                    severity = .error
                    verdict = "which current Flux no longer serves"
                } else if Self.deprecated[group]?.contains(version) == true {
                    severity = .warning
                    verdict = "which Flux deprecates"
                } else {
                    continue
                }
                guard let location = apiVersionNode.location, reported.insert(location).inserted else { continue }
                sink.report(
                    "\(reference.kind) '\(reference.namespace.map { $0 + "/" } ?? "")\(reference.name)' uses '\(apiVersion)', \(verdict)",
                    at: location,
                    object: reference,
                    severity: severity
                )
            }
        }
    }
}
