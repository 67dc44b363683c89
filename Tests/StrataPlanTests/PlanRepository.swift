import StrataCore
import StrataPlan
import StrataTestSupport
import Testing

/// Plans a small repository written for one test: `cluster/` holds the manifests of cluster `c1` (listed in
/// a generated kustomization.yaml), `other` files elsewhere (what its Flux Kustomizations build), and `facts`
/// is the `facts:` block of its strata.yaml.
enum PlanRepository {
    static func plan(_ manifests: [String: String], other: [String: String] = [:], facts: String = "") throws -> Plan {
        var files = manifests.mapKeys { "cluster/\($0)" }.merging(other) { first, _ in first }
        files["cluster/kustomization.yaml"] =
            "resources:\n" + manifests.keys.sorted().map { "  - \($0)\n" }.joined()
        files["strata.yaml"] = "version: 1\nclusters: {c1: cluster}\n" + (facts.isEmpty ? "" : "facts:\n" + facts)
        let repository = try TemporaryRepository(files)
        let sink = DiagnosticCollector()
        let plan = Planner().plan(root: repository.root, into: sink).plan
        #expect(sink.diagnostics.isEmpty, "strata.yaml: \(sink.diagnostics)")
        return plan
    }
}

extension Dictionary where Key == String {
    fileprivate func mapKeys(_ transform: (String) -> String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
