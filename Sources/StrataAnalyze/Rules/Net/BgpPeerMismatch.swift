import StrataCore
import StrataFlux

/// Cilium's BGP peers and ASNs do not match the router configuration.
struct BgpPeerMismatch: Rule {
    static let description = RuleDescription(
        id: "net/bgp-peer-mismatch",
        name: "BGP Peer Mismatch",
        summary: "Cilium BGP peers and ASNs do not match the router's BGP neighbors, peer-as and local AS",
        rationale: """
            A BGP session comes up only when both ends agree: the AS number each side announces in its OPEN \
            message must be the one the other side expects, and each side must peer with the other's \
            address; otherwise the router refuses the session ("Bad Peer AS") and nothing is advertised \
            (RFC 4271 §6.2). Cilium's side is `localASN`, `peers[].peerAddress` and `peerASN` \
            (cilium/cilium `pkg/k8s/apis/cilium.io/v2/bgp_cluster_types.go`); the router's is its \
            `autonomous-system` or `local-as`, `neighbor` and `peer-as`.
            """,
        remediation: """
            Make each Cilium `peerASN` the router's AS and each `localASN` the `peer-as` the router sets for \
            that cluster's nodes, and point `peerAddress` at the router's `local-address`.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("bgp.yaml", Self.cilium(local: "65001", peer: "65000")),
                    ("router/srx.conf", Self.router(peerAS: "65001")),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("bgp.yaml", Self.cilium(local: "↓65001", peer: "↓65100")),
                    ("router/srx.conf", Self.router(peerAS: "↓65002")),
                ]
            )
        ]
    )

    static let talos = """
        machine:
          network:
            interfaces:
              - interface: eth0
                addresses:
                  - 10.25.11.11/24
        """

    /// A cluster config whose instance uses AS 65001, for the router rules' examples.
    static let clusterConfig = cilium(local: "65001", peer: "65000")

    private static func cilium(local: String, peer: String) -> String {
        """
        apiVersion: cilium.io/v2
        kind: CiliumBGPClusterConfig
        metadata: {name: bgp}
        spec:
          bgpInstances:
            - name: main
              localASN: \(local)
              peers:
                - name: router
                  peerAddress: 10.25.11.1
                  peerASN: \(peer)
        """
    }

    private static func router(peerAS: String) -> String {
        """
        set routing-options autonomous-system 65000
        set protocols bgp group cilium type external
        set protocols bgp group cilium local-address 10.25.11.1
        set protocols bgp group cilium neighbor 10.25.11.11 peer-as \(peerAS)
        """
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = context.shared("NetworkInventory") { NetworkInventory(context) }
        let topology = BGPTopology(context, inventory: inventory)
        guard !topology.routers.isEmpty, !topology.instances.isEmpty else { return }
        for instance in topology.instances {
            let reference = context.reference(instance.object, in: instance.cluster)
            for peer in instance.peers {
                guard let address = BGPTopology.address(peer.address),
                    let router = topology.routers.first(where: { router in
                        router.ownAddresses.contains { IPAddress($0.text) == address }
                    })
                else { continue }
                let routerASNs = Set(
                    router.groups.compactMap { router.localAS(of: $0)?.text }
                        + [router.autonomousSystem?.text]
                        .compactMap { $0 }
                )
                if let asn = peer.asn?.string, !routerASNs.isEmpty, !routerASNs.contains(asn) {
                    sink.report(
                        "peerASN '\(asn)' for peer '\(address)' is not the router's AS "
                            + routerASNs.sorted().map { "'\($0)'" }.joined(separator: ", "),
                        at: peer.asn?.location,
                        object: reference,
                        notes: [router.autonomousSystem].compactMap { $0 }.map {
                            Diagnostic.Note("router AS", at: $0.location)
                        }
                    )
                }
                let expected = Set(
                    router.groups.filter(topology.facesCluster).flatMap { group in
                        group.neighbors.compactMap { ($0.peerAS ?? group.peerAS)?.text }
                    }
                )
                if let local = instance.localASN, let asn = local.string, !expected.isEmpty, !expected.contains(asn) {
                    sink.report(
                        "localASN '\(asn)' is not a peer-as the router expects ("
                            + expected.sorted().map { "'\($0)'" }.joined(separator: ", ") + ")",
                        at: local.location,
                        object: reference
                    )
                }
            }
        }
        // The router's side: a neighbor on a node subnet whose peer-as no Cilium instance uses.
        for router in topology.routers {
            for group in router.groups {
                for neighbor in group.neighbors {
                    guard let address = neighbor.parsedAddress,
                        topology.nodeSubnets.contains(where: { $0.contains(address) }),
                        let asn = neighbor.peerAS ?? group.peerAS, !topology.ciliumASNs.contains(asn.text)
                    else { continue }
                    sink.report(
                        "router neighbor '\(address)' expects peer-as '\(asn.text)' but no Cilium BGP instance uses "
                            + "that localASN",
                        at: asn.location
                    )
                }
            }
        }
    }
}
