/// The `net/` rules.
enum NetRules {
    static let all: [any Rule.Type] = [
        CidrOverlap.self,
        LbPoolOverlap.self,
        LbPoolUnannounced.self,
        SelectorMatchesNothing.self,
    ]
}
