import StrataAnalyze
import StrataFlux
import StrataYAML

/// The network plan: each cluster's subnets from Talos, Cilium and the facts, its LoadBalancer pools and BGP
/// instances, and the routers' BGP groups.
enum NetworkPlanner {
    /// One cluster's network.
    static func plan(cluster: Cluster, inventory: NetworkInventory, pools: [CiliumPool]) -> Plan.Network {
        let networks = inventory[cluster.name]
        func unique(_ values: [String]) -> [String] {
            var seen: Set<String> = []
            return values.filter { seen.insert($0).inserted }
        }
        return Plan.Network(
            nodeSubnets: unique(networks.nodeSubnets.map { $0.network.description }),
            nodeAddresses: unique(networks.nodeAddresses.map { $0.address.description }),
            podSubnets: unique(networks.pods.map { $0.network.description }),
            serviceSubnets: unique(networks.services.map { $0.network.description }),
            loadBalancerPools: pools.filter { $0.cluster.name == cluster.name }.map { pool in
                Plan.AddressPool(
                    name: pool.name,
                    blocks: pool.blocks.map { block in block.node.string ?? block.range.description }
                )
            },
            bgp: BGPTopology.ciliumInstances(in: cluster).map { instance in
                Plan.BGPInstance(
                    object: "\(instance.object.resource.kind)/\(instance.object.resource.name)",
                    localASN: instance.localASN?.string,
                    peers: instance.peers.map { Plan.Peer(address: $0.address?.string, asn: $0.asn?.string) }
                )
            }
        )
    }

    /// The routers' BGP groups.
    static func routers(_ configurations: [JunosConfig]) -> [Plan.Router] {
        configurations.map { config in
            Plan.Router(
                path: config.path,
                asn: config.autonomousSystem?.text ?? config.localAS?.text,
                groups: config.groups.map { group in
                    Plan.RouterGroup(
                        name: group.name.text,
                        localAddress: group.localAddress?.text,
                        neighbors: group.neighbors.map {
                            Plan.Peer(address: $0.address.text, asn: ($0.peerAS ?? group.peerAS)?.text)
                        }
                    )
                }
            )
        }
    }
}
