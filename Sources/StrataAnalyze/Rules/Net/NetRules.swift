/// The `net/` rules.
enum NetRules {
    static let all: [any Rule.Type] = [
        ApiServerHost.self,
        CidrOverlap.self,
        ClusterIdConflict.self,
        LbIpAnnotationLegacy.self,
        LbPoolOverlap.self,
        LbPoolUnannounced.self,
        NativeRoutingCidr.self,
        SelectorMatchesNothing.self,
        TalosCiliumMismatch.self,
    ]
}
