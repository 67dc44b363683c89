import StrataCore
import StrataYAML

/// The ingest rate `facts.metrics` declares for a cluster's VictoriaMetrics: series, scrape interval and,
/// when stated, bytes per sample.
package struct MetricsIngest: Sendable {
    /// Active time series.
    package var activeSeries: Double
    /// Seconds between two samples of a series.
    package var scrapeInterval: Double
    /// The bytes a sample takes on disk, when the facts state it.
    package var bytesPerSample: Double?
    /// Where the entry is declared.
    package var location: SourceLocation?

    /// Samples written per day, before replication.
    package var samplesPerDay: Double { activeSeries * 86400 / scrapeInterval }

    /// The entry for a cluster: a mapping, or a list of mappings each naming its `cluster` (one without a
    /// cluster counts for every cluster).
    package static func declared(in facts: Facts, cluster: String) -> MetricsIngest? {
        guard let metrics = facts.raw?["metrics"] else { return nil }
        let entries = metrics.items ?? [metrics]
        let entry =
            entries.first { $0["cluster"]?.string == cluster } ?? entries.first { $0["cluster"] == nil }
        guard let entry, let series = entry["activeSeries"]?.string.flatMap(Units.quantity), series > 0,
            let interval = entry["scrapeInterval"]?.string.flatMap({ Units.duration($0) }), interval > 0
        else { return nil }
        let bytes = entry["bytesPerSample"]?.string.flatMap(Double.init)
        if let bytes, bytes <= 0 { return nil }
        return MetricsIngest(
            activeSeries: series,
            scrapeInterval: interval,
            bytesPerSample: bytes,
            location: entry.location
        )
    }

    /// The days of a VictoriaMetrics `retentionPeriod`: a number of months, or a number with h, d, w or y.
    package static func retentionDays(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        guard let last = trimmed.last else { return nil }
        let factors: [Character: Double] = ["h": 1.0 / 24, "d": 1, "w": 7, "y": 365]
        if let factor = factors[last] {
            return Double(trimmed.dropLast()).map { $0 * factor }
        }
        // VictoriaMetrics counts bare numbers as months of 31 days; 30 keeps the estimate on the low side.
        return Double(trimmed).map { $0 * 30 }
    }
}
