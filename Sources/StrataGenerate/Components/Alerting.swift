import StrataPlatform
import StrataYAML

/// VMAlert, which evaluates every VMRule against the VMCluster, and the Alertmanager it notifies.
public struct Alerting: PlatformComponent {
    /// The secret store item holding the notification webhook's URL.
    static let receiverItem = "alertmanager-webhook"
    /// The Secret the webhook URL is written to, mounted into Alertmanager.
    static let receiverSecret = "alertmanager-webhook"
    /// The key of the URL in that Secret.
    static let receiverKey = "url"

    /// Creates the component.
    public init() {}

    /// Adds VMAlert, VMAlertmanager and the receiver's ExternalSecret to the metrics cluster.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let topology = VictoriaMetricsTopology(context: context)
        guard topology.isMetricsCluster(plan.cluster) else { return }
        plan.add(
            [vmAlert(topology)],
            to: .observability,
            file: "vmalert.yaml",
            comment: """
                Queries go to vmselect (datasource); remoteWrite stores alert state and recording rules through
                vminsert, and remoteRead only restores that state after a restart.
                selectAllByDefault loads VMRules from every namespace.
                """
        )
        plan.add(
            [
                Manifests.externalSecret(
                    name: Self.receiverSecret,
                    namespace: topology.namespace,
                    store: context.secretStoreName,
                    data: [(key: Self.receiverKey, item: Self.receiverItem, property: Self.receiverKey)]
                ),
                vmAlertmanager(topology),
            ],
            to: .observability,
            file: "alertmanager.yaml",
            comment: """
                Routing lives here; the webhook URL, a credential, comes from the secret store and is read from
                the mounted Secret (url_file), so it never appears in Git.
                """
        )
        for kind in ["VMAlert", "VMAlertmanager"] {
            VictoriaMetricsCluster.addHealth(kind: kind, to: &plan)
        }
    }

    func vmAlert(_ topology: VictoriaMetricsTopology) -> YAMLNode {
        [
            "apiVersion": "\(VictoriaMetricsCluster.apiVersion)",
            "kind": "VMAlert",
            "metadata": ["name": "\(topology.alertName)", "namespace": "\(topology.namespace)"],
            "spec": [
                "selectAllByDefault": true,
                "replicaCount": 1,
                "evaluationInterval": "\(topology.metrics.scrapeInterval)",
                "datasource": ["url": "\(topology.queryURL)"],
                "remoteWrite": ["url": "\(topology.insertPrometheusURL)"],
                "remoteRead": ["url": "\(topology.queryURL)"],
                "notifiers": [["url": "\(topology.alertmanagerURL)"]],
                "resources": [
                    "requests": ["cpu": "50m", "memory": "128Mi"],
                    "limits": ["memory": "512Mi"],
                ],
            ],
        ]
    }

    /// The Alertmanager configuration: one webhook receiver, alerts grouped per cluster, and a critical
    /// alert silencing the warning of the same name in the same cluster.
    func configuration(_ topology: VictoriaMetricsTopology) -> YAMLNode {
        let urlFile = "/etc/vm/secrets/\(Self.receiverSecret)/\(Self.receiverKey)"
        return [
            "route": [
                "receiver": "webhook",
                "group_by": ["alertname", "cluster"],
                "group_wait": "30s",
                "group_interval": "5m",
                "repeat_interval": "4h",
            ],
            "inhibit_rules": [
                [
                    "source_matchers": ["severity = critical"],
                    "target_matchers": ["severity = warning"],
                    "equal": ["alertname", "cluster"],
                ]
            ],
            "receivers": [
                ["name": "webhook", "webhook_configs": [["url_file": "\(urlFile)", "send_resolved": true]]]
            ],
        ]
    }

    func vmAlertmanager(_ topology: VictoriaMetricsTopology) -> YAMLNode {
        [
            "apiVersion": "\(VictoriaMetricsCluster.apiVersion)",
            "kind": "VMAlertmanager",
            "metadata": ["name": "\(topology.alertmanagerName)", "namespace": "\(topology.namespace)"],
            "spec": [
                "replicaCount": 1,
                "secrets": ["\(Self.receiverSecret)"],
                "configRawYaml": .string(YAMLWriter.write(configuration(topology))),
                "resources": [
                    "requests": ["cpu": "20m", "memory": "64Mi"],
                    "limits": ["memory": "256Mi"],
                ],
            ],
        ]
    }
}
