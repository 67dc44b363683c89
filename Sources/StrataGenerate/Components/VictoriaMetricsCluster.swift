import StrataPlatform
import StrataYAML

/// The metrics cluster's VMCluster, and the VMAuth that fronts it for clients outside the platform.
public struct VictoriaMetricsCluster: PlatformComponent {
    /// The API version of every VictoriaMetrics object.
    static let apiVersion = "operator.victoriametrics.com/v1beta1"
    /// The secret store item holding the VMAuth users' passwords.
    static let credentialsItem = "victoriametrics-vmauth"

    /// Creates the component.
    public init() {}

    /// Adds the VMCluster, VMAuth and VMUsers to the metrics cluster's observability layer.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let topology = VictoriaMetricsTopology(context: context)
        guard topology.isMetricsCluster(plan.cluster) else { return }
        plan.add(
            [vmCluster(topology, cluster: plan.cluster, storage: context.spec.storage)],
            to: .observability,
            file: "vmcluster.yaml",
            comment: """
                vmstorage keeps each sample on \(topology.metrics.replicationFactor) of \
                \(topology.metrics.storageReplicas) nodes; vmselect and vmstorage deduplicate with the same
                -dedup.minScrapeInterval, as VictoriaMetrics requires when replicating.
                The operator owns the vminsert Service: the ClusterMesh global-service annotations are set
                through serviceSpec (useAsDefault) so that no second controller writes that Service.
                """
        )
        plan.add(
            vmAuth(topology, store: context.secretStoreName),
            to: .observability,
            file: "vmauth.yaml",
            comment: """
                VMAuth gives clients outside the platform one authenticated endpoint: a reader limited to the
                query API and a writer limited to the insert API, with passwords from the secret store.
                """
        )
        for kind in ["VMCluster", "VMAuth", "VMUser"] {
            Self.addHealth(kind: kind, to: &plan)
        }
    }

    /// Registers the operator's `updateStatus` as the readiness of a VictoriaMetrics kind.
    static func addHealth(kind: String, to plan: inout ClusterPlan) {
        plan.addHealthCheckExpression(
            apiVersion: apiVersion,
            kind: kind,
            current: "has(status.updateStatus) && status.updateStatus == 'operational'",
            failed: "has(status.updateStatus) && status.updateStatus == 'failed'",
            to: .observability
        )
    }

    func vmCluster(_ topology: VictoriaMetricsTopology, cluster: ClusterSpec, storage: StorageSpec) -> YAMLNode {
        let metrics = topology.metrics
        let dedup: YAMLNode = ["dedup.minScrapeInterval": "\(metrics.scrapeInterval)"]
        let memory = topology.storageMemoryRequestBytes
        var vmstorage: YAMLNode = [
            "replicaCount": .int(metrics.storageReplicas),
            "storage": [
                "volumeClaimTemplate": [
                    "spec": [
                        "storageClassName": "\(VictoriaMetricsTopology.storageClass(for: cluster, storage: storage))",
                        "accessModes": ["ReadWriteOnce"],
                        "resources": [
                            "requests": [
                                "storage": "\(VictoriaMetricsTopology.quantity(bytes: metrics.storageVolumeBytes))"
                            ]
                        ],
                    ]
                ]
            ],
            "resources": [
                "requests": ["cpu": "250m", "memory": "\(VictoriaMetricsTopology.quantity(bytes: memory))"],
                "limits": ["memory": "\(VictoriaMetricsTopology.quantity(bytes: memory * 2))"],
            ],
            "extraArgs": dedup,
        ]
        vmstorage.set("affinity", Self.spread(component: "vmstorage", topology: topology, hard: true, cluster: cluster))
        return [
            "apiVersion": "\(Self.apiVersion)",
            "kind": "VMCluster",
            "metadata": ["name": "\(topology.clusterName)", "namespace": "\(topology.namespace)"],
            "spec": [
                "retentionPeriod": "\(metrics.retention)",
                "replicationFactor": .int(metrics.replicationFactor),
                "vmstorage": vmstorage,
                "vmselect": [
                    "replicaCount": .int(metrics.frontendReplicas),
                    "resources": [
                        "requests": ["cpu": "100m", "memory": "256Mi"],
                        "limits": ["memory": "1Gi"],
                    ],
                    "extraArgs": dedup,
                    "affinity": Self.spread(component: "vmselect", topology: topology, hard: false, cluster: cluster),
                ],
                "vminsert": [
                    "replicaCount": .int(metrics.frontendReplicas),
                    "resources": [
                        "requests": ["cpu": "100m", "memory": "128Mi"],
                        "limits": ["memory": "512Mi"],
                    ],
                    "affinity": Self.spread(component: "vminsert", topology: topology, hard: false, cluster: cluster),
                    "serviceSpec": [
                        "useAsDefault": true,
                        "metadata": [
                            "annotations": [
                                "service.cilium.io/global": "true",
                                "service.cilium.io/shared": "true",
                            ]
                        ],
                        "spec": ["type": "ClusterIP"],
                    ],
                ],
            ],
        ]
    }

    /// Pod anti-affinity that puts a component's pods on different nodes: required for vmstorage when the
    /// cluster has a node for each replica (two replicas of a sample on one node would not be two copies),
    /// preferred otherwise.
    static func spread(
        component: String,
        topology: VictoriaMetricsTopology,
        hard: Bool,
        cluster: ClusterSpec
    )
        -> YAMLNode
    {
        let term: YAMLNode = [
            "topologyKey": "kubernetes.io/hostname",
            "labelSelector": [
                "matchLabels": [
                    "app.kubernetes.io/name": "\(component)",
                    "app.kubernetes.io/instance": "\(topology.clusterName)",
                ]
            ],
        ]
        let replicas = component == "vmstorage" ? topology.metrics.storageReplicas : topology.metrics.frontendReplicas
        if hard && cluster.nodes.count >= replicas {
            return ["podAntiAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [term]]]
        }
        return [
            "podAntiAffinity": [
                "preferredDuringSchedulingIgnoredDuringExecution": [["weight": 100, "podAffinityTerm": term]]
            ]
        ]
    }

    func vmAuth(_ topology: VictoriaMetricsTopology, store: String) -> [YAMLNode] {
        let secret = "vmauth-users"
        let users: [(name: String, component: String, path: String)] = [
            ("metrics-reader", "VMCluster/vmselect", "/select/.*"),
            ("metrics-writer", "VMCluster/vminsert", "/insert/.*"),
        ]
        var documents: [YAMLNode] = [
            Manifests.externalSecret(
                name: secret,
                namespace: topology.namespace,
                store: store,
                data: users.map { (key: $0.name, item: Self.credentialsItem, property: $0.name) }
            ),
            [
                "apiVersion": "\(Self.apiVersion)",
                "kind": "VMAuth",
                "metadata": ["name": "\(topology.authName)", "namespace": "\(topology.namespace)"],
                "spec": [
                    // VMUsers of this namespace only: a selector without a namespace selector means that.
                    "userSelector": ["matchLabels": ["app.kubernetes.io/part-of": "\(topology.authName)"]],
                    "replicaCount": .int(topology.metrics.frontendReplicas),
                    "resources": [
                        "requests": ["cpu": "50m", "memory": "64Mi"],
                        "limits": ["memory": "256Mi"],
                    ],
                ],
            ],
        ]
        for user in users {
            documents.append([
                "apiVersion": "\(Self.apiVersion)",
                "kind": "VMUser",
                "metadata": [
                    "name": "\(user.name)",
                    "namespace": "\(topology.namespace)",
                    "labels": ["app.kubernetes.io/part-of": "\(topology.authName)"],
                ],
                "spec": [
                    "username": "\(user.name)",
                    "passwordRef": ["name": "\(secret)", "key": "\(user.name)"],
                    "targetRefs": [
                        [
                            "crd": [
                                "kind": "\(user.component)",
                                "name": "\(topology.clusterName)",
                                "namespace": "\(topology.namespace)",
                            ],
                            "paths": ["\(user.path)"],
                        ]
                    ],
                ],
            ])
        }
        return documents
    }
}
