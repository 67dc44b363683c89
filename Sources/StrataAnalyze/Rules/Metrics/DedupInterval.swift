import StrataCore
import StrataYAML

/// VictoriaMetrics deduplication is configured differently on vmstorage and vmselect, or drops real samples.
struct DedupInterval: Rule {
    static let description = RuleDescription(
        id: "metrics/dedup-interval",
        name: "Dedup Interval",
        summary: "dedup.minScrapeInterval differs between vmstorage and vmselect, or exceeds the scrape interval",
        rationale: """
            Deduplication keeps one sample per series per `-dedup.minScrapeInterval`. VictoriaMetrics requires \
            the same value on vmselect and vmstorage, because vmstorage deduplicates on merge and vmselect at \
            query time (https://docs.victoriametrics.com/victoriametrics/cluster-victoriametrics/#deduplication); \
            when only vmstorage has it, the operator gives vmselect `1ms` once `replicationFactor` is above one \
            (VictoriaMetrics/operator `internal/controller/operator/factory/vmcluster/vmcluster.go`), and \
            queries disagree with stored data. An interval longer than the scrape interval of the agents \
            writing to the cluster thins their data: samples between are discarded, which breaks `rate()` \
            over short windows.
            """,
        remediation: """
            Set the same `dedup.minScrapeInterval` in `vmstorage.extraArgs` and `vmselect.extraArgs`: the scrape \
            interval for HA agent pairs, or `1ms` to remove only replication duplicates.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: vmcluster, namespace: monitoring}
                spec:
                  replicationFactor: 2
                  vmstorage:
                    replicaCount: 3
                    extraArgs:
                      dedup.minScrapeInterval: 30s
                  vmselect:
                    extraArgs:
                      dedup.minScrapeInterval: 30s
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: vmagent, namespace: monitoring}
                spec:
                  scrapeInterval: 30s
                  remoteWrite:
                    - url: http://vminsert-vmcluster.monitoring.svc:8480/insert/0/prometheus/api/v1/write
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
                  replicationFactor: 2
                  vmstorage:
                    replicaCount: 3
                    extraArgs:
                      ↓dedup.minScrapeInterval: 30s
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: long-term, namespace: monitoring}
                spec:
                  replicationFactor: 2
                  vmstorage:
                    replicaCount: 3
                    extraArgs:
                      dedup.minScrapeInterval: ↓5m
                  vmselect:
                    extraArgs:
                      dedup.minScrapeInterval: 5m
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: vmagent, namespace: monitoring}
                spec:
                  scrapeInterval: 30s
                  remoteWrite:
                    - url: http://vminsert-long-term.monitoring.svc:8480/insert/0/prometheus/api/v1/write
                """
            )
        ]
    )

    private static let flag = "dedup.minScrapeInterval"

    private struct Agent {
        var name: String
        var cluster: String
        var interval: Double
        var text: String
        var location: SourceLocation?
        var urls: [String]
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var agents: [Agent] = []
        for (cluster, object) in context.objects(kind: "VMAgent", group: "operator.victoriametrics.com") {
            let node = object.spec["scrapeInterval"]
            let text = node?.string ?? "30s"
            guard let interval = Units.duration(text) else { continue }
            let urls = (object.spec["remoteWrite"]?.items ?? []).compactMap { $0["url"]?.string }
            agents.append(
                Agent(
                    name: object.resource.name,
                    cluster: cluster.name,
                    interval: interval,
                    text: text,
                    location: node?.location ?? object.node.location,
                    urls: urls
                )
            )
        }
        for kind in ["VMCluster", "VMSingle"] {
            for (cluster, object) in context.objects(kind: kind, group: "operator.victoriametrics.com") {
                let reference = context.reference(object, in: cluster)
                let spec = object.spec
                let storageArgs = kind == "VMCluster" ? spec[path: ["vmstorage", "extraArgs"]] : spec["extraArgs"]
                let selectArgs = spec[path: ["vmselect", "extraArgs"]]
                guard let storageArgs, let value = storageArgs[Self.flag], let text = value.string else { continue }
                if kind == "VMCluster" {
                    if let selected = selectArgs?[Self.flag] {
                        if let other = selected.string, Units.duration(other) != Units.duration(text) {
                            sink.report(
                                "vmselect uses \(Self.flag) '\(other)' but vmstorage uses '\(text)'",
                                at: selected.location,
                                object: reference,
                                notes: [.init("vmstorage's value", at: value.location)]
                            )
                        }
                    } else {
                        sink.report(
                            "\(Self.flag) is set on vmstorage but not on vmselect, which needs the same value",
                            at: storageArgs.keyLocation(Self.flag),
                            object: reference
                        )
                    }
                }
                guard let interval = Units.duration(text) else { continue }
                let prefix = kind == "VMCluster" ? "vminsert-" : "vmsingle-"
                let service = prefix + object.resource.name
                var writers = agents.filter { agent in
                    agent.urls.contains { Self.host(of: $0).hasPrefix(service + ".") }
                }
                if writers.isEmpty { writers = agents.filter { $0.cluster == cluster.name } }
                guard let fastest = writers.min(by: { $0.interval < $1.interval }), interval > fastest.interval else {
                    continue
                }
                sink.report(
                    "\(Self.flag) '\(text)' is longer than the scrape interval '\(fastest.text)' of VMAgent "
                        + "'\(fastest.name)': samples in between are dropped",
                    at: value.location,
                    object: reference,
                    notes: [.init("the scrape interval", at: fastest.location)]
                )
            }
        }
    }

    /// The lower-cased host of a URL.
    private static func host(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        let authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        return (authority.split(separator: "@").last ?? authority).prefix { $0 != ":" }.lowercased()
    }
}
