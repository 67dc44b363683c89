import StrataCore
import StrataFlux

/// A `healthChecks` entry names an object the Kustomization does not apply.
struct HealthCheckNotApplied: Rule {
    static let description = RuleDescription(
        id: "flux/health-check-not-applied",
        name: "Health Check Not Applied",
        summary: "A Kustomization's healthChecks entry names an object that the Kustomization does not apply",
        rationale: """
            kustomize-controller waits for each `healthChecks` object to become ready and fails the \
            reconciliation when the timeout expires (https://fluxcd.io/flux/components/kustomize/kustomizations/#health-checks). \
            An entry for an object the Kustomization does not apply (a typo, a wrong namespace, or an \
            object that another Kustomization applies) either waits until timeout on every reconciliation, \
            or couples two Kustomizations in a way `dependsOn` would state openly.
            """,
        remediation: """
            Fix the kind, name or namespace so the entry names an object this Kustomization applies; to \
            wait for another Kustomization's objects, depend on that Kustomization instead.
            """,
        severity: .warning,
        passing: [
            Example(files: files(name: "cert-manager", marker: ""))
        ],
        failing: [
            Example(files: files(name: "certmanager", marker: "↓"))
        ]
    )

    private static func files(name: String, marker: String) -> [(path: String, text: String)] {
        [
            (
                "clusters/example/infra.yaml",
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: cert-manager, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./infra/cert-manager
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  healthChecks:
                    - \(marker)apiVersion: helm.toolkit.fluxcd.io/v2
                      kind: HelmRelease
                      name: \(name)
                      namespace: cert-manager
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
                """
            ),
        ]
    }

    /// Kinds a Helm chart renders, so a check on one may name an object of a release this Kustomization applies.
    private static let renderedByCharts: Set<String> = [
        "Deployment", "StatefulSet", "DaemonSet", "Job", "Service", "PersistentVolumeClaim", "Pod",
    ]

    private struct Identity: Hashable {
        var kind: String
        var namespace: String
        var name: String
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            var applied: [FluxObjectKey: Set<Identity>] = [:]
            var owner: [Identity: ClusterObject] = [:]
            var releases: Set<FluxObjectKey> = []
            for object in cluster.objects {
                let identity = Identity(
                    kind: object.resource.kind,
                    namespace: object.resource.namespace ?? "",
                    name: object.resource.name
                )
                applied[object.appliedBy, default: []].insert(identity)
                if owner[identity] == nil { owner[identity] = object }
                if object.resource.kind == "HelmRelease" { releases.insert(object.appliedBy) }
            }
            for kustomization in cluster.kustomizations where kustomization.status == .built {
                let mine = applied[kustomization.key] ?? []
                for entry in kustomization.node[path: ["spec", "healthChecks"]]?.items ?? [] {
                    guard let kind = entry["kind"]?.string, let name = entry["name"]?.string else { continue }
                    let namespace = entry["namespace"]?.string
                    if ([kind, name, namespace ?? ""]).contains(where: { $0.contains("${") }) { continue }
                    let wanted = Identity(kind: kind, namespace: namespace ?? "", name: name)
                    if mine.contains(wanted) { continue }
                    if namespace == nil, mine.contains(where: { $0.kind == kind && $0.name == name }) { continue }
                    // A chart renders objects this loader cannot see.
                    if Self.renderedByCharts.contains(kind), releases.contains(kustomization.key) { continue }
                    guard let location = entry.location, reported.insert(location).inserted else { continue }
                    let label = "\(kind) '\(namespace.map { $0 + "/" } ?? "")\(name)'"
                    var notes: [Diagnostic.Note] = []
                    let message: String
                    if let other = owner[wanted] {
                        message =
                            "health check on \(label), which Kustomization '\(other.appliedBy)' applies, not '\(kustomization.key)'"
                        notes.append(Diagnostic.Note("applied here", at: other.resource.location))
                    } else {
                        message = "health check on \(label), which Kustomization '\(kustomization.key)' does not apply"
                    }
                    sink.report(
                        message,
                        at: location,
                        object: context.reference(kustomization.key, node: kustomization.node, in: cluster),
                        notes: notes
                    )
                }
            }
        }
    }
}
