public import StrataPlatform

/// The names, addresses and sizes the metrics components share, derived once from the spec.
///
/// Every cluster reaches the metrics cluster's vminsert by the same local Service name: on the metrics
/// cluster it is the operator's own Service, elsewhere a ClusterMesh global Service of the same name and
/// namespace with no local endpoints.
public struct VictoriaMetricsTopology: Sendable, Equatable {
    /// The namespace every VictoriaMetrics object lives in.
    public let namespace = "monitoring"
    /// The VMCluster's name.
    public let clusterName = "vmcluster"
    /// The VMAgent's name in every cluster.
    public let agentName = "vmagent"
    /// The VMAlert's name.
    public let alertName = "vmalert"
    /// The VMAlertmanager's name.
    public let alertmanagerName = "alertmanager"
    /// The VMAuth's name.
    public let authName = "vmauth"
    /// vminsert's HTTP port, the operator's default.
    public let insertPort = 8480
    /// vmselect's HTTP port, the operator's default.
    public let selectPort = 8481
    /// Alertmanager's port, the operator's default.
    public let alertmanagerPort = 9093
    /// The name the operator gives the HTTP port of every Service it creates.
    public let httpPortName = "http"
    /// The tenant every cluster writes to and reads from.
    public let tenant = 0

    /// The cluster that runs the VMCluster, when the spec names one that exists.
    public let metricsCluster: ClusterSpec?
    /// The spec's metrics sizing.
    public let metrics: MetricsSpec

    /// Derives the topology from a generation context.
    public init(context: GenerationContext) {
        metricsCluster = context.metricsCluster
        metrics = context.spec.metrics
    }

    /// The vminsert Service the operator creates for the VMCluster (`vminsert-<name>`).
    public var insertServiceName: String { "vminsert-\(clusterName)" }
    /// The vmselect Service the operator creates for the VMCluster (`vmselect-<name>`).
    public var selectServiceName: String { "vmselect-\(clusterName)" }
    /// The Alertmanager Service the operator creates (`vmalertmanager-<name>`).
    public var alertmanagerServiceName: String { "vmalertmanager-\(alertmanagerName)" }

    /// vminsert's base URL, the same in every cluster.
    public var insertURL: String { "http://\(insertServiceName).\(namespace).svc:\(insertPort)" }
    /// vmselect's base URL on the metrics cluster.
    public var selectURL: String { "http://\(selectServiceName).\(namespace).svc:\(selectPort)" }
    /// The Prometheus-compatible write path of the tenant (VMAlert appends `/api/v1/write` itself).
    public var insertPrometheusURL: String { "\(insertURL)/insert/\(tenant)/prometheus" }
    /// The remote-write endpoint VMAgents send to.
    public var remoteWriteURL: String { "\(insertPrometheusURL)/api/v1/write" }
    /// The Prometheus-compatible query endpoint of the tenant, for VMAlert and Grafana.
    public var queryURL: String { "\(selectURL)/select/\(tenant)/prometheus" }
    /// Alertmanager's URL on the metrics cluster.
    public var alertmanagerURL: String {
        "http://\(alertmanagerServiceName).\(namespace).svc:\(alertmanagerPort)"
    }

    /// Whether a cluster is the one running the VMCluster.
    public func isMetricsCluster(_ cluster: ClusterSpec) -> Bool { cluster.name == metricsCluster?.name }

    /// The StorageClass of the metrics cluster's persistent volumes: the default Ceph block class (or the
    /// first pool's) when the cluster has Ceph, otherwise the local path class.
    public static func storageClass(for cluster: ClusterSpec, storage: StorageSpec) -> String {
        guard cluster.ceph != .none else { return storage.localPath.storageClass.name }
        let pools = storage.ceph.pools
        if let pool = pools.first(where: { $0.storageClass.isDefault }) ?? pools.first {
            return pool.storageClass.name
        }
        return storage.ceph.filesystem?.storageClass.name ?? storage.localPath.storageClass.name
    }

    /// A byte count as a Kubernetes quantity, in the largest binary unit that divides it exactly.
    public static func quantity(bytes: Int64) -> String {
        let units: [(String, Int64)] = [("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        for (suffix, size) in units where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return "\(bytes)"
    }

    /// The memory each vmstorage node requests: room for its share of the active series (each replicated
    /// `replicationFactor` times, spread over the nodes) at about 4 KiB per series of caches and
    /// in-memory parts, never below 512 MiB.
    public var storageMemoryRequestBytes: Int64 {
        let nodes = Int64(max(metrics.storageReplicas, 1))
        let perNode = (Int64(metrics.seriesEstimate) * Int64(max(metrics.replicationFactor, 1)) + nodes - 1) / nodes
        let mebibyte: Int64 = 1 << 20
        let wanted = perNode * 4096
        let rounded = (wanted + mebibyte * 64 - 1) / (mebibyte * 64) * (mebibyte * 64)
        return max(rounded, 512 * mebibyte)
    }
}
