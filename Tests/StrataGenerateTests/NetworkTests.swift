import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("Network layer")
struct NetworkTests {
    @Test(
        "Each cluster peers with the router from its own ASN, with the spec's timers",
        arguments: NetworkFixtures.specNames
    )
    func bgpObjects(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        for cluster in spec.clusters {
            let file = "infrastructure/\(cluster.name)/network/bgp.yaml"
            let config = try NetworkFixtures.object(repository, file, kind: "CiliumBGPClusterConfig")
            let instance = try #require(config[path: ["spec", "bgpInstances"]]?.items?.first)
            #expect(instance["localASN"]?.int == cluster.asn)
            #expect(instance["localPort"] == nil)
            let peer = try #require(instance["peers"]?.items?.first)
            #expect(peer["peerASN"]?.int == spec.router.asn)
            #expect(peer["peerAddress"]?.string == spec.router.address)
            let peerConfig = try NetworkFixtures.object(repository, file, kind: "CiliumBGPPeerConfig")
            #expect(peerConfig[path: ["metadata", "name"]]?.string == peer[path: ["peerConfigRef", "name"]]?.string)
            #expect(peerConfig[path: ["spec", "timers", "holdTimeSeconds"]]?.int == spec.bgp.holdTimeSeconds)
            #expect(peerConfig[path: ["spec", "gracefulRestart", "enabled"]]?.bool == spec.bgp.gracefulRestart)
            let advertisement = try NetworkFixtures.object(repository, file, kind: "CiliumBGPAdvertisement")
            let selector = peerConfig[path: ["spec", "families"]]?.items?.first?[path: [
                "advertisements", "matchLabels",
            ]]
            for pair in selector?.pairs ?? [] {
                #expect(advertisement[path: ["metadata", "labels", pair.key.string ?? ""]] == pair.value)
            }
            let types = advertisement[path: ["spec", "advertisements"]]?.items?.compactMap {
                $0["advertisementType"]?.string
            }
            #expect(types == ["PodCIDR", "Service"])
            let pool = try NetworkFixtures.object(
                repository,
                "infrastructure/\(cluster.name)/network/lb-pool.yaml",
                kind: "CiliumLoadBalancerIPPool"
            )
            #expect(
                pool[path: ["spec", "blocks"]]?.items?.compactMap { $0["cidr"]?.string } == cluster.loadBalancerPools
            )
            #expect(pool[path: ["spec", "serviceSelector"]] == nil)
            #expect(config["apiVersion"]?.string == "cilium.io/v2")
        }
    }

    @Test("Prefix arithmetic covers, contains and offsets")
    func addressing() throws {
        typealias Prefix = CiliumNetworkAddressing.Prefix
        let a = try #require(Prefix("10.244.0.0/16"))
        let b = try #require(Prefix("10.247.0.0/16"))
        #expect(CiliumNetworkAddressing.covering([a, b])?.description == "10.244.0.0/14")
        #expect(CiliumNetworkAddressing.covering([a])?.description == "10.244.0.0/16")
        #expect(Prefix("10.0.0.0/33") == nil)
        #expect(Prefix("10.0.0.300/8") == nil)
        #expect(Prefix("10.1.2.3/8")?.description == "10.0.0.0/8")
        #expect(try #require(Prefix("192.168.50.64/27")).address(at: 1) == "192.168.50.65")
        #expect(try #require(Prefix("192.168.50.64/27")).size == 32)
    }
}
