/// Every component of the platform, in the order they contribute.
public enum PlatformComponents {
    /// All components.
    public static let all: [any PlatformComponent] = [
        ExternalSecrets(),
        CertManager(),
        SnapshotController(),
        LocalPath(),
        RookCeph(),
        VictoriaMetricsOperator(),
        VictoriaMetricsCluster(),
        VictoriaMetricsAgent(),
        VictoriaMetricsScrapes(),
        Alerting(),
        AlertingRules(),
        Grafana(),
        CloudNativePG(),
        VolSync(),
        Velero(),
        BackupVerification(),
        Applications(),
        FluxBootstrap(),
        Cilium(),
        CiliumNetwork(),
        Talos(),
        Router(),
        StrataFacts(),
        PlatformDocuments(),
    ]
}
