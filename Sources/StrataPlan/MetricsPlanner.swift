import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// VictoriaMetrics sizing: the retention's bytes from the ingest facts against the volumes of each store.
enum MetricsPlanner {
    /// The stores of a cluster.
    static func plan(cluster: Cluster, facts: Facts, bytesPerSample calibrated: Double) -> [Plan.MetricsStore] {
        let ingest = MetricsIngest.declared(in: facts, cluster: cluster.name)
        // Without an interval in the facts, the VMAgents' own scrape interval says how often samples come.
        let agentInterval = cluster.objects.filter {
            $0.resource.kind == "VMAgent" && $0.resource.group == "operator.victoriametrics.com"
        }.compactMap { $0.spec["scrapeInterval"]?.string.flatMap { Units.duration($0) } }.min()
        var out: [Plan.MetricsStore] = []
        for object in cluster.objects where object.resource.group == "operator.victoriametrics.com" {
            let spec = object.spec
            let kind = object.resource.kind
            let volumeNode: YAMLNode?
            let nodes: Int
            let factor: Int
            switch kind {
            case "VMCluster":
                volumeNode =
                    spec[path: [
                        "vmstorage", "storage", "volumeClaimTemplate", "spec", "resources", "requests", "storage",
                    ]]
                nodes = max(spec[path: ["vmstorage", "replicaCount"]]?.int ?? 1, 1)
                factor = max(spec["replicationFactor"]?.int ?? 1, 1)
            case "VMSingle":
                volumeNode = spec[path: ["storage", "resources", "requests", "storage"]]
                nodes = 1
                factor = 1
            default:
                continue
            }
            // VictoriaMetrics reads a bare number as months.
            let retention = spec["retentionPeriod"]?.string ?? "1"
            let days = MetricsIngest.retentionDays(retention)
            let interval = ingest?.scrapeInterval ?? agentInterval
            let bytesPerSample = ingest?.bytesPerSample ?? calibrated
            let volume = volumeNode?.string.flatMap(Units.quantity)
            var store = Plan.MetricsStore(
                kind: kind,
                namespace: object.resource.namespace ?? "default",
                name: object.resource.name,
                retention: retention,
                retentionDays: days,
                replicationFactor: factor,
                storageNodes: nodes,
                volumeBytes: volume,
                activeSeries: ingest?.activeSeries,
                scrapeIntervalSeconds: interval,
                bytesPerSample: bytesPerSample,
                bytesPerSampleSource: ingest?.bytesPerSample == nil ? "calibration" : "facts",
                samplesPerDay: nil,
                retainedBytes: nil,
                perNodeBytes: nil,
                writableBytes: volume.map(MetricsMath.writable(volume:)),
                fits: nil
            )
            if let series = ingest?.activeSeries, let interval, let days {
                let retained = MetricsMath.retainedBytes(
                    series: series,
                    scrapeInterval: interval,
                    retentionDays: days,
                    bytesPerSample: bytesPerSample,
                    replicationFactor: factor
                )
                store.samplesPerDay = MetricsMath.samplesPerDay(series: series, scrapeInterval: interval)
                store.retainedBytes = retained
                store.perNodeBytes = MetricsMath.perNode(retained, nodes: nodes)
                if let writable = store.writableBytes, let perNode = store.perNodeBytes {
                    store.fits = perNode <= writable
                }
            }
            out.append(store)
        }
        return out
    }
}
