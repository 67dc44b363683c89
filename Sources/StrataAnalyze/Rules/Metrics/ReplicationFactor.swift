/// A VMCluster's replicationFactor does not fit its vmstorage replicas, or is repeated in vminsert's flags.
struct ReplicationFactor: Rule {
    static let description = RuleDescription(
        id: "metrics/replication-factor",
        name: "Replication Factor",
        summary: "A VMCluster's replicationFactor is not below its vmstorage replicaCount, or is repeated in extraArgs",
        rationale: """
            vminsert writes every sample to `replicationFactor` distinct vmstorage nodes. With more copies \
            than nodes the copies cannot be placed; with exactly as many, losing one vmstorage node leaves \
            vminsert unable to store the configured number of copies, so there is no tolerance for a failure. \
            VictoriaMetrics recommends at least `2*replicationFactor-1` vmstorage nodes \
            (https://docs.victoriametrics.com/victoriametrics/cluster-victoriametrics/#replication-and-data-safety). \
            The operator already passes `-replicationFactor` from `spec.replicationFactor` to vminsert \
            (VictoriaMetrics/operator, `internal/controller/operator/factory/vmcluster/vmcluster.go`), so \
            repeating it in `vminsert.extraArgs` only invites the two to drift apart.
            """,
        remediation: """
            Run at least `2*replicationFactor-1` vmstorage replicas (or lower `replicationFactor`), and set the \
            factor only in `spec.replicationFactor`.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: vmcluster, namespace: monitoring}
                spec:
                  retentionPeriod: 90d
                  replicationFactor: 2
                  vmstorage:
                    replicaCount: 3
                  vminsert:
                    replicaCount: 2
                    extraArgs:
                      maxLabelsPerTimeseries: "50"
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: vmcluster, namespace: monitoring}
                spec:
                  replicationFactor: ↓3
                  vmstorage:
                    replicaCount: 2
                  vminsert:
                    extraArgs:
                      ↓replicationFactor: "3"
                """
            ),
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: vmcluster, namespace: monitoring}
                spec:
                  replicationFactor: ↓2
                  vmstorage:
                    replicaCount: 2
                """
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for (cluster, object) in context.objects(kind: "VMCluster", group: "operator.victoriametrics.com") {
            let spec = object.spec
            let reference = context.reference(object, in: cluster)
            let factorNode = spec["replicationFactor"]
            let factor = factorNode?.int
            if let factorNode, let factor, factor > 1, let replicas = spec[path: ["vmstorage", "replicaCount"]]?.int {
                if factor > replicas {
                    sink.report(
                        "replicationFactor \(factor) is above the \(replicas) vmstorage replicas",
                        at: factorNode.location,
                        object: reference
                    )
                } else if factor == replicas {
                    sink.report(
                        "replicationFactor \(factor) equals the \(replicas) vmstorage replicas: one vmstorage "
                            + "failure leaves too few nodes for every copy",
                        at: factorNode.location,
                        object: reference,
                        severity: .warning
                    )
                }
            }
            guard let extraArgs = spec[path: ["vminsert", "extraArgs"]] else { continue }
            for key in extraArgs.keys where key == "replicationFactor" || key == "-replicationFactor" {
                let value = extraArgs[key]?.string
                if let factor, let value, Int(value) != factor {
                    sink.report(
                        "vminsert extraArgs set replicationFactor '\(value)', which conflicts with "
                            + "spec.replicationFactor \(factor)",
                        at: extraArgs.keyLocation(key),
                        object: reference
                    )
                } else {
                    sink.report(
                        "vminsert extraArgs repeat replicationFactor, which the operator already sets from "
                            + "spec.replicationFactor",
                        at: extraArgs.keyLocation(key),
                        object: reference,
                        severity: .warning
                    )
                }
            }
        }
    }
}
