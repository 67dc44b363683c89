import StrataPlatform
import StrataYAML

/// OpenEBS local path volumes on every cluster, on the disk each node mounts at the spec's base path.
public struct LocalPath: PlatformComponent {
    /// The provisioner's namespace.
    public static let namespace = "openebs"

    /// Creates the component.
    public init() {}

    /// Adds the chart, whose StorageClass is configured from the spec, to `operators`.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard let version = context.version(of: "localpv-provisioner"),
            let source = ChartSource.all["localpv-provisioner"]
        else { return }
        plan.addSource(for: source)
        let local = context.spec.storage.localPath
        let values: YAMLNode = [
            "localpv": ["basePath": "\(local.basePath)"],
            "hostpathClass": [
                "enabled": true,
                "name": "\(local.storageClass.name)",
                "isDefaultClass": .bool(local.storageClass.isDefault),
                "reclaimPolicy": "\(local.storageClass.reclaimPolicy)",
                "basePath": "\(local.basePath)",
            ],
            "analytics": ["enabled": false],
        ]
        let release = Manifests.helmRelease(
            name: "localpv-provisioner",
            namespace: Self.namespace,
            source: source,
            version: version,
            values: values
        )
        // The provisioner's helper pods create volume directories through hostPath mounts, which the
        // baseline Pod Security level Talos enforces refuses.
        let namespace = Manifests.namespace(
            Self.namespace,
            labels: [
                ("pod-security.kubernetes.io/enforce", "privileged"),
                ("pod-security.kubernetes.io/audit", "privileged"),
                ("pod-security.kubernetes.io/warn", "privileged"),
            ]
        )
        plan.add(
            [namespace, release],
            to: .operators,
            file: "localpv-provisioner.yaml",
            comment:
                "The chart creates the StorageClass; volumes live under \(local.basePath) on each node's local disk."
        )
    }
}
