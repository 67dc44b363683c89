extension Plan {
    /// A cluster's addressing and routing: node, pod and service subnets, LoadBalancer pools, BGP.
    public struct Network: Sendable, Codable, Equatable {
        /// Node subnets.
        public var nodeSubnets: [String]
        /// Node addresses.
        public var nodeAddresses: [String]
        /// Pod CIDRs.
        public var podSubnets: [String]
        /// Service CIDRs.
        public var serviceSubnets: [String]
        /// Cilium LoadBalancer IP pools.
        public var loadBalancerPools: [AddressPool]
        /// Cilium BGP instances.
        public var bgp: [BGPInstance]

        /// Whether nothing is known.
        public var isEmpty: Bool {
            nodeSubnets.isEmpty && podSubnets.isEmpty && serviceSubnets.isEmpty && loadBalancerPools.isEmpty
                && bgp.isEmpty
        }
    }

    /// A LoadBalancer IP pool.
    public struct AddressPool: Sendable, Codable, Equatable {
        /// The pool's name.
        public var name: String
        /// Its blocks (`10.25.12.0/26`, or `start-stop`).
        public var blocks: [String]
    }

    /// A Cilium BGP instance and its peers.
    public struct BGPInstance: Sendable, Codable, Equatable {
        /// The object declaring it (`CiliumBGPClusterConfig/infra`).
        public var object: String
        /// The local ASN.
        public var localASN: String?
        /// The peers.
        public var peers: [Peer]
    }

    /// A BGP peer.
    public struct Peer: Sendable, Codable, Equatable {
        /// The peer's address.
        public var address: String?
        /// The peer's ASN.
        public var asn: String?
    }

    /// A router's BGP configuration.
    public struct Router: Sendable, Codable, Equatable {
        /// The file.
        public var path: String
        /// `routing-options autonomous-system` (or `local-as`).
        public var asn: String?
        /// The BGP groups.
        public var groups: [RouterGroup]
    }

    /// A router's BGP group.
    public struct RouterGroup: Sendable, Codable, Equatable {
        /// The group's name.
        public var name: String
        /// The local address.
        public var localAddress: String?
        /// The neighbors, each with its peer ASN.
        public var neighbors: [Peer]
    }
}
