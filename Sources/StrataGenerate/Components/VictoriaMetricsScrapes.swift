import StrataPlatform
import StrataYAML

/// The scrape objects that feed the alerting rules: Flux's controllers and Velero in every cluster, VolSync
/// where it backs volumes up, the Ceph manager where Ceph runs, and each PostgreSQL cluster's instances.
///
/// The charts' own ServiceMonitor and PodMonitor switches need the prometheus-operator CRDs, which the
/// platform does not install, so the VictoriaMetrics kinds are written directly.
public struct VictoriaMetricsScrapes: PlatformComponent {
    /// Creates the component.
    public init() {}

    /// Adds the cluster's scrape objects to its observability layer.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let topology = VictoriaMetricsTopology(context: context)
        guard topology.metricsCluster != nil else { return }
        var documents: [YAMLNode] = [
            podScrape(
                name: "flux-system",
                topology: topology,
                namespaces: .sequence([.string("flux-system")]),
                selector: [
                    "matchExpressions": [
                        [
                            "key": "app",
                            "operator": "In",
                            "values": [
                                "source-controller", "kustomize-controller", "helm-controller",
                                "notification-controller",
                            ],
                        ]
                    ]
                ],
                port: "http-prom"
            ),
            serviceScrape(
                name: "velero",
                topology: topology,
                selector: ["matchLabels": ["app.kubernetes.io/name": "velero"]],
                port: "http-monitoring"
            ),
        ]
        if plan.cluster.ceph == .provider {
            documents.append(
                serviceScrape(
                    name: "ceph-mgr",
                    topology: topology,
                    selector: ["matchLabels": ["app": "rook-ceph-mgr"]],
                    port: "http-metrics"
                )
            )
        }
        if !VolSyncRepository.all(in: plan.cluster.name, context: context).isEmpty {
            let label = VolSync.controllerLabel
            var scrape = serviceScrape(
                name: VolSync.metricsService,
                topology: topology,
                selector: ["matchLabels": [label.key: "\(label.value)"]],
                port: VolSync.metricsPort
            )
            scrape.set(path: ["spec", "namespaceSelector"], ["matchNames": ["\(VolSync.operatorNamespace)"]])
            // The controller serves metrics over TLS only, with a self-signed certificate.
            scrape.set(
                path: ["spec", "endpoints"],
                [["port": "\(VolSync.metricsPort)", "scheme": "https", "tlsConfig": ["insecureSkipVerify": true]]]
            )
            documents.append(scrape)
        }
        for database in context.spec.databases where database.cluster == plan.cluster.name {
            documents.append(
                podScrape(
                    name: "postgres-\(database.name)",
                    topology: topology,
                    namespaces: .sequence([.string(database.namespace)]),
                    selector: ["matchLabels": ["cnpg.io/cluster": "\(database.name)", "cnpg.io/podRole": "instance"]],
                    port: "metrics"
                )
            )
        }
        plan.add(
            documents,
            to: .observability,
            file: "scrapes.yaml",
            comment: """
                What the alerting rules read: Flux's controllers, Velero, VolSync, the Ceph manager and
                PostgreSQL. Written as VictoriaMetrics scrape objects because the charts' ServiceMonitor and
                PodMonitor switches need the prometheus-operator CRDs, which are not installed.
                """
        )
    }

    func podScrape(
        name: String,
        topology: VictoriaMetricsTopology,
        namespaces: YAMLNode,
        selector: YAMLNode,
        port: String
    )
        -> YAMLNode
    {
        [
            "apiVersion": "\(VictoriaMetricsCluster.apiVersion)",
            "kind": "VMPodScrape",
            "metadata": ["name": "\(name)", "namespace": "\(topology.namespace)"],
            "spec": [
                "namespaceSelector": ["matchNames": namespaces],
                "selector": selector,
                "podMetricsEndpoints": [["port": "\(port)"]],
            ],
        ]
    }

    func serviceScrape(name: String, topology: VictoriaMetricsTopology, selector: YAMLNode, port: String) -> YAMLNode {
        [
            "apiVersion": "\(VictoriaMetricsCluster.apiVersion)",
            "kind": "VMServiceScrape",
            "metadata": ["name": "\(name)", "namespace": "\(topology.namespace)"],
            "spec": [
                // Velero and Rook run in namespaces of their own choosing; match the Service in any namespace.
                "namespaceSelector": ["any": true],
                "selector": selector,
                "endpoints": [["port": "\(port)"]],
            ],
        ]
    }
}
