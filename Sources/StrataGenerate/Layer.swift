/// The Flux layers every cluster's infrastructure is applied in, each waiting for the ones it depends on.
///
/// A layer holds only what is ready to apply once its dependencies are healthy: charts install their own
/// CRDs in `operators`, so the custom resources that use them come in later layers.
public enum Layer: String, CaseIterable, Sendable, Comparable {
    /// CRDs no chart installs.
    case crds
    /// Operators and controllers, as HelmReleases.
    case operators
    /// Cilium's LB-IPAM pools, BGP and ClusterMesh services.
    case network
    /// cert-manager issuers.
    case issuers
    /// The secret store and the ExternalSecrets the platform's own components read.
    case platform
    /// Ceph, local-path and snapshot classes.
    case storage
    /// PostgreSQL clusters.
    case databases
    /// VictoriaMetrics, alerting and dashboards.
    case observability
    /// Velero's location and schedule, and the restore drill.
    case backups
    /// Applications and their volume backups.
    case apps

    /// The layers this one waits for directly.
    public var dependsOn: [Layer] {
        switch self {
        case .crds: []
        case .operators: [.crds]
        case .network, .issuers, .platform: [.operators]
        case .storage: [.platform]
        case .databases: [.storage]
        case .observability: [.storage, .network, .issuers]
        case .backups: [.storage]
        case .apps: [.databases, .backups, .network, .issuers]
        }
    }

    /// The Flux Kustomization's name.
    public var kustomizationName: String { rawValue }

    /// The directory of the layer's manifests for a cluster.
    public func directory(cluster: String) -> String {
        self == .apps ? "apps/\(cluster)" : "infrastructure/\(cluster)/\(rawValue)"
    }

    /// Orders layers as declared.
    public static func < (lhs: Layer, rhs: Layer) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
