/// The `net/` rules.
enum NetRules {
    static let all: [any Rule.Type] = [
        ApiServerHost.self,
        BgpPeerMismatch.self,
        CidrOverlap.self,
        ClusterIdConflict.self,
        CrossClusterUrl.self,
        GlobalServiceIncomplete.self,
        LbIpAnnotationLegacy.self,
        LbPoolOverlap.self,
        LbPoolUnannounced.self,
        NativeRoutingCidr.self,
        RouterExportPolicy.self,
        RouterImportPolicy.self,
        RouterMultihop.self,
        SelectorMatchesNothing.self,
        TalosCiliumMismatch.self,
    ]
}
