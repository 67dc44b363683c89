import Testing

@testable import StrataAnalyze

@Suite("Net rules")
struct NetRulesTests {
    @Test("Junos set lines give groups, neighbors and policy terms with their columns")
    func junos() throws {
        let text = """
            # comment
            set routing-options autonomous-system 65000\r
            set protocols bgp group infra neighbor 10.25.11.11 peer-as 65001
            set protocols bgp group infra export out
            set policy-options policy-statement out term all then accept
            """
        let config = JunosConfig.parse(text, path: "srx.conf")
        #expect(config.autonomousSystem?.text == "65000")
        let group = try #require(config.groups.first)
        #expect(group.name.text == "infra")
        #expect(group.neighbors.first?.peerAS?.text == "65001")
        #expect(group.neighbors.first?.peerAS?.location.column == 60)
        #expect(group.exports.map(\.text) == ["out"])
        #expect(config.policies["out"]?.first?.accept?.location.line == 5)
        #expect(config.policies["out"]?.first?.hasFrom == false)
    }

    @Test("a selector is satisfied by a label written in HelmRelease values")
    func selectorSeesValues() throws {
        let files = ExampleRunner.files(
            of: Example(
                """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: public}
                spec:
                  blocks: [{cidr: 10.25.12.0/24}]
                  serviceSelector:
                    matchLabels:
                      exposure: public
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: ingress, namespace: network}
                spec:
                  chart: {spec: {chart: ingress-nginx, sourceRef: {kind: HelmRepository, name: ingress}}}
                  values:
                    controller:
                      service:
                        labels:
                          exposure: public
                """
            )
        )
        #expect(try ExampleRunner.run(SelectorMatchesNothing.self, files: files).isEmpty)
    }

    @Test("Cilium Helm values with a top-level cluster key are not Talos configuration")
    func ciliumValuesAreNotTalos() throws {
        let files = ExampleRunner.files(
            of: Example(
                files: [
                    (
                        "cilium/values.yaml",
                        """
                        cluster:
                          name: infra
                          id: 1
                        ipv4NativeRoutingCIDR: 10.0.0.0/8
                        """
                    ),
                    (
                        "talos/patch.yaml",
                        """
                        cluster:
                          network:
                            podSubnets: [10.244.0.0/16]
                            serviceSubnets: [10.96.0.0/12]
                        """
                    ),
                ]
            )
        )
        #expect(try ExampleRunner.run(CidrOverlap.self, files: files).isEmpty)
        #expect(try ExampleRunner.run(TalosCiliumMismatch.self, files: files).isEmpty)
    }

    @Test("pools of clusters on disjoint node subnets may reuse addresses")
    func disjointClusters() throws {
        func talos(_ name: String, _ address: String) -> String {
            """
            cluster:
              clusterName: \(name)
            machine:
              network:
                interfaces:
                  - interface: eth0
                    addresses: [\(address)]
            """
        }
        let pool = """
            apiVersion: cilium.io/v2
            kind: CiliumLoadBalancerIPPool
            metadata: {name: pool}
            spec:
              blocks: [{cidr: 192.168.50.0/24}]
            """
        let files = ExampleRunner.files(
            of: Example(
                files: [
                    ("talos/a.yaml", talos("a", "10.1.0.10/24")),
                    ("talos/b.yaml", talos("b", "10.2.0.10/24")),
                    ("clusters/a/pool.yaml", pool),
                    ("clusters/b/pool.yaml", pool),
                ]
            )
        )
        #expect(try ExampleRunner.run(LbPoolOverlap.self, files: files).isEmpty)
    }
}
