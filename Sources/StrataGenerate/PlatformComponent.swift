public import StrataPlatform

/// One part of the platform (Cilium, Rook Ceph, VolSync…): what it adds to each cluster's layers and
/// to the repository outside them.
public protocol PlatformComponent: Sendable {
    /// Adds the component's objects to one cluster's plan.
    func contribute(to plan: inout ClusterPlan, in context: GenerationContext)
    /// Adds files outside the Flux layers (Talos patches, router configuration, documents).
    func contribute(to repository: inout GeneratedRepository, in context: GenerationContext)
}

extension PlatformComponent {
    /// Nothing per cluster by default.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {}
    /// Nothing outside the layers by default.
    public func contribute(to repository: inout GeneratedRepository, in context: GenerationContext) {}
}

/// The spec and the facts derived from it that several components need.
public struct GenerationContext: Sendable {
    /// The whole spec.
    public let spec: PlatformSpec

    /// Creates a context.
    public init(spec: PlatformSpec) {
        self.spec = spec
    }

    /// The cluster that runs Ceph, if any.
    public var cephProvider: ClusterSpec? { spec.clusters.first { $0.ceph == .provider } }

    /// The cluster that runs the VMCluster.
    public var metricsCluster: ClusterSpec? { spec.clusters.first { $0.name == spec.metrics.cluster } }

    /// The ClusterSecretStore every ExternalSecret of the platform reads from.
    public var secretStoreName: String { "onepassword" }

    /// The VolumeSnapshotClass that snapshots volumes of a Ceph StorageClass (every Ceph class has one).
    public func snapshotClassName(forStorageClass storageClass: String) -> String { "\(storageClass)-snapshot" }

    /// The pinned version of a chart; components only render charts the spec pins.
    public func version(of chart: String) -> String? { spec.versions.charts[chart] }

    /// The image of a role in `versions.images`; the decoder fills every role the spec leaves out, and a spec
    /// built in code without it gets the tested image.
    public func image(_ role: String) -> String {
        spec.versions.images[role] ?? DefaultPlatform.spec.versions.images[role] ?? role
    }
}
