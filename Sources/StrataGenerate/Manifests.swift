public import StrataYAML

/// Builders for the objects every component writes the same way.
public enum Manifests {
    /// A Namespace, optionally with labels (for example Pod Security admission levels).
    public static func namespace(_ name: String, labels: [(String, String)] = []) -> YAMLNode {
        var metadata: YAMLNode = ["name": "\(name)"]
        if !labels.isEmpty {
            metadata.set("labels", .mapping(labels.map { ($0.0, .string($0.1)) }))
        }
        return ["apiVersion": "v1", "kind": "Namespace", "metadata": metadata]
    }

    /// A HelmRelease of a chart from its Flux source, with install and upgrade remediation, CRDs created and
    /// replaced by the chart, and the given values.
    public static func helmRelease(
        name: String,
        namespace: String,
        source: ChartSource,
        version: String,
        values: YAMLNode,
        dependsOn: [(name: String, namespace: String)] = []
    ) -> YAMLNode {
        var spec: YAMLNode = [
            "interval": "30m",
            "chart": [
                "spec": [
                    "chart": "\(source.chart)",
                    "version": "\(version)",
                    "sourceRef": [
                        "kind": "HelmRepository", "name": "\(source.repositoryName)", "namespace": "flux-system",
                    ],
                    "interval": "1h",
                ]
            ],
            "install": ["crds": "CreateReplace", "remediation": ["retries": 3]],
            "upgrade": ["crds": "CreateReplace", "remediation": ["retries": 3, "remediateLastFailure": true]],
        ]
        if !dependsOn.isEmpty {
            spec.set(
                "dependsOn",
                .sequence(dependsOn.map { ["name": "\($0.name)", "namespace": "\($0.namespace)"] })
            )
        }
        if case .mapping(let pairs) = values.content, !pairs.isEmpty { spec.set("values", values) }
        return [
            "apiVersion": "helm.toolkit.fluxcd.io/v2",
            "kind": "HelmRelease",
            "metadata": ["name": "\(name)", "namespace": "\(namespace)"],
            "spec": spec,
        ]
    }

    /// An ExternalSecret that fills a Secret of the same name from items of the platform's secret store;
    /// `data` gives each target key with the store item and the item's field it comes from.
    public static func externalSecret(
        name: String,
        namespace: String,
        store: String,
        data: [(key: String, item: String, property: String)]
    ) -> YAMLNode {
        [
            "apiVersion": "external-secrets.io/v1",
            "kind": "ExternalSecret",
            "metadata": ["name": "\(name)", "namespace": "\(namespace)"],
            "spec": [
                "refreshInterval": "1h",
                "secretStoreRef": ["kind": "ClusterSecretStore", "name": "\(store)"],
                "target": ["name": "\(name)", "creationPolicy": "Owner"],
                "data": .sequence(
                    data.map {
                        ["secretKey": "\($0.key)", "remoteRef": ["key": "\($0.item)", "property": "\($0.property)"]]
                    }
                ),
            ],
        ]
    }
}
