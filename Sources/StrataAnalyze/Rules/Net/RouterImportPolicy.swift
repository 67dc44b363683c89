import StrataCore
import StrataFlux

/// The router accepts any route the cluster's BGP peers announce.
struct RouterImportPolicy: Rule {
    static let description = RuleDescription(
        id: "net/router-import-policy",
        name: "Router Import Policy",
        summary: "A router's BGP group toward the cluster peers has no import policy",
        rationale: """
            Junos's default BGP import policy accepts every route a neighbor announces (Juniper, "Default \
            Routing Policies and Actions", \
            https://www.juniper.net/documentation/us/en/software/junos/routing-policy/topics/concept/policy-routing-policies-actions-defaults.html), \
            so any node can inject any prefix, a default route or another cluster's ranges included.
            """,
        remediation: """
            Add an `import` policy to the group that accepts only the pod CIDR and load-balancer prefixes \
            (`route-filter … upto /32`) and rejects the rest, plus a `prefix-limit`.
            """,
        severity: .warning,
        passing: [
            Example(
                files: [
                    (
                        "router/srx.conf",
                        """
                        set protocols bgp group cilium type external
                        set protocols bgp group cilium peer-as 65001
                        set protocols bgp group cilium neighbor 10.25.11.11
                        set protocols bgp group cilium import cilium-in
                        """
                    ),
                    ("bgp.yaml", BgpPeerMismatch.clusterConfig),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "router/srx.conf",
                        """
                        set protocols bgp group ↓cilium type external
                        set protocols bgp group cilium peer-as 65001
                        set protocols bgp group cilium neighbor 10.25.11.11
                        """
                    ),
                    ("bgp.yaml", BgpPeerMismatch.clusterConfig),
                ]
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let topology = BGPTopology(context, inventory: context.shared("NetworkInventory") { NetworkInventory(context) })
        for router in topology.routers {
            for group in router.groups where group.imports.isEmpty && topology.facesCluster(group) {
                sink.report(
                    "BGP group '\(group.name.text)' toward the cluster peers has no import policy, so any "
                        + "announced prefix is accepted",
                    at: group.name.location
                )
            }
        }
    }
}
