import StrataCore
import StrataFlux

/// A load-balancer IP pool overlaps another pool, a node's address or the gateway.
struct LbPoolOverlap: Rule {
    static let description = RuleDescription(
        id: "net/lb-pool-overlap",
        name: "LB Pool Overlap",
        summary: "A CiliumLoadBalancerIPPool overlaps another pool, a node address or the gateway",
        rationale: """
            Cilium LB IPAM does not allow pools with overlapping ranges: the pool added last is marked \
            `Conflicting` and nothing more is allocated from it \
            (https://docs.cilium.io/en/stable/network/lb-ipam/, "Conflicts"). Pools of two clusters on one \
            network that overlap hand the same address to two Services, and a pool that holds a node's \
            address, a Talos VIP or the gateway gives a Service an address another host already answers for.
            """,
        remediation: """
            Give each pool, in every cluster, its own range outside the node addresses and the gateway, for \
            example a dedicated routed subnet announced over BGP.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: public}
                spec:
                  blocks:
                    - cidr: 10.25.12.0/25
                ---
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: internal}
                spec:
                  blocks:
                    - cidr: 10.25.12.128/25
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: public}
                spec:
                  blocks:
                    - cidr: 10.25.12.0/24
                ---
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: internal}
                spec:
                  blocks:
                    - start: ↓10.25.12.200
                      stop: 10.25.12.250
                """
            ),
            Example(
                files: [
                    (
                        "talos/patch.yaml",
                        """
                        machine:
                          network:
                            interfaces:
                              - interface: eth0
                                addresses:
                                  - 10.25.11.11/24
                                routes:
                                  - network: 0.0.0.0/0
                                    gateway: 10.25.11.1
                        """
                    ),
                    (
                        "pool.yaml",
                        """
                        apiVersion: cilium.io/v2
                        kind: CiliumLoadBalancerIPPool
                        metadata: {name: lan}
                        spec:
                          blocks:
                            - cidr: ↓10.25.11.8/29
                        """
                    ),
                ]
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let pools = context.shared("CiliumPool") { CiliumPool.all(in: context) }
        guard !pools.isEmpty else { return }
        let inventory = context.shared("NetworkInventory") { NetworkInventory(context) }
        let routers = JunosConfig.shared(in: context)
        var hosts: [NetworkInventory.Address] = []
        var gateways: [NetworkInventory.Address] = []
        for name in context.clusters.map(\.name) {
            hosts += inventory[name].nodeAddresses + inventory[name].virtualIPs
            gateways += inventory[name].gateways
        }
        for router in routers {
            for neighbor in router.groups.flatMap(\.neighbors) {
                if let address = neighbor.parsedAddress {
                    hosts.append(.init(address: address, location: neighbor.address.location, source: "BGP neighbor"))
                }
            }
            for word in router.ownAddresses {
                if let address = IPAddress(word.text) {
                    gateways.append(.init(address: address, location: word.location, source: "router"))
                }
            }
        }
        for (index, pool) in pools.enumerated() {
            let reference = context.reference(pool.object, in: pool.cluster)
            for block in pool.blocks {
                for other in pools[..<index] where sameNetwork(pool.cluster.name, other.cluster.name, inventory) {
                    guard let clash = other.blocks.first(where: { $0.range.overlaps(block.range) }) else { continue }
                    let whose =
                        other.cluster.name == pool.cluster.name ? "" : " of cluster '\(other.cluster.name)'"
                    sink.report(
                        "pool '\(pool.name)' block '\(block.range)' overlaps pool '\(other.name)'\(whose)",
                        at: block.node.location,
                        object: reference,
                        notes: [Diagnostic.Note("overlaps this block", at: clash.node.location)]
                    )
                }
                report(block, of: pool, against: hosts, what: "node address", reference: reference, into: sink)
                report(block, of: pool, against: gateways, what: "gateway", reference: reference, into: sink)
            }
        }
    }

    private func report(
        _ block: CiliumPool.Block,
        of pool: CiliumPool,
        against addresses: [NetworkInventory.Address],
        what: String,
        reference: ObjectReference,
        into sink: RuleSink
    ) {
        var seen: Set<IPAddress> = []
        let inside = addresses.filter { block.range.contains($0.address) && seen.insert($0.address).inserted }
        guard !inside.isEmpty else { return }
        let listed = inside.prefix(3).map { "'\($0.address)'" }.joined(separator: ", ")
        let more = inside.count > 3 ? " and \(inside.count - 3) more" : ""
        sink.report(
            "pool '\(pool.name)' block '\(block.range)' contains \(what) \(listed)\(more)",
            at: block.node.location,
            object: reference,
            notes: inside.map { Diagnostic.Note("\($0.source) '\($0.address)'", at: $0.location) }
        )
    }

    /// Two clusters share a network unless both node subnets are known and disjoint.
    private func sameNetwork(_ first: String, _ second: String, _ inventory: NetworkInventory) -> Bool {
        guard first != second else { return true }
        let a = inventory[first].nodeSubnets
        let b = inventory[second].nodeSubnets
        guard !a.isEmpty, !b.isEmpty else { return true }
        return a.contains { x in b.contains { $0.network.overlaps(x.network) } }
    }
}
