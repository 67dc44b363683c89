public import StrataPlatform
public import StrataYAML

/// The `network` layer: Cilium's LoadBalancer pools and its BGP peering with the router (`cilium.io/v2`).
///
/// The pools sit outside the node subnet and are reachable only through the routes BGP gives the router,
/// so every pool is advertised, together with the pod CIDRs the router's import policy accepts.
public struct CiliumNetwork: PlatformComponent {
    /// The label the peer configuration selects advertisements by.
    static let advertisementLabel = (key: "strata.dev/advertise", value: "bgp")

    /// Creates the component.
    public init() {}

    /// The CiliumLoadBalancerIPPool of a cluster.
    public static func pool(for cluster: ClusterSpec) -> YAMLNode {
        [
            "apiVersion": "cilium.io/v2",
            "kind": "CiliumLoadBalancerIPPool",
            "metadata": ["name": "\(cluster.name)-pool"],
            // No serviceSelector: the cluster has this one pool, and a selector matching nothing leaves every
            // LoadBalancer Service pending.
            "spec": ["blocks": .sequence(cluster.loadBalancerPools.map { ["cidr": .string($0)] })],
        ]
    }

    /// The name of the peer configuration for the router.
    public static func peerConfigName(_ router: RouterSpec) -> String { "\(router.model)-peer" }

    /// The BGP objects of a cluster: cluster config, peer config and advertisement.
    public static func bgpObjects(for cluster: ClusterSpec, in spec: PlatformSpec) -> [YAMLNode] {
        let router = spec.router
        let peerName = peerConfigName(router)
        let clusterConfig: YAMLNode = [
            "apiVersion": "cilium.io/v2",
            "kind": "CiliumBGPClusterConfig",
            "metadata": ["name": "\(cluster.name)"],
            "spec": [
                // Every node peers: each announces its own pod CIDR and the LoadBalancer addresses it serves.
                "nodeSelector": ["matchLabels": ["kubernetes.io/os": "linux"]],
                "bgpInstances": [
                    [
                        "name": "\(cluster.name)-\(cluster.asn)",
                        "localASN": .int(cluster.asn),
                        // No localPort: the agents dial the router, so they need no privileged port 179.
                        "peers": [
                            [
                                "name": "\(router.model)",
                                "peerASN": .int(router.asn),
                                "peerAddress": "\(router.address)",
                                "peerConfigRef": ["name": "\(peerName)"],
                            ]
                        ],
                    ]
                ],
            ],
        ]
        var peerSpec: YAMLNode = [
            "timers": [
                "holdTimeSeconds": .int(spec.bgp.holdTimeSeconds),
                "keepAliveTimeSeconds": .int(spec.bgp.keepaliveSeconds),
            ]
        ]
        peerSpec.set("gracefulRestart", ["enabled": .bool(spec.bgp.gracefulRestart)])
        peerSpec.set(
            "families",
            [
                [
                    "afi": "ipv4",
                    "safi": "unicast",
                    "advertisements": [
                        "matchLabels": [advertisementLabel.key: .string(advertisementLabel.value)]
                    ],
                ]
            ]
        )
        let peerConfig: YAMLNode = [
            "apiVersion": "cilium.io/v2",
            "kind": "CiliumBGPPeerConfig",
            "metadata": ["name": "\(peerName)"],
            "spec": peerSpec,
        ]
        let advertisement: YAMLNode = [
            "apiVersion": "cilium.io/v2",
            "kind": "CiliumBGPAdvertisement",
            "metadata": [
                "name": "\(cluster.name)",
                "labels": [advertisementLabel.key: .string(advertisementLabel.value)],
            ],
            "spec": [
                "advertisements": [
                    ["advertisementType": "PodCIDR"],
                    [
                        "advertisementType": "Service",
                        "service": ["addresses": ["LoadBalancerIP"]],
                        // Selects every Service (an absent selector selects none): a LoadBalancer address is
                        // reachable only once it is announced.
                        "selector": [
                            "matchExpressions": [
                                ["key": "strata.dev/bgp-announce", "operator": "NotIn", "values": ["never"]]
                            ]
                        ],
                    ],
                ]
            ],
        ]
        return [clusterConfig, peerConfig, advertisement]
    }

    /// Adds the pools and the BGP objects to the cluster's `network` layer.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let cluster = plan.cluster
        if !cluster.loadBalancerPools.isEmpty {
            plan.add(
                [Self.pool(for: cluster)],
                to: .network,
                file: "lb-pool.yaml",
                comment: """
                    LoadBalancer addresses outside the node subnet \(context.spec.network.nodeSubnet): hosts there
                    reach them through the router, which learns them over BGP.
                    """
            )
        }
        plan.add(
            Self.bgpObjects(for: cluster, in: context.spec),
            to: .network,
            file: "bgp.yaml",
            comment: """
                eBGP from every node (AS \(cluster.asn)) to the \(context.spec.router.model) (AS \(context.spec.router.asn)),
                announcing the node pod CIDRs and the LoadBalancer addresses the router's import policy accepts.
                """
        )
    }
}
