import StrataCore
import StrataFlux
import StrataYAML

/// What is known of each cluster's networks, gathered from Talos configuration, Cilium values and
/// `strata.yaml`'s `facts.networks`.
///
/// `facts.networks` is a list of entries, each optionally naming a `cluster` (absent: every cluster), with
/// `nodeSubnets`, `nodeAddresses`, `gateway`, `podSubnets` and `serviceSubnets` (one value or a list).
package struct NetworkInventory: Sendable {
    /// A CIDR and the node that declares it.
    package struct Prefix: Sendable {
        package var network: IPNetwork
        package var location: SourceLocation?
        /// Where it comes from, for messages ("Talos podSubnets").
        package var source: String
    }

    /// An address and the node that declares it.
    package struct Address: Sendable {
        package var address: IPAddress
        package var location: SourceLocation?
        package var source: String
    }

    /// One cluster's networks.
    package struct ClusterNetworks: Sendable {
        package var pods: [Prefix] = []
        package var services: [Prefix] = []
        package var nodeSubnets: [Prefix] = []
        package var nodeAddresses: [Address] = []
        package var gateways: [Address] = []
        /// Talos virtual IPs, the API endpoint's shared address.
        package var virtualIPs: [Address] = []
    }

    /// The Talos documents found.
    var talos: [TalosPatch]
    /// The Cilium installations found.
    var cilium: [CiliumInstall]
    /// Networks by cluster name.
    var clusters: [String: ClusterNetworks]

    /// Gathers everything once.
    package init(_ context: AnalysisContext) {
        talos = context.shared("TalosPatch") { TalosPatch.all(in: context) }
        cilium = context.shared("CiliumInstall") { CiliumInstall.all(in: context) }
        clusters = [:]
        for cluster in context.clusters {
            var networks = ClusterNetworks()
            let patches = TalosPatch.patches(talos, for: cluster.name)
            let install = cilium.first { $0.cluster.name == cluster.name }
            // Cilium's own pool is the pod CIDR unless it defers to the Kubernetes node CIDRs.
            let pool = install?.clusterPoolCIDRs ?? []
            for (network, node) in pool {
                networks.pods.append(Prefix(network: network, location: node.location, source: "Cilium cluster pool"))
            }
            for patch in patches {
                if pool.isEmpty {
                    for (network, node) in CiliumInstall.networks(.sequence(patch.podSubnets)) {
                        networks.pods.append(
                            Prefix(network: network, location: node.location, source: "Talos podSubnets")
                        )
                    }
                }
                for (network, node) in CiliumInstall.networks(.sequence(patch.serviceSubnets)) {
                    networks.services.append(
                        Prefix(network: network, location: node.location, source: "Talos serviceSubnets")
                    )
                }
                for entry in patch.addresses {
                    networks.nodeSubnets.append(
                        Prefix(network: entry.subnet, location: entry.node.location, source: "Talos node address")
                    )
                    if let address = entry.address {
                        networks.nodeAddresses.append(
                            Address(address: address, location: entry.node.location, source: "Talos node address")
                        )
                    }
                }
                for gateway in patch.gateways {
                    networks.gateways.append(
                        Address(address: gateway.address, location: gateway.node.location, source: "Talos route")
                    )
                }
                for vip in patch.virtualIPs {
                    networks.virtualIPs.append(
                        Address(address: vip.address, location: vip.node.location, source: "Talos VIP")
                    )
                }
            }
            for entry in context.facts.raw?["networks"]?.items ?? [] {
                if let name = entry["cluster"]?.string, name != cluster.name { continue }
                Self.addFacts(entry, to: &networks)
            }
            networks.nodeSubnets = Self.unique(networks.nodeSubnets)
            clusters[cluster.name] = networks
        }
    }

    private static func addFacts(_ entry: YAMLNode, to networks: inout ClusterNetworks) {
        func prefixes(_ key: String) -> [Prefix] {
            CiliumInstall.networks(entry[key]).map {
                Prefix(network: $0.network, location: $0.node.location, source: "facts")
            }
        }
        func addresses(_ key: String) -> [Address] {
            let node = entry[key]
            return (node?.items ?? node.map { [$0] } ?? []).compactMap { item in
                item.string.flatMap(IPAddress.init).map {
                    Address(address: $0, location: item.location, source: "facts")
                }
            }
        }
        networks.pods += prefixes("podSubnets")
        networks.services += prefixes("serviceSubnets")
        networks.nodeSubnets += prefixes("nodeSubnets")
        networks.nodeAddresses += addresses("nodeAddresses")
        networks.gateways += addresses("gateway")
    }

    private static func unique(_ prefixes: [Prefix]) -> [Prefix] {
        var seen: Set<IPNetwork> = []
        return prefixes.filter { seen.insert($0.network).inserted }
    }

    /// The networks of a cluster (empty when nothing is known).
    package subscript(cluster: String) -> ClusterNetworks { clusters[cluster] ?? ClusterNetworks() }
}
