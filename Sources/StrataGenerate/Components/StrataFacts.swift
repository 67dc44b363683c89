public import StrataPlatform
public import StrataYAML

/// `strata.yaml` at the repository root: the clusters (so `strata check` needs no discovery) and the facts
/// the repository cannot hold (node hardware, networks, recovery objectives, metrics load), from the spec.
public struct StrataFacts: PlatformComponent {
    /// Creates the component.
    public init() {}

    /// The configuration document.
    public static func configuration(for spec: PlatformSpec) -> YAMLNode {
        var facts: YAMLNode = [
            "nodes": .sequence(spec.clusters.flatMap { cluster in cluster.nodes.map { node(node: $0, in: cluster) } }),
            "networks": .sequence(spec.clusters.map { network(of: $0, in: spec) }),
        ]
        if !spec.objectives.isEmpty {
            facts.set("objectives", .sequence(spec.objectives.map(objective)))
        }
        facts.set(
            "metrics",
            [
                "cluster": "\(spec.metrics.cluster)",
                "activeSeries": .int(spec.metrics.seriesEstimate),
                "scrapeInterval": "\(spec.metrics.scrapeInterval)",
            ]
        )
        facts.set("restoreThroughput", .string(quantity(spec.backups.objectStore.restoreThroughputBytes)))
        return [
            "version": 1,
            "clusters": .mapping(spec.clusters.map { ($0.name, .string(FluxBootstrap.clusterDirectory($0))) }),
            "facts": facts,
        ]
    }

    private static func node(node: NodeSpec, in cluster: ClusterSpec) -> YAMLNode {
        // The system disk holds Talos; only the data disks (Ceph, local volumes) are capacity.
        let disks = node.disks.filter { $0.use != .system }.map { disk -> YAMLNode in
            ["device": .string(Talos.devicePath(disk.device)), "size": .string(quantity(disk.sizeBytes))]
        }
        return [
            "cluster": "\(cluster.name)",
            "name": "\(node.name)",
            "memory": .string(quantity(node.memoryBytes)),
            "cpu": .int(node.cpus),
            "disks": .sequence(disks),
        ]
    }

    private static func network(of cluster: ClusterSpec, in spec: PlatformSpec) -> YAMLNode {
        [
            "cluster": "\(cluster.name)",
            "nodeSubnets": [.string(spec.network.nodeSubnet)],
            "nodeAddresses": .sequence(cluster.nodes.map { .string($0.address) }),
            "gateway": "\(spec.network.gateway)",
            "podSubnets": [.string(cluster.podCIDR)],
            "serviceSubnets": [.string(cluster.serviceCIDR)],
        ]
    }

    private static func objective(_ objective: RecoveryObjective) -> YAMLNode {
        var node: YAMLNode = [:]
        if let cluster = objective.cluster { node.set("cluster", .string(cluster)) }
        node.set("scenario", .string(objective.scenario))
        node.set("rpo", .string(duration(objective.rpoSeconds)))
        node.set("rto", .string(duration(objective.rtoSeconds)))
        return node
    }

    /// A byte count with the largest unit that divides it exactly (`64Gi`, `1T`).
    public static func quantity(_ bytes: Int64) -> String {
        let units: [(String, Int64)] = [
            ("Ti", 1 << 40), ("T", 1_000_000_000_000), ("Gi", 1 << 30), ("G", 1_000_000_000), ("Mi", 1 << 20),
            ("M", 1_000_000),
        ]
        for (suffix, factor) in units where bytes > 0 && bytes % factor == 0 { return "\(bytes / factor)\(suffix)" }
        return String(bytes)
    }

    /// Seconds as the largest whole unit (`24h`, `30m`, `0s`).
    public static func duration(_ seconds: Int) -> String {
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    /// Writes `strata.yaml`.
    public func contribute(to repository: inout GeneratedRepository, in context: GenerationContext) {
        repository.write(
            "strata.yaml",
            documents: [Self.configuration(for: context.spec)],
            comment: "What `strata check` and `strata plan` cannot read from the manifests, from the same spec."
        )
    }
}
