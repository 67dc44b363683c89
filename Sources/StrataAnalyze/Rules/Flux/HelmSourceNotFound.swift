/// A HelmRelease's chart source is not applied in its cluster.
struct HelmSourceNotFound: LoaderRule {
    static let description = RuleDescription(
        id: "flux/helm-source-not-found",
        name: "Helm Source Not Found",
        summary: "A HelmRelease's chart sourceRef or chartRef names a source its cluster does not have",
        rationale: """
            helm-controller creates the HelmChart from `spec.chart.spec.sourceRef`, or reads the artifact of \
            `spec.chartRef`, in the release's namespace unless another is given. When that HelmRepository, \
            GitRepository, OCIRepository or Bucket is never applied, the release stays not ready with \
            "source not found" and nothing is installed \
            (https://fluxcd.io/flux/components/helm/helmreleases/#chart-template).
            """,
        remediation: """
            Apply the source in the same cluster, or fix its name, or set `sourceRef.namespace` when the \
            source lives in another namespace (often `flux-system`).
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: bitnami, namespace: flux-system}
                spec: {interval: 1h, url: https://charts.bitnami.com/bitnami}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: redis, namespace: cache}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: redis
                      version: 19.6.4
                      sourceRef:
                        kind: HelmRepository
                        name: bitnami
                        namespace: flux-system
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata: {name: bitnami, namespace: flux-system}
                spec: {interval: 1h, url: https://charts.bitnami.com/bitnami}
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: redis, namespace: cache}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: redis
                      version: 19.6.4
                      sourceRef:
                        kind: HelmRepository
                        name: ↓bitnami
                """
            )
        ]
    )
}
