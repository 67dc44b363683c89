public import StrataPlatform

/// The router's BGP configuration as Junos `set` commands (`router/<model>.conf`): one external group per
/// cluster, an import policy limited to that cluster's pod CIDR and LoadBalancer pools, an export policy
/// that sends nothing, and per-flow ECMP across the nodes.
public struct Router: PlatformComponent {
    /// The node pod CIDR size Kubernetes allocates by default (`--node-cidr-mask-size`).
    static let nodeCIDRLength = 24

    /// Creates the component.
    public init() {}

    /// The configuration file's path.
    public static func path(_ router: RouterSpec) -> String { "router/\(router.model).conf" }

    /// The BGP group of a cluster.
    public static func groupName(_ cluster: ClusterSpec) -> String { "cilium-\(cluster.name)" }

    /// The import policy of a cluster.
    public static func importPolicyName(_ cluster: ClusterSpec) -> String { "cilium-\(cluster.name)-import" }

    /// The route filters a cluster's import policy accepts: its pod CIDR down to node blocks, and its pools
    /// down to single addresses.
    public static func routeFilters(for cluster: ClusterSpec) -> (pods: [String], pools: [String]) {
        let podLength = max(nodeCIDRLength, CiliumNetworkAddressing.prefixLength(of: cluster.podCIDR) ?? 32)
        return (
            ["\(cluster.podCIDR) upto /\(podLength)"],
            cluster.loadBalancerPools.map { "\($0) orlonger" }
        )
    }

    /// The most prefixes a cluster may announce: one pod block per node and every pool address.
    public static func prefixLimit(for cluster: ClusterSpec) -> UInt64 {
        let pools = cluster.loadBalancerPools.compactMap(CiliumNetworkAddressing.Prefix.init).map(\.size)
        return UInt64(cluster.nodes.count) + pools.reduce(0, +)
    }

    /// The configuration text.
    public static func configuration(for spec: PlatformSpec) -> String {
        let router = spec.router
        var lines: [String] = [
            String(GeneratedRepository.header.dropLast()),
            "# \(router.model): eBGP with the Cilium agents of every cluster.",
            "set routing-options router-id \(router.routerID)",
            "set routing-options autonomous-system \(router.asn)",
        ]
        if spec.bgp.gracefulRestart { lines.append("set routing-options graceful-restart") }
        lines += [
            "",
            "# Install every node's path to an address (multipath) and spread flows over them: on Junos,",
            "# load-balance per-packet in the forwarding table means per flow.",
            "set policy-options policy-statement ecmp then load-balance per-packet",
            "set routing-options forwarding-table export ecmp",
            "",
            "# The nodes install no routes they learn (Cilium's BGP does not program the datapath): send them none.",
            "set policy-options policy-statement cilium-export term reject-all then reject",
        ]
        for cluster in spec.clusters {
            let policy = importPolicyName(cluster)
            let group = groupName(cluster)
            let filters = routeFilters(for: cluster)
            lines += ["", "# \(cluster.name): accept only its pod CIDR blocks and LoadBalancer addresses."]
            for filter in filters.pods {
                lines.append("set policy-options policy-statement \(policy) term pods from route-filter \(filter)")
            }
            lines.append("set policy-options policy-statement \(policy) term pods then accept")
            if !filters.pools.isEmpty {
                for filter in filters.pools {
                    lines.append(
                        "set policy-options policy-statement \(policy) term load-balancers from route-filter \(filter)"
                    )
                }
                lines.append("set policy-options policy-statement \(policy) term load-balancers then accept")
            }
            lines.append("set policy-options policy-statement \(policy) term reject-rest then reject")
            let prefix = "set protocols bgp group \(group)"
            lines += [
                "\(prefix) type external",
                "\(prefix) peer-as \(cluster.asn)",
                "\(prefix) local-address \(router.address)",
                "\(prefix) hold-time \(spec.bgp.holdTimeSeconds)",
                "\(prefix) import \(policy)",
                "\(prefix) export cilium-export",
                "\(prefix) family inet unicast prefix-limit maximum \(prefixLimit(for: cluster))",
            ]
            if spec.bgp.multipath { lines.append("\(prefix) multipath") }
            if spec.bgp.gracefulRestart { lines.append("\(prefix) graceful-restart") }
            for node in cluster.nodes { lines.append("\(prefix) neighbor \(node.address)") }
        }
        lines += [
            "",
            "# The node-facing interface must be in zone trust for the sessions to reach the routing engine.",
            "set security zones security-zone trust host-inbound-traffic protocols bgp",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the router's configuration.
    public func contribute(to repository: inout GeneratedRepository, in context: GenerationContext) {
        repository.write(Self.path(context.spec.router), text: Self.configuration(for: context.spec))
    }
}
