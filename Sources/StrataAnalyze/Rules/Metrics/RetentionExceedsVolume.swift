import StrataCore
import StrataYAML

/// The data a VictoriaMetrics retention period holds, by the declared ingest estimate, overflows its volume.
struct RetentionExceedsVolume: Rule {
    static let description = RuleDescription(
        id: "metrics/retention-exceeds-volume",
        name: "Retention Exceeds Volume",
        summary: "Retention times the declared ingest rate does not fit in the vmstorage or vmsingle volume",
        rationale: """
            A VictoriaMetrics node needs `active series × samples per second × bytes per sample × retention` \
            bytes, times `replicationFactor` and divided among the vmstorage replicas, and it must keep at \
            least 20% of `-storageDataPath` free or it switches to read-only \
            (https://docs.victoriametrics.com/victoriametrics/single-server-victoriametrics/#capacity-planning: \
            "less than a byte per data point on average", "at least 20% of free space"). The ingest rate cannot \
            be read from the repository, so it comes from `facts.metrics` in `strata.yaml` (`activeSeries`, \
            `scrapeInterval`, optional `bytesPerSample`, default 1, and optional `cluster`); without it the \
            rule is silent. `retentionPeriod` without a unit counts months, as in VictoriaMetrics.
            """,
        remediation: """
            Grow the volume claim, shorten `retentionPeriod`, add vmstorage replicas, or reduce the ingested \
            series.
            """,
        severity: .warning,
        passing: [
            Example(
                files: [
                    (
                        "example.yaml",
                        """
                        apiVersion: operator.victoriametrics.com/v1beta1
                        kind: VMCluster
                        metadata: {name: vmcluster, namespace: monitoring}
                        spec:
                          retentionPeriod: 90d
                          replicationFactor: 2
                          vmstorage:
                            replicaCount: 3
                            storage:
                              volumeClaimTemplate:
                                spec:
                                  resources:
                                    requests:
                                      storage: 100Gi
                        """
                    ),
                    ("strata.yaml", "facts:\n  metrics:\n    activeSeries: 20000\n    scrapeInterval: 30s\n"),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "example.yaml",
                        """
                        apiVersion: operator.victoriametrics.com/v1beta1
                        kind: VMSingle
                        metadata: {name: vmsingle, namespace: monitoring}
                        spec:
                          retentionPeriod: "12"
                          storage:
                            resources:
                              requests:
                                storage: ↓50Gi
                        """
                    ),
                    (
                        "strata.yaml",
                        "facts:\n  metrics:\n    activeSeries: 200000\n    scrapeInterval: 15s\n    bytesPerSample: 1\n"
                    ),
                ]
            )
        ]
    )

    /// The ingest estimate for one cluster.
    struct Estimate {
        var activeSeries: Double
        var scrapeInterval: Double
        var bytesPerSample: Double

        /// Bytes written per day before replication.
        var bytesPerDay: Double { activeSeries * 86400 / scrapeInterval * bytesPerSample }
    }

    /// The `facts.metrics` estimate for a cluster, at one byte per sample unless the facts say otherwise.
    static func estimate(_ facts: Facts, cluster: String) -> Estimate? {
        MetricsIngest.declared(in: facts, cluster: cluster).map {
            Estimate(
                activeSeries: $0.activeSeries,
                scrapeInterval: $0.scrapeInterval,
                bytesPerSample: $0.bytesPerSample ?? 1
            )
        }
    }

    /// The days of a VictoriaMetrics `retentionPeriod`.
    static func retentionDays(_ text: String) -> Double? { MetricsIngest.retentionDays(text) }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for kind in ["VMCluster", "VMSingle"] {
            for (cluster, object) in context.objects(kind: kind, group: "operator.victoriametrics.com") {
                guard let estimate = Self.estimate(context.facts, cluster: cluster.name) else { continue }
                let spec = object.spec
                let retentionText = spec["retentionPeriod"]?.string ?? "1"
                guard let days = Self.retentionDays(retentionText) else { continue }
                let volumePath =
                    kind == "VMCluster"
                    ? ["vmstorage", "storage", "volumeClaimTemplate", "spec", "resources", "requests", "storage"]
                    : ["storage", "resources", "requests", "storage"]
                guard let volumeNode = spec[path: volumePath], let volumeText = volumeNode.string,
                    let volume = Units.quantity(volumeText), volume > 0
                else { continue }
                let factor = kind == "VMCluster" ? Double(max(spec["replicationFactor"]?.int ?? 1, 1)) : 1
                let replicas =
                    kind == "VMCluster" ? Double(max(spec[path: ["vmstorage", "replicaCount"]]?.int ?? 1, 1)) : 1
                let needed = estimate.bytesPerDay * days * factor / replicas
                let usable = volume * 0.8
                guard needed > usable else { continue }
                let node = kind == "VMCluster" ? "each vmstorage volume" : "the volume"
                sink.report(
                    "retention '\(retentionText)' needs about \(Units.formatBytes(needed)) on \(node), above 80% "
                        + "of its '\(volumeText)' (\(Int(estimate.activeSeries)) series every "
                        + "\(Units.formatDuration(estimate.scrapeInterval)), \(estimate.bytesPerSample) bytes per sample)",
                    at: volumeNode.location,
                    object: context.reference(object, in: cluster)
                )
            }
        }
    }
}
