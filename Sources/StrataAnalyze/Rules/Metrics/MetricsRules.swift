/// The `metrics/` rules.
enum MetricsRules {
    static let all: [any Rule.Type] = [
        RemoteWriteTarget.self,
        ReplicationFactor.self,
        SelectorRestricts.self,
    ]
}
