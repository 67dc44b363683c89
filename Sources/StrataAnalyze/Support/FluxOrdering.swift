import StrataCore
import StrataFlux

/// The order in which one cluster's Kustomizations become ready, from `dependsOn` and the parent chain.
///
/// A Kustomization starts only after its `dependsOn` targets are ready, and it exists only after every
/// Kustomization of its chain has applied it; so everything the chain's members depend on (transitively)
/// is ready before it starts.
struct FluxOrdering {
    /// The cluster's Kustomizations by key.
    let kustomizations: [FluxObjectKey: FluxKustomization]
    private var memo: [FluxObjectKey: Set<FluxObjectKey>] = [:]

    /// Indexes a cluster's Kustomizations.
    init(_ cluster: Cluster) {
        var byKey: [FluxObjectKey: FluxKustomization] = [:]
        for kustomization in cluster.kustomizations where byKey[kustomization.key] == nil {
            byKey[kustomization.key] = kustomization
        }
        kustomizations = byKey
    }

    /// Whether `earlier` is ready, or has applied its objects, before `later` starts.
    mutating func isOrdered(_ later: FluxObjectKey, after earlier: FluxObjectKey) -> Bool {
        if later == earlier { return true }
        if kustomizations[later]?.chain.contains(earlier) == true { return true }
        return readyBefore(later).contains(earlier)
    }

    /// The Kustomizations that are ready before `key` starts.
    mutating func readyBefore(_ key: FluxObjectKey) -> Set<FluxObjectKey> {
        var visiting: Set<FluxObjectKey> = []
        return readyBefore(key, visiting: &visiting)
    }

    private mutating func readyBefore(_ key: FluxObjectKey, visiting: inout Set<FluxObjectKey>) -> Set<FluxObjectKey> {
        if let known = memo[key] { return known }
        // A dependency cycle is reported elsewhere; stop walking it here.
        guard visiting.insert(key).inserted, let kustomization = kustomizations[key] else { return [] }
        var out: Set<FluxObjectKey> = []
        for member in kustomization.chain {
            for dependency in kustomizations[member]?.dependsOn ?? [] where dependency.key != key {
                out.insert(dependency.key)
                out.formUnion(readyBefore(dependency.key, visiting: &visiting))
            }
        }
        visiting.remove(key)
        memo[key] = out
        return out
    }
}
