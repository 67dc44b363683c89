extension SpecCheck {
    /// A range of the platform's address plan.
    private struct NamedRange {
        var network: IPv4Network
        var name: String
        var path: String
        var isNodeSubnet = false
        var isLoadBalancerPool = false
    }

    /// An address some device owns on the node subnet.
    private struct NamedAddress {
        var address: IPv4Address
        var name: String
        var path: String
        var isEndpoint = false
    }

    mutating func checkNetwork() {
        checkRanges()
        checkAddresses()
        checkIdentities()
        checkPodCapacity()
        checkTimers()
    }

    /// No two ranges overlap, and no LoadBalancer pool sits on the node subnet.
    private mutating func checkRanges() {
        var ranges: [NamedRange] = []
        if let subnet = IPv4Network(spec.network.nodeSubnet) {
            ranges.append(
                NamedRange(network: subnet, name: "the node subnet", path: "network.nodeSubnet", isNodeSubnet: true)
            )
        }
        for (i, cluster) in spec.clusters.enumerated() {
            if let pods = IPv4Network(cluster.podCIDR) {
                ranges.append(
                    NamedRange(
                        network: pods,
                        name: "the pod CIDR of cluster '\(cluster.name)'",
                        path: "clusters[\(i)].podCIDR"
                    )
                )
            }
            if let services = IPv4Network(cluster.serviceCIDR) {
                ranges.append(
                    NamedRange(
                        network: services,
                        name: "the service CIDR of cluster '\(cluster.name)'",
                        path: "clusters[\(i)].serviceCIDR"
                    )
                )
            }
            for (j, pool) in cluster.loadBalancerPools.enumerated() {
                guard let network = IPv4Network(pool) else { continue }
                ranges.append(
                    NamedRange(
                        network: network,
                        name: "LoadBalancer pool '\(pool)' of cluster '\(cluster.name)'",
                        path: "clusters[\(i)].loadBalancerPools[\(j)]",
                        isLoadBalancerPool: true
                    )
                )
            }
        }
        for (j, later) in ranges.enumerated() {
            for earlier in ranges[..<j] where earlier.network.overlaps(later.network) {
                if earlier.isNodeSubnet && later.isLoadBalancerPool {
                    report(
                        "unreachable-lb-pool",
                        "\(later.name) lies inside the node subnet '\(earlier.network)': hosts there ARP for its "
                            + "addresses and nothing answers (Cilium's L2 announcements are off and the router "
                            + "does not proxy-ARP), so the services are unreachable from the node network; move "
                            + "the pool to a range outside the node subnet, which BGP routes through the router",
                        at: later.path,
                        notes: [("the node subnet is here", earlier.path)]
                    )
                } else {
                    report(
                        "overlapping-cidrs",
                        "\(later.name) ('\(later.network)') overlaps \(earlier.name) ('\(earlier.network)'); "
                            + "routing and ClusterMesh need every range of the platform to be distinct, so move "
                            + "one of them",
                        at: later.path,
                        notes: [("the other range is here", earlier.path)]
                    )
                }
            }
        }
    }

    /// Node, endpoint, gateway and router addresses are usable addresses of the node subnet, each owned once.
    private mutating func checkAddresses() {
        var owners: [NamedAddress] = []
        if let router = IPv4Address(spec.router.address) {
            owners.append(NamedAddress(address: router, name: "the router", path: "router.address"))
        }
        if let gateway = IPv4Address(spec.network.gateway), spec.network.gateway != spec.router.address {
            owners.append(NamedAddress(address: gateway, name: "the gateway", path: "network.gateway"))
        }
        // Endpoints come last, so a clash with a node is reported at the endpoint, the address to change.
        for (i, cluster) in spec.clusters.enumerated() {
            for (j, node) in cluster.nodes.enumerated() {
                guard let address = IPv4Address(node.address) else { continue }
                owners.append(
                    NamedAddress(
                        address: address,
                        name: "node '\(node.name)'",
                        path: "clusters[\(i)].nodes[\(j)].address"
                    )
                )
            }
        }
        for (i, cluster) in spec.clusters.enumerated() {
            guard let endpoint = IPv4Address(cluster.endpoint) else { continue }
            owners.append(
                NamedAddress(
                    address: endpoint,
                    name: "the API endpoint of cluster '\(cluster.name)'",
                    path: "clusters[\(i)].endpoint",
                    isEndpoint: true
                )
            )
        }
        if let subnet = IPv4Network(spec.network.nodeSubnet) {
            var onLink = owners
            if let gateway = IPv4Address(spec.network.gateway), spec.network.gateway == spec.router.address {
                onLink.append(NamedAddress(address: gateway, name: "the gateway", path: "network.gateway"))
            }
            for owner in onLink {
                if !subnet.contains(owner.address) {
                    report(
                        "address-outside-subnet",
                        "\(owner.name) ('\(owner.address)') is outside the node subnet '\(subnet)'; nodes, API "
                            + "endpoints, the gateway and the router's peering address share that layer-2 network, "
                            + "so pick an address inside it",
                        at: owner.path,
                        notes: [("the node subnet is here", "network.nodeSubnet")]
                    )
                } else if subnet.prefixLength <= 30, owner.address == subnet.first || owner.address == subnet.last {
                    let which = owner.address == subnet.first ? "network" : "broadcast"
                    report(
                        "address-outside-subnet",
                        "\(owner.name) ('\(owner.address)') is the \(which) address of the node subnet '\(subnet)', "
                            + "which no host can use; pick another address",
                        at: owner.path
                    )
                }
            }
        }
        for (j, later) in owners.enumerated() {
            guard let earlier = owners[..<j].first(where: { $0.address == later.address }) else { continue }
            let reason =
                later.isEndpoint || earlier.isEndpoint
                ? "an API endpoint is a virtual IP that moves between control-plane nodes, so no machine may own it"
                : "two devices cannot share an address"
            report(
                "duplicate-address",
                "\(later.name) uses '\(later.address)', already the address of \(earlier.name); \(reason); pick a "
                    + "free address on the node subnet",
                at: later.path,
                notes: [("first used here", earlier.path)]
            )
        }
    }

    /// Cluster and node names, Cilium ids and ASNs are unique.
    private mutating func checkIdentities() {
        var clusterNames: [String: Int] = [:]
        var ids: [Int: Int] = [:]
        var asns: [Int: (name: String, path: String)] = [spec.router.asn: ("the router", "router.asn")]
        var nodeNames: [String: String] = [:]
        for (i, cluster) in spec.clusters.enumerated() {
            if let first = clusterNames[cluster.name] {
                report(
                    "duplicate-name",
                    "cluster name '\(cluster.name)' is used twice; names become directories and Cilium's "
                        + "cluster.name, so each must be unique",
                    at: "clusters[\(i)].name",
                    notes: [("first used here", "clusters[\(first)].name")]
                )
            } else {
                clusterNames[cluster.name] = i
            }
            if let first = ids[cluster.id] {
                report(
                    "duplicate-cluster-id",
                    "Cilium cluster id \(cluster.id) of cluster '\(cluster.name)' is already used by cluster "
                        + "'\(spec.clusters[first].name)'; ClusterMesh tells clusters apart by id, so give each a "
                        + "unique id from 1 to 255",
                    at: "clusters[\(i)].id",
                    notes: [("first used here", "clusters[\(first)].id")]
                )
            } else {
                ids[cluster.id] = i
            }
            if let first = asns[cluster.asn] {
                report(
                    "duplicate-asn",
                    "ASN \(cluster.asn) of cluster '\(cluster.name)' is already used by \(first.name); each cluster "
                        + "peers with the router over eBGP as its own AS, and a router drops routes whose path "
                        + "holds its own AS, so give each cluster and the router a distinct ASN",
                    at: "clusters[\(i)].asn",
                    notes: [("first used here", first.path)]
                )
            } else {
                asns[cluster.asn] = ("cluster '\(cluster.name)'", "clusters[\(i)].asn")
            }
            for (j, node) in cluster.nodes.enumerated() {
                let path = "clusters[\(i)].nodes[\(j)].name"
                if let first = nodeNames[node.name] {
                    report(
                        "duplicate-name",
                        "node name '\(node.name)' is used twice; hostnames share one network and name the Talos "
                            + "patches, so each must be unique",
                        at: path,
                        notes: [("first used here", first)]
                    )
                } else {
                    nodeNames[node.name] = path
                }
            }
        }
    }

    /// Pod CIDRs hold a /24 for every node; service CIDRs are no larger than Kubernetes allows.
    private mutating func checkPodCapacity() {
        for (i, cluster) in spec.clusters.enumerated() {
            if let pods = IPv4Network(cluster.podCIDR) {
                let blocks = pods.prefixLength <= 24 ? 1 << (24 - pods.prefixLength) : 0
                if blocks < cluster.nodes.count {
                    report(
                        "pod-cidr-too-small",
                        "the pod CIDR '\(pods)' of cluster '\(cluster.name)' holds \(blocks) node range"
                            + "\(blocks == 1 ? "" : "s") of /24 but the cluster has \(cluster.nodes.count) nodes; "
                            + "Kubernetes gives each node a /24, so widen the CIDR",
                        at: "clusters[\(i)].podCIDR"
                    )
                }
            }
            if let services = IPv4Network(cluster.serviceCIDR), services.prefixLength < 12 {
                report(
                    "service-cidr-too-large",
                    "the service CIDR '\(services)' of cluster '\(cluster.name)' is larger than the API server "
                        + "accepts (at most a /12); narrow it",
                    at: "clusters[\(i)].serviceCIDR"
                )
            }
        }
    }

    /// Three keepalives fit in the hold time.
    private mutating func checkTimers() {
        let bgp = spec.bgp
        guard bgp.keepaliveSeconds * 3 > bgp.holdTimeSeconds else { return }
        report(
            "bgp-timers",
            "the BGP keepalive (\(bgp.keepaliveSeconds)s) is more than a third of the hold time "
                + "(\(bgp.holdTimeSeconds)s), so one lost keepalive can drop the sessions; use a keepalive of at "
                + "most \(bgp.holdTimeSeconds / 3)s",
            at: "bgp.keepaliveSeconds",
            notes: [("the hold time is here", "bgp.holdTimeSeconds")]
        )
    }
}
