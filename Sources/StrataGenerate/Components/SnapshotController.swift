import StrataPlatform
import StrataYAML

/// The CSI snapshot controller and the VolumeSnapshot CRDs, on every cluster with Ceph volumes.
public struct SnapshotController: PlatformComponent {
    /// Creates the component.
    public init() {}

    /// Adds the chart to `operators` where the cluster provides or consumes Ceph.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard plan.cluster.ceph != .none, context.cephProvider != nil,
            let version = context.version(of: "snapshot-controller"),
            let source = ChartSource.all["snapshot-controller"]
        else { return }
        plan.addSource(for: source)
        let release = Manifests.helmRelease(
            name: "snapshot-controller",
            namespace: "kube-system",
            source: source,
            version: version,
            values: ["installCRDs": true, "controller": ["replicaCount": 2]]
        )
        plan.add(
            [release],
            to: .operators,
            file: "snapshot-controller.yaml",
            comment: "Installs the VolumeSnapshot CRDs that the Ceph snapshot classes and VolSync rely on."
        )
    }
}
