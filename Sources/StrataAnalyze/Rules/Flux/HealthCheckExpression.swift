import Foundation
import StrataCore
import StrataFlux
import StrataYAML

/// A `healthCheckExprs` expression compares `status.phase` with a value the controller never sets.
struct HealthCheckExpression: Rule {
    static let description = RuleDescription(
        id: "flux/health-check-expression",
        name: "Health Check Expression",
        summary: "A healthCheckExprs expression tests a status.phase value that the kind's controller never sets",
        rationale: """
            kustomize-controller evaluates `healthCheckExprs` (`current`, `inProgress`, `failed`) as CEL \
            against each object of the kind (https://fluxcd.io/flux/components/kustomize/kustomizations/#health-check-expressions). \
            A comparison with a phase the operator never writes is always false: a `failed` expression \
            never fires, so a broken object is only noticed at the timeout, and a `current` one never \
            becomes true. Rook writes its condition types as the phase, so a failed CephCluster or \
            CephBlockPool has `Failure`, not `Failed` (rook/rook `pkg/apis/ceph.rook.io/v1/types.go`, \
            `ConditionType`); CloudNativePG writes sentences such as `Cluster in healthy state` \
            (cloudnative-pg `api/v1/cluster_types.go`, `Phase*` constants).
            """,
        remediation: """
            Compare with a phase the operator sets (`status.phase == 'Failure'` for Rook), or test a \
            condition instead, guarded with `has()` so a missing status does not error.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: ceph-cluster, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./infra/ceph-cluster
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  healthCheckExprs:
                    - apiVersion: ceph.rook.io/v1
                      kind: CephCluster
                      current: status.phase == 'Ready'
                      failed: status.phase == 'Failure'
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: ceph-cluster, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./infra/ceph-cluster
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                  healthCheckExprs:
                    - apiVersion: ceph.rook.io/v1
                      kind: CephCluster
                      current: status.phase == 'Ready'
                      failed: ↓status.phase == 'Failed'
                    - apiVersion: postgresql.cnpg.io/v1
                      kind: Cluster
                      current: ↓status.phase == 'Healthy'
                """
            )
        ]
    )

    /// What a controller writes to `status.phase`.
    private enum Phases {
        /// Exactly these values.
        case values(owner: String, Set<String>)
        /// Whole sentences; a single word is never one of them.
        case sentences(owner: String, example: String)
    }

    private static let rookPhases = Phases.values(
        owner: "Rook",
        ["Connecting", "Connected", "Progressing", "Ready", "Failure", "Deleting", "DeletionIsBlocked"]
    )

    /// Phases by API group and kind.
    private static let table: [String: Phases] = [
        "ceph.rook.io/CephCluster": rookPhases,
        "ceph.rook.io/CephBlockPool": rookPhases,
        "ceph.rook.io/CephFilesystem": rookPhases,
        "ceph.rook.io/CephObjectStore": rookPhases,
        "postgresql.cnpg.io/Cluster": .sentences(owner: "CloudNativePG", example: "Cluster in healthy state"),
    ]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            for kustomization in cluster.kustomizations {
                for entry in kustomization.node[path: ["spec", "healthCheckExprs"]]?.items ?? [] {
                    guard let apiVersion = entry["apiVersion"]?.string, let kind = entry["kind"]?.string else {
                        continue
                    }
                    let group = apiVersion.split(separator: "/").first.map(String.init) ?? ""
                    guard let phases = Self.table["\(group)/\(kind)"] else { continue }
                    for field in ["current", "inProgress", "failed"] {
                        guard let node = entry[field], let expression = node.string else { continue }
                        for phase in Self.comparedPhases(in: expression) {
                            guard let complaint = Self.complaint(phase, phases) else { continue }
                            guard let location = node.location, reported.insert(location).inserted else { continue }
                            sink.report(
                                "the \(field) expression for \(kind) compares status.phase with '\(phase)', \(complaint)",
                                at: location,
                                object: context.reference(kustomization.key, node: kustomization.node, in: cluster)
                            )
                        }
                    }
                }
            }
        }
    }

    private static func complaint(_ phase: String, _ phases: Phases) -> String? {
        switch phases {
        case .values(let owner, let known):
            if known.contains(phase) { return nil }
            return "which \(owner) never sets (it sets \(known.sorted().map { "'\($0)'" }.joined(separator: ", ")))"
        case .sentences(let owner, let example):
            if phase.contains(" ") { return nil }
            return "which \(owner) never sets (its phases are sentences such as '\(example)')"
        }
    }

    /// The string literals an expression compares `status.phase` with, on either side of `==` or `!=`.
    static func comparedPhases(in expression: String) -> [String] {
        let patterns = [
            #"status\.phase\s*[!=]=\s*(?:'([^']*)'|"([^"]*)")"#,
            #"(?:'([^']*)'|"([^"]*)")\s*[!=]=\s*status\.phase"#,
        ]
        var out: [String] = []
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            let range = NSRange(expression.startIndex..., in: expression)
            for match in regex.matches(in: expression, range: range) {
                for group in 1..<match.numberOfRanges {
                    if let r = Range(match.range(at: group), in: expression) { out.append(String(expression[r])) }
                }
            }
        }
        return out
    }
}
