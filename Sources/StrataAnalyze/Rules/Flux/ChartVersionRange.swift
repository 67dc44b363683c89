import Foundation
import StrataCore
import StrataFlux

/// A HelmRelease's chart version is a range, a wildcard, or absent.
struct ChartVersionRange: Rule {
    static let description = RuleDescription(
        id: "flux/chart-version-range",
        name: "Chart Version Range",
        summary: "A HelmRelease's chart.spec.version is a range or wildcard, or is missing",
        rationale: """
            source-controller resolves `spec.chart.spec.version` as a SemVer constraint and picks the newest \
            matching chart on every interval; an absent version means `*` \
            (https://fluxcd.io/flux/components/helm/helmreleases/#chart-template). With a range, a new chart \
            release (and its changed defaults, CRDs or removed values) is installed without a commit, so \
            the repository no longer says what runs.
            """,
        remediation: """
            Pin an exact version (`version: 1.18.3`) and let a dependency bot propose upgrades as commits.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: cilium, namespace: kube-system}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: cilium
                      version: 1.18.3
                      sourceRef: {kind: HelmRepository, name: cilium, namespace: flux-system}
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: velero, namespace: velero}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: velero
                      version: ↓8.x.x
                      sourceRef: {kind: HelmRepository, name: vmware-tanzu, namespace: flux-system}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: grafana, namespace: monitoring}
                spec:
                  interval: 30m
                  chart:
                    ↓spec:
                      chart: grafana
                      sourceRef: {kind: HelmRepository, name: grafana, namespace: flux-system}
                """
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            for release in cluster.helmReleases {
                // chartRef releases take the version from their OCIRepository or HelmChart, not from here.
                guard let chartSpec = release.node[path: ["spec", "chart", "spec"]] else { continue }
                let message: String
                let location: SourceLocation?
                if let versionNode = chartSpec["version"], let version = versionNode.string {
                    guard !version.contains("${"), Self.isRange(version) else { continue }
                    message =
                        "HelmRelease '\(release.key)' takes chart '\(release.chart)' at version range '\(version)'"
                    location = versionNode.location
                } else {
                    message =
                        "HelmRelease '\(release.key)' takes chart '\(release.chart)' at no fixed version (any version)"
                    location = release.node[path: ["spec", "chart"]]?.keyLocation("spec") ?? chartSpec.location
                }
                if let location, !reported.insert(location).inserted { continue }
                sink.report(message, at: location, object: context.reference(release, in: cluster))
            }
        }
    }

    /// Whether a SemVer constraint admits more than one version.
    static func isRange(_ version: String) -> Bool {
        let text = version.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return true }
        if text.contains(where: { "*^~<>=|,".contains($0) }) || text.contains(" - ") { return true }
        // `1.2.x` and `1.x`; a pre-release such as `1.0.0-rc.x` is exact.
        let core = text.split(separator: "-", maxSplits: 1).first ?? ""
        return core.split(separator: ".").contains { $0 == "x" || $0 == "X" }
    }
}
