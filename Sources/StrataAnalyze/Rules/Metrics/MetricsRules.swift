/// The `metrics/` rules.
enum MetricsRules {
    static let all: [any Rule.Type] = [
        DedupInterval.self,
        RemoteWriteTarget.self,
        ReplicationFactor.self,
        RetentionExceedsVolume.self,
        SelectorRestricts.self,
    ]
}
