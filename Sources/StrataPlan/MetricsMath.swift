/// The arithmetic of VictoriaMetrics storage: samples a day from the series and the scrape interval, bytes for
/// the retention period, and the space each vmstorage node needs.
public enum MetricsMath {
    /// The share of `-storageDataPath` VictoriaMetrics needs free: below 20% free it turns read-only
    /// (docs.victoriametrics.com, single-server capacity planning, "at least 20% of free space").
    public static let freeShare = 0.2

    /// Samples written per day: one per series every scrape interval.
    public static func samplesPerDay(series: Double, scrapeInterval: Double) -> Double {
        scrapeInterval > 0 ? series * 86_400 / scrapeInterval : 0
    }

    /// Bytes stored for the whole retention period across the cluster: samples/day × days × bytes/sample ×
    /// replication factor.
    public static func retainedBytes(
        series: Double,
        scrapeInterval: Double,
        retentionDays: Double,
        bytesPerSample: Double,
        replicationFactor: Int = 1
    ) -> Double {
        samplesPerDay(series: series, scrapeInterval: scrapeInterval) * retentionDays * bytesPerSample
            * Double(max(replicationFactor, 1))
    }

    /// The bytes each of `nodes` vmstorage nodes holds: vminsert spreads series evenly over them.
    public static func perNode(_ total: Double, nodes: Int) -> Double {
        total / Double(max(nodes, 1))
    }

    /// The part of a volume VictoriaMetrics may fill before it turns read-only.
    public static func writable(volume: Double) -> Double {
        volume * (1 - freeShare)
    }
}
