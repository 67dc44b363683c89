public import StrataYAML

/// Where a chart is published, and the Flux source object that fetches it.
public struct ChartSource: Sendable, Equatable {
    /// The chart's name.
    public var chart: String
    /// The HelmRepository's name in `flux-system`.
    public var repositoryName: String
    /// The repository URL.
    public var url: String

    /// Creates a source.
    public init(chart: String, repositoryName: String, url: String) {
        self.chart = chart
        self.repositoryName = repositoryName
        self.url = url
    }

    /// The HelmRepository object.
    public var sourceObject: YAMLNode {
        [
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "HelmRepository",
            "metadata": ["name": "\(repositoryName)", "namespace": "flux-system"],
            "spec": ["interval": "1h", "url": "\(url)"],
        ]
    }

    /// Every chart the platform installs, by chart name.
    public static let all: [String: ChartSource] = Dictionary(
        uniqueKeysWithValues: [
            ChartSource(chart: "cilium", repositoryName: "cilium", url: "https://helm.cilium.io"),
            ChartSource(chart: "rook-ceph", repositoryName: "rook-release", url: "https://charts.rook.io/release"),
            ChartSource(
                chart: "rook-ceph-cluster",
                repositoryName: "rook-release",
                url: "https://charts.rook.io/release"
            ),
            ChartSource(chart: "cert-manager", repositoryName: "jetstack", url: "https://charts.jetstack.io"),
            ChartSource(
                chart: "external-secrets",
                repositoryName: "external-secrets",
                url: "https://charts.external-secrets.io"
            ),
            ChartSource(
                chart: "cloudnative-pg",
                repositoryName: "cloudnative-pg",
                url: "https://cloudnative-pg.github.io/charts"
            ),
            ChartSource(
                chart: "victoria-metrics-operator",
                repositoryName: "victoria-metrics",
                url: "https://victoriametrics.github.io/helm-charts"
            ),
            ChartSource(chart: "grafana", repositoryName: "grafana", url: "https://grafana.github.io/helm-charts"),
            ChartSource(chart: "volsync", repositoryName: "backube", url: "https://backube.github.io/helm-charts"),
            ChartSource(
                chart: "velero",
                repositoryName: "vmware-tanzu",
                url: "https://vmware-tanzu.github.io/helm-charts"
            ),
            ChartSource(chart: "snapshot-controller", repositoryName: "piraeus", url: "https://piraeus.io/helm-charts"),
            ChartSource(
                chart: "localpv-provisioner",
                repositoryName: "openebs-localpv",
                url: "https://openebs.github.io/dynamic-localpv-provisioner"
            ),
        ].map { ($0.chart, $0) }
    )
}
