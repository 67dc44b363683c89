import StrataGenerate
import StrataPlatform
import Testing

@Suite("Router")
struct RouterTests {
    @Test(
        "One external group per cluster, a neighbor per node, import limited to the cluster's prefixes",
        arguments: NetworkFixtures.specNames
    )
    func groups(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let text = try #require(NetworkFixtures.generate(spec).files[Router.path(spec.router)])
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains("set routing-options autonomous-system \(spec.router.asn)"))
        #expect(lines.contains("set routing-options router-id \(spec.router.routerID)"))
        for cluster in spec.clusters {
            let group = "set protocols bgp group \(Router.groupName(cluster))"
            #expect(lines.contains("\(group) type external"))
            #expect(lines.contains("\(group) peer-as \(cluster.asn)"))
            #expect(lines.contains("\(group) hold-time \(spec.bgp.holdTimeSeconds)"))
            #expect(lines.contains("\(group) multipath") == spec.bgp.multipath)
            #expect(lines.contains("\(group) graceful-restart") == spec.bgp.gracefulRestart)
            for node in cluster.nodes { #expect(lines.contains("\(group) neighbor \(node.address)")) }
            let policy = "set policy-options policy-statement \(Router.importPolicyName(cluster))"
            #expect(lines.contains("\(policy) term pods from route-filter \(cluster.podCIDR) upto /24"))
            for pool in cluster.loadBalancerPools {
                #expect(lines.contains("\(policy) term load-balancers from route-filter \(pool) orlonger"))
            }
            #expect(lines.contains("\(policy) term reject-rest then reject"))
            // Another cluster's pod CIDR never appears in this cluster's policy.
            for other in spec.clusters where other.name != cluster.name {
                #expect(!lines.contains("\(policy) term pods from route-filter \(other.podCIDR) upto /24"))
            }
        }
        #expect(lines.contains("set routing-options forwarding-table export ecmp"))
        #expect(!text.contains("multihop"))
    }

    @Test("The prefix limit counts one pod block per node and every pool address")
    func prefixLimit() {
        let core = NetworkFixtures.threeClusters.clusters[0]
        #expect(Router.prefixLimit(for: core) == 5 + 32 + 16)
        #expect(Router.prefixLimit(for: DefaultPlatform.spec.clusters[0]) == 3 + 64)
    }
}
