import StrataCore
import StrataFlux

/// A load-balancer pool's addresses are announced neither on the node network (L2) nor over BGP.
struct LbPoolUnannounced: Rule {
    static let description = RuleDescription(
        id: "net/lb-pool-unannounced",
        name: "LB Pool Unannounced",
        summary: "A CiliumLoadBalancerIPPool hands out addresses that neither L2 announcements nor BGP make reachable",
        rationale: """
            LB IPAM only allocates addresses; other features make them reachable: BGP advertises them to \
            routers and L2 announcements answer ARP for them on the local segment \
            (https://docs.cilium.io/en/stable/network/lb-ipam/). Hosts on the node subnet treat an address \
            inside it as on-link and ask for it by ARP, which nobody answers unless `l2announcements.enabled` \
            is true and a CiliumL2AnnouncementPolicy selects the Service; a BGP route on the gateway does not \
            help them. An address outside the node subnet is reachable only when a CiliumBGPAdvertisement \
            advertises `LoadBalancerIP` Service addresses.
            """,
        remediation: """
            Either move the pool to a subnet no host is on and advertise it over BGP, or enable \
            `l2announcements.enabled` in the Cilium values and add a CiliumL2AnnouncementPolicy.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("cilium.yaml", Self.cilium(l2: true)),
                    (
                        "pool.yaml",
                        """
                        apiVersion: cilium.io/v2
                        kind: CiliumLoadBalancerIPPool
                        metadata: {name: lan}
                        spec:
                          blocks:
                            - start: 10.25.11.100
                              stop: 10.25.11.149
                        ---
                        apiVersion: cilium.io/v2alpha1
                        kind: CiliumL2AnnouncementPolicy
                        metadata: {name: lan}
                        spec:
                          loadBalancerIPs: true
                        """
                    ),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("cilium.yaml", Self.cilium(l2: false)),
                    (
                        "pool.yaml",
                        """
                        apiVersion: cilium.io/v2
                        kind: CiliumLoadBalancerIPPool
                        metadata: {name: lan}
                        spec:
                          blocks:
                            - start: ↓10.25.11.100
                              stop: 10.25.11.149
                            - cidr: ↓10.25.12.0/24
                        """
                    ),
                ]
            )
        ]
    )

    private static let talos = """
        machine:
          network:
            interfaces:
              - interface: eth0
                addresses:
                  - 10.25.11.11/24
        """

    private static func cilium(l2: Bool) -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: cilium, namespace: kube-system}
        spec:
          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
          values:
            l2announcements:
              enabled: \(l2)
        """
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let pools = context.shared("CiliumPool") { CiliumPool.all(in: context) }
        guard !pools.isEmpty else { return }
        let inventory = context.shared("NetworkInventory") { NetworkInventory(context) }
        for cluster in context.clusters {
            let subnets = inventory[cluster.name].nodeSubnets
            guard !subnets.isEmpty, let cilium = inventory.cilium.first(where: { $0.cluster.name == cluster.name })
            else { continue }
            let hasL2Policy = cluster.objects.contains { $0.resource.kind == "CiliumL2AnnouncementPolicy" }
            let l2 = cilium.isTrue("l2announcements.enabled") && hasL2Policy
            let bgp = cilium.isTrue("bgpControlPlane.enabled") && advertisesLoadBalancerIPs(cluster)
            for pool in pools where pool.cluster.name == cluster.name {
                let reference = context.reference(pool.object, in: cluster)
                for block in pool.blocks {
                    if let subnet = subnets.first(where: { $0.network.range.overlaps(block.range) }) {
                        guard !l2 else { continue }
                        let why =
                            cilium.isTrue("l2announcements.enabled")
                            ? "no CiliumL2AnnouncementPolicy exists" : "'l2announcements.enabled' is not true"
                        sink.report(
                            "pool '\(pool.name)' block '\(block.range)' lies in node subnet '\(subnet.network)' of "
                                + "cluster '\(cluster.name)' but \(why), so nothing answers ARP for its addresses",
                            at: block.node.location,
                            object: reference,
                            notes: [Diagnostic.Note("node subnet", at: subnet.location)]
                        )
                    } else if !bgp {
                        sink.report(
                            "pool '\(pool.name)' block '\(block.range)' lies outside the node subnets of cluster "
                                + "'\(cluster.name)' but no BGP advertisement of LoadBalancer IPs exists",
                            at: block.node.location,
                            object: reference,
                            severity: .warning
                        )
                    }
                }
            }
        }
    }

    /// Whether a CiliumBGPAdvertisement advertises Service LoadBalancer IPs, or a BGPv1 peering policy exists.
    private func advertisesLoadBalancerIPs(_ cluster: Cluster) -> Bool {
        cluster.objects.contains { object in
            switch object.resource.kind {
            case "CiliumBGPPeeringPolicy":
                return true
            case "CiliumBGPAdvertisement":
                return (object.spec["advertisements"]?.items ?? []).contains { advert in
                    advert["advertisementType"]?.string == "Service"
                        && (advert[path: ["service", "addresses"]]?.items ?? []).contains {
                            $0.string == "LoadBalancerIP"
                        }
                }
            default:
                return false
            }
        }
    }
}
