import StrataPlatform
import StrataYAML

/// A VMAgent in every cluster, writing to the metrics cluster's vminsert, and the ClusterMesh global
/// Service that carries that traffic from the other clusters.
public struct VictoriaMetricsAgent: PlatformComponent {
    /// Creates the component.
    public init() {}

    /// Adds the VMAgent, and on clusters other than the metrics cluster the global vminsert Service.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let topology = VictoriaMetricsTopology(context: context)
        guard let metricsCluster = topology.metricsCluster else { return }
        plan.add(
            [vmAgent(topology, cluster: plan.cluster)],
            to: .observability,
            file: "vmagent.yaml",
            comment: """
                Scrapes every VMServiceScrape, VMPodScrape and other scrape object in every namespace
                (selectAllByDefault with no explicit selectors, which would narrow it to this namespace)
                and labels each series with cluster=\(plan.cluster.name).
                """
        )
        VictoriaMetricsCluster.addHealth(kind: "VMAgent", to: &plan)
        guard !topology.isMetricsCluster(plan.cluster) else { return }
        plan.add(
            [globalInsertService(topology)],
            to: .observability,
            file: "vminsert-global.yaml",
            comment: """
                A ClusterMesh global Service with the name, namespace and ports of the VMCluster's vminsert
                Service in \(metricsCluster.name). It has no selector and shares nothing (shared: false):
                Cilium sends its traffic to \(metricsCluster.name)'s vminsert pods.
                """
        )
    }

    func vmAgent(_ topology: VictoriaMetricsTopology, cluster: ClusterSpec) -> YAMLNode {
        [
            "apiVersion": "\(VictoriaMetricsCluster.apiVersion)",
            "kind": "VMAgent",
            "metadata": ["name": "\(topology.agentName)", "namespace": "\(topology.namespace)"],
            "spec": [
                "selectAllByDefault": true,
                "replicaCount": 1,
                "scrapeInterval": "\(topology.metrics.scrapeInterval)",
                "externalLabels": ["cluster": "\(cluster.name)"],
                "remoteWrite": [["url": "\(topology.remoteWriteURL)"]],
                "resources": [
                    "requests": ["cpu": "100m", "memory": "256Mi"],
                    "limits": ["memory": "1Gi"],
                ],
            ],
        ]
    }

    func globalInsertService(_ topology: VictoriaMetricsTopology) -> YAMLNode {
        [
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": [
                "name": "\(topology.insertServiceName)",
                "namespace": "\(topology.namespace)",
                "annotations": [
                    "service.cilium.io/global": "true",
                    "service.cilium.io/shared": "false",
                ],
            ],
            "spec": [
                "type": "ClusterIP",
                "ports": [
                    [
                        "name": "\(topology.httpPortName)",
                        "port": .int(topology.insertPort),
                        "targetPort": .int(topology.insertPort),
                        "protocol": "TCP",
                    ]
                ],
            ],
        ]
    }
}
