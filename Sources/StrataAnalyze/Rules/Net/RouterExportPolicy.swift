import StrataCore
import StrataFlux

/// The router exports every route to the cluster's BGP peers.
struct RouterExportPolicy: Rule {
    static let description = RuleDescription(
        id: "net/router-export-policy",
        name: "Router Export Policy",
        summary: "A router's export policy toward the cluster peers accepts every route",
        rationale: """
            On Junos, `export` decides what the router sends to its neighbors; a term without `from` matches \
            every active route, so direct, static and default routes all go to the nodes (Juniper, "Default \
            Routing Policies and Actions", \
            https://www.juniper.net/documentation/us/en/software/junos/routing-policy/topics/concept/policy-routing-policies-actions-defaults.html). \
            Cilium's BGP control plane does not install received routes \
            (cilium/cilium `Documentation/network/bgp-control-plane/bgp-control-plane.rst`), so this is a \
            route leak with no benefit.
            """,
        remediation: """
            Export nothing to the cluster peers (a final `then reject` term) or only the prefixes they need, \
            each matched with `from`.
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
                        set protocols bgp group cilium export reject-all
                        set policy-options policy-statement reject-all term all then reject
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
                        set protocols bgp group cilium type external
                        set protocols bgp group cilium peer-as 65001
                        set protocols bgp group cilium neighbor 10.25.11.11
                        set protocols bgp group cilium export bgp-export-policy
                        set policy-options policy-statement bgp-export-policy term accept-all then ↓accept
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
            var reported: Set<String> = []
            for group in router.groups where topology.facesCluster(group) {
                for export in group.exports {
                    for term in router.policies[export.text] ?? [] where !term.hasFrom {
                        guard let accept = term.accept, reported.insert(export.text + "/" + term.name).inserted else {
                            continue
                        }
                        sink.report(
                            "export policy '\(export.text)' term '\(term.name)' accepts every route toward the "
                                + "cluster peers of group '\(group.name.text)'",
                            at: accept.location,
                            notes: [Diagnostic.Note("used here", at: export.location)]
                        )
                    }
                }
            }
        }
    }
}
