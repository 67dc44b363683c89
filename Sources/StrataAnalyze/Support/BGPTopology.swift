import StrataCore
import StrataFlux
import StrataYAML

/// The BGP sessions both sides declare: Cilium's BGP instances and peers, and the routers' groups.
package struct BGPTopology: Sendable {
    /// A Cilium BGP instance (BGPv2 `bgpInstances[]`, or a BGPv1 virtual router).
    package struct Instance: Sendable {
        package var cluster: Cluster
        package var object: ClusterObject
        package var localASN: YAMLNode?
        package var peers: [(address: YAMLNode?, asn: YAMLNode?)]
    }

    /// Cilium's instances, in cluster order.
    var instances: [Instance] = []
    /// The router configurations.
    var routers: [JunosConfig]
    /// Node subnets and addresses of every cluster, to recognise router neighbors that are nodes.
    var nodeSubnets: [IPNetwork] = []
    /// The ASNs Cilium uses locally.
    var ciliumASNs: Set<String> = []

    /// Gathers both sides.
    init(_ context: AnalysisContext, inventory: NetworkInventory) {
        routers = JunosConfig.shared(in: context)
        guard !routers.isEmpty else { return }
        for cluster in context.clusters {
            instances += Self.ciliumInstances(in: cluster)
            let networks = inventory[cluster.name]
            nodeSubnets += networks.nodeSubnets.map(\.network)
            nodeSubnets += networks.nodeAddresses.compactMap {
                IPNetwork(address: $0.address, prefixLength: $0.address.family.bitWidth)
            }
        }
        ciliumASNs = Set(instances.compactMap { $0.localASN?.string })
    }

    /// The BGP instances Cilium runs in a cluster, with their local ASN and peers.
    package static func ciliumInstances(in cluster: Cluster) -> [Instance] {
        var instances: [Instance] = []
        for object in cluster.objects where object.resource.group == "cilium.io" {
            switch object.resource.kind {
            case "CiliumBGPClusterConfig":
                for instance in object.spec["bgpInstances"]?.items ?? [] {
                    let peers = (instance["peers"]?.items ?? []).map { ($0["peerAddress"], $0["peerASN"]) }
                    instances.append(
                        Instance(cluster: cluster, object: object, localASN: instance["localASN"], peers: peers)
                    )
                }
            case "CiliumBGPPeeringPolicy":
                for router in object.spec["virtualRouters"]?.items ?? [] {
                    let peers = (router["neighbors"]?.items ?? []).map { ($0["peerAddress"], $0["peerASN"]) }
                    instances.append(
                        Instance(cluster: cluster, object: object, localASN: router["localASN"], peers: peers)
                    )
                }
            default:
                break
            }
        }
        return instances
    }

    /// Whether a router group peers with cluster nodes: a neighbor on a node subnet, or a peer AS Cilium uses.
    func facesCluster(_ group: JunosConfig.Group) -> Bool {
        group.neighbors.contains { neighbor in
            if let address = neighbor.parsedAddress, nodeSubnets.contains(where: { $0.contains(address) }) {
                return true
            }
            return (neighbor.peerAS ?? group.peerAS).map { ciliumASNs.contains($0.text) } ?? false
        }
    }

    /// A peer's address without a `/32` suffix (BGPv1 writes CIDRs).
    package static func address(_ node: YAMLNode?) -> IPAddress? {
        guard let text = node?.string else { return nil }
        return IPAddress(text) ?? IPNetwork(text).map(\.address)
    }
}
