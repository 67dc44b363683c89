import StrataPlatform
import StrataYAML

/// Grafana on the metrics cluster, with the VMCluster as its default data source.
public struct Grafana: PlatformComponent {
    /// The chart.
    static let chart = "grafana"
    /// The secret store item holding the admin user and password.
    static let adminItem = "grafana-admin"
    /// The Secret the admin credentials are written to.
    static let adminSecret = "grafana-admin"

    /// Creates the component.
    public init() {}

    /// Adds the admin credentials' ExternalSecret and Grafana's HelmRelease to the observability layer.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let topology = VictoriaMetricsTopology(context: context)
        guard topology.isMetricsCluster(plan.cluster), let version = context.version(of: Self.chart),
            let source = ChartSource.all[Self.chart]
        else { return }
        let storageClass = VictoriaMetricsTopology.storageClass(for: plan.cluster, storage: context.spec.storage)
        let values: YAMLNode = [
            "admin": [
                "existingSecret": "\(Self.adminSecret)", "userKey": "admin-user", "passwordKey": "admin-password",
            ],
            "persistence": ["enabled": true, "storageClassName": "\(storageClass)", "size": "10Gi"],
            // A ReadWriteOnce volume cannot be attached to the new pod while the old one holds it.
            "deploymentStrategy": ["type": "Recreate"],
            "datasources": [
                "datasources.yaml": [
                    "apiVersion": 1,
                    "datasources": [
                        [
                            "name": "VictoriaMetrics",
                            "type": "prometheus",
                            "uid": "victoriametrics",
                            "access": "proxy",
                            "url": "\(topology.queryURL)",
                            "isDefault": true,
                            "editable": false,
                        ]
                    ],
                ]
            ],
            "resources": [
                "requests": ["cpu": "50m", "memory": "128Mi"],
                "limits": ["memory": "512Mi"],
            ],
        ]
        plan.addSource(for: source)
        plan.add(
            [
                Manifests.externalSecret(
                    name: Self.adminSecret,
                    namespace: topology.namespace,
                    store: context.secretStoreName,
                    data: [
                        (key: "admin-user", item: Self.adminItem, property: "username"),
                        (key: "admin-password", item: Self.adminItem, property: "password"),
                    ]
                ),
                Manifests.helmRelease(
                    name: Self.chart,
                    namespace: topology.namespace,
                    source: source,
                    version: version,
                    values: values
                ),
            ],
            to: .observability,
            file: "grafana.yaml",
            comment: """
                Grafana reads the VMCluster through vmselect's Prometheus API for tenant \(topology.tenant).
                The admin credentials come from the secret store; the chart never generates a password.
                """
        )
    }
}
