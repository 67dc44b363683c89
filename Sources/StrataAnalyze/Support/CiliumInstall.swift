import StrataCore
import StrataFlux
import StrataYAML

/// A Cilium installation: a HelmRelease of the `cilium` chart in a cluster, read through its merged values.
struct CiliumInstall: Sendable {
    /// The cluster.
    var cluster: Cluster
    /// The release.
    var release: HelmReleaseInfo

    /// Every installation, in cluster order.
    static func all(in context: AnalysisContext) -> [CiliumInstall] {
        context.helmReleases(chart: "cilium").map { CiliumInstall(cluster: $0.cluster, release: $0.release) }
    }

    /// The value at a dotted path of keys, such as `cluster.id`.
    func value(_ path: String) -> YAMLNode? {
        release.values[path: path.split(separator: ".").map(String.init)]
    }

    /// Whether a value is set to true (`true` or the string `"true"`).
    func isTrue(_ path: String) -> Bool {
        guard let node = value(path) else { return false }
        return node.bool ?? (node.string == "true")
    }

    /// Whether a value is present and explicitly false.
    func isFalse(_ path: String) -> Bool {
        guard let node = value(path) else { return false }
        return node.bool == false || node.string == "false"
    }

    /// Whether Cilium replaces kube-proxy (`true`, or `strict` before 1.14).
    var replacesKubeProxy: Bool {
        guard let node = value("kubeProxyReplacement") else { return false }
        return node.bool ?? ["true", "strict"].contains(node.string ?? "")
    }

    /// Whether ClusterMesh is configured: the mesh API server or a static peer list.
    var meshes: Bool {
        isTrue("clustermesh.useAPIServer") || isTrue("clustermesh.config.enabled")
            || !(value("clustermesh.config.clusters")?.items ?? []).isEmpty
    }

    /// The IPAM mode; the chart's default is `cluster-pool`.
    var ipamMode: String { value("ipam.mode")?.string ?? "cluster-pool" }

    /// The IPv4 pod CIDRs Cilium's own IPAM hands out (cluster-pool and its list), as written.
    var clusterPoolCIDRs: [(network: IPNetwork, node: YAMLNode)] {
        guard ipamMode == "cluster-pool" else { return [] }
        return Self.networks(value("ipam.operator.clusterPoolIPv4PodCIDRList"))
            + Self.networks(value("ipam.operator.clusterPoolIPv6PodCIDRList"))
    }

    /// The CIDRs of a value that is one CIDR, a list of them, or a comma-separated string.
    static func networks(_ node: YAMLNode?) -> [(network: IPNetwork, node: YAMLNode)] {
        guard let node else { return [] }
        let entries = node.items ?? [node]
        return entries.flatMap { entry -> [(IPNetwork, YAMLNode)] in
            guard let text = entry.string else { return [] }
            return text.split(separator: ",").compactMap { part in
                IPNetwork(String(part)).map { ($0, entry) }
            }
        }
    }
}
