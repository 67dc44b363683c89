import StrataCore
import StrataFlux

/// The router uses eBGP multihop toward cluster peers on its own subnet.
struct RouterMultihop: Rule {
    static let description = RuleDescription(
        id: "net/router-multihop",
        name: "Router Multihop",
        summary: "A router's BGP group uses multihop toward cluster peers that are directly connected",
        rationale: """
            Cilium sends eBGP with a TTL of 1 and advises against changing it \
            (cilium/cilium `Documentation/network/bgp-control-plane/bgp-control-plane-v2.rst`, "eBGP \
            Multihop"). For neighbors on the router's own subnet multihop is unnecessary and turns off the \
            directly-connected check that keeps sessions from forming over unexpected paths.
            """,
        remediation: "Remove `multihop` from the group when its neighbors share a subnet with the router.",
        severity: .warning,
        passing: [
            Example(
                files: [
                    (
                        "router/srx.conf",
                        """
                        set protocols bgp group cilium type external
                        set protocols bgp group cilium local-address 10.25.11.1
                        set protocols bgp group cilium neighbor 10.25.11.11 peer-as 65001
                        """
                    ),
                    ("talos/patch.yaml", BgpPeerMismatch.talos),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "router/srx.conf",
                        """
                        set protocols bgp group cilium type external
                        set protocols bgp group cilium ↓multihop ttl 2
                        set protocols bgp group cilium local-address 10.25.11.1
                        set protocols bgp group cilium neighbor 10.25.11.11 peer-as 65001
                        """
                    ),
                    ("talos/patch.yaml", BgpPeerMismatch.talos),
                ]
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = context.shared("NetworkInventory") { NetworkInventory(context) }
        let subnets = context.clusters.flatMap { inventory[$0.name].nodeSubnets.map(\.network) }
        guard !subnets.isEmpty else { return }
        for router in JunosConfig.shared(in: context) {
            for group in router.groups {
                guard let multihop = group.multihop, let local = group.localAddress.flatMap({ IPAddress($0.text) }),
                    let subnet = subnets.first(where: { $0.contains(local) }), !group.neighbors.isEmpty,
                    group.neighbors.allSatisfy({ $0.parsedAddress.map(subnet.contains) ?? false })
                else { continue }
                sink.report(
                    "BGP group '\(group.name.text)' uses multihop although its neighbors share subnet "
                        + "'\(subnet)' with the router",
                    at: multihop.location
                )
            }
        }
    }
}
