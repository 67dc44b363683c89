import StrataPlatform
import StrataYAML

/// The VictoriaMetrics operator, in every cluster: each cluster runs at least its own VMAgent.
public struct VictoriaMetricsOperator: PlatformComponent {
    /// The chart.
    static let chart = "victoria-metrics-operator"

    /// Creates the component.
    public init() {}

    /// Adds the `monitoring` namespace and the operator's HelmRelease to the operators layer.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard let version = context.version(of: Self.chart), let source = ChartSource.all[Self.chart] else { return }
        let topology = VictoriaMetricsTopology(context: context)
        let values: YAMLNode = [
            // The chart renders its CRDs as templates, so each chart upgrade upgrades them too.
            "crds": ["enabled": true, "plain": false],
            "operator": [
                // No prometheus-operator CRDs are installed; nothing needs converting.
                "disable_prometheus_converter": true
            ],
            "admissionWebhooks": [
                "enabled": true,
                "policy": "Fail",
                "certManager": ["enabled": false],
                "keepTLSSecret": true,
            ],
        ]
        plan.addSource(for: source)
        plan.add(
            [
                Manifests.namespace(topology.namespace),
                Manifests.helmRelease(
                    name: Self.chart,
                    namespace: topology.namespace,
                    source: source,
                    version: version,
                    values: values
                ),
            ],
            to: .operators,
            file: "victoria-metrics-operator.yaml",
            comment: """
                The VictoriaMetrics operator and its CRDs, in every cluster.
                The admission webhook uses the certificate the chart generates and keeps across upgrades,
                so the operator does not wait for cert-manager, which is installed in the same layer.
                """
        )
    }
}
