import StrataCore
import StrataFlux
import StrataYAML

/// A VMAgent writes to an in-cluster Service that does not exist, or a Service takes an operator-owned name.
struct RemoteWriteTarget: Rule {
    static let description = RuleDescription(
        id: "metrics/remote-write-target",
        name: "Remote Write Target",
        summary:
            "A VMAgent remoteWrite URL names a missing Service, or a Service collides with one the operator creates",
        rationale: """
            A VMAgent buffers samples on disk and retries when its `remoteWrite` URL does not resolve, so a \
            typo in a cluster-local Service name (`http://<service>.<namespace>.svc…`) shows up only as a \
            growing queue and, later, lost data. The VictoriaMetrics operator names the Services it creates \
            after the custom resource: `vminsert-<name>`, `vmselect-<name>` and `vmstorage-<name>` for a \
            VMCluster, `vmsingle-<name>`, `vmagent-<name>`, `vmalert-<name>`, `vmauth-<name>` and \
            `vmalertmanager-<name>` (VictoriaMetrics/operator `api/operator/v1beta1/vmcluster_types.go`, \
            `GetVMInsertName`). A hand-written Service with one of those names in the same namespace is \
            reconciled by both Flux and the operator, which overwrite each other's changes; customise the \
            operator's Service through the resource's `serviceSpec` instead \
            (https://docs.victoriametrics.com/operator/api/#additionalservicespec). Namespaces where a \
            HelmRelease installs charts are skipped, since chart Services are not visible; the operator's \
            own chart does not count for operator-style names, as it renders only the operator's Service, \
            named after the release (VictoriaMetrics/helm-charts \
            `charts/victoria-metrics-operator/templates/service.yaml`).
            """,
        remediation: """
            Point the URL at a Service the cluster has (for a VMCluster named `x`: `vminsert-x`), and move \
            customisations of operator Services into `serviceSpec` with `useAsDefault: true`.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: vmcluster, namespace: monitoring}
                spec:
                  replicationFactor: 2
                  vmstorage: {replicaCount: 3}
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: vmagent, namespace: monitoring}
                spec:
                  selectAllByDefault: true
                  remoteWrite:
                    - url: http://vminsert-vmcluster.monitoring.svc:8480/insert/0/prometheus/api/v1/write
                    - url: https://metrics.example.com/api/v1/write
                """
            ),
            // The stack chart creates a VMCluster the repository does not show, and its Services.
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: vmks, namespace: monitoring}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: victoria-metrics-k8s-stack
                      version: 0.58.2
                      sourceRef: {kind: HelmRepository, name: victoria-metrics, namespace: flux-system}
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: edge, namespace: monitoring}
                spec:
                  remoteWrite:
                    - url: http://vminsert-vmks.monitoring.svc:8480/insert/0/prometheus/api/v1/write
                """
            ),
        ],
        failing: [
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: vmcluster, namespace: monitoring}
                spec:
                  replicationFactor: 2
                  vmstorage: {replicaCount: 3}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: ↓vminsert-vmcluster
                  namespace: monitoring
                  annotations: {service.cilium.io/global: "true"}
                spec:
                  ports: [{name: http, port: 8480}]
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: vmagent, namespace: monitoring}
                spec:
                  selectAllByDefault: true
                  remoteWrite:
                    - url: ↓http://vminsert-victoria.monitoring.svc.cluster.local:8480/insert/0/prometheus/api/v1/write
                """
            ),
            // The operator's own chart renders only the operator's Service.
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: victoria-metrics-operator, namespace: monitoring}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: victoria-metrics-operator
                      version: 0.54.0
                      sourceRef: {kind: HelmRepository, name: victoria-metrics, namespace: flux-system}
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMCluster
                metadata: {name: vmcluster, namespace: monitoring}
                spec:
                  replicationFactor: 2
                  vmstorage: {replicaCount: 3}
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: vmagent, namespace: monitoring}
                spec:
                  selectAllByDefault: true
                  remoteWrite:
                    - url: ↓http://vminsert-metrics.monitoring.svc:8480/insert/0/prometheus/api/v1/write
                """
            ),
        ]
    )

    /// The chart that installs the operator; it renders no Service with an operator-generated name.
    private static let operatorChart = "victoria-metrics-operator"

    /// The Service name prefixes the operator uses, by kind.
    private static let generated: [String: [String]] = [
        "VMCluster": ["vminsert", "vmselect", "vmstorage"],
        "VMSingle": ["vmsingle"],
        "VMAgent": ["vmagent"],
        "VMAlert": ["vmalert"],
        "VMAuth": ["vmauth"],
        "VMAlertmanager": ["vmalertmanager"],
    ]

    private struct Key: Hashable {
        var cluster: String
        var namespace: String
        var name: String
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var operatorServices: [Key: String] = [:]
        var services: Set<Key> = []
        var chartNamespaces: Set<Key> = []
        // Namespaces with a chart that may render any Service, even one named like the operator's.
        var otherChartNamespaces: Set<Key> = []
        for cluster in context.clusters {
            for release in cluster.helmReleases {
                let namespace = release.node[path: ["spec", "targetNamespace"]]?.string ?? release.key.namespace
                let key = Key(cluster: cluster.name, namespace: namespace, name: "")
                chartNamespaces.insert(key)
                if !Self.rendersOnlyOperator(release) { otherChartNamespaces.insert(key) }
            }
            for object in cluster.objects {
                let namespace = object.resource.namespace ?? "default"
                if object.resource.kind == "Service", object.resource.group.isEmpty {
                    services.insert(Key(cluster: cluster.name, namespace: namespace, name: object.resource.name))
                } else if object.resource.group == "operator.victoriametrics.com",
                    let prefixes = Self.generated[object.resource.kind]
                {
                    for prefix in prefixes {
                        let key = Key(
                            cluster: cluster.name,
                            namespace: namespace,
                            name: "\(prefix)-\(object.resource.name)"
                        )
                        operatorServices[key] = "\(object.resource.kind) '\(object.resource.name)'"
                    }
                }
            }
        }
        for cluster in context.clusters {
            for object in cluster.objects {
                let namespace = object.resource.namespace ?? "default"
                if object.resource.kind == "Service", object.resource.group.isEmpty,
                    let owner = operatorServices[
                        Key(cluster: cluster.name, namespace: namespace, name: object.resource.name)
                    ]
                {
                    sink.report(
                        "Service '\(object.resource.name)' has the name the operator gives a Service of \(owner): "
                            + "both reconcile the same object",
                        at: object.node[path: ["metadata", "name"]]?.location,
                        object: context.reference(object, in: cluster)
                    )
                }
                guard object.resource.kind == "VMAgent", object.resource.group == "operator.victoriametrics.com"
                else { continue }
                for target in object.spec["remoteWrite"]?.items ?? [] {
                    guard let node = target["url"], let url = node.string,
                        let (service, serviceNamespace) = Self.clusterService(url)
                    else { continue }
                    let key = Key(cluster: cluster.name, namespace: serviceNamespace, name: service)
                    let namespaceKey = Key(cluster: cluster.name, namespace: serviceNamespace, name: "")
                    let operatorStyle = Self.generated.values.joined().contains { service.hasPrefix($0 + "-") }
                    guard !services.contains(key), operatorServices[key] == nil,
                        !(operatorStyle ? otherChartNamespaces : chartNamespaces).contains(namespaceKey)
                    else { continue }
                    let candidates = (services.union(operatorServices.keys))
                        .filter { $0.cluster == cluster.name && $0.namespace == serviceNamespace }.map(\.name)
                    sink.report(
                        "remoteWrite URL names Service '\(serviceNamespace)/\(service)', which cluster "
                            + "'\(cluster.name)' does not have\(DidYouMean.hint(for: service, among: candidates))",
                        at: node.location,
                        object: context.reference(object, in: cluster)
                    )
                }
            }
        }
    }

    /// Whether a release is the operator's chart with no `extraObjects`, so it renders only the operator itself.
    private static func rendersOnlyOperator(_ release: HelmReleaseInfo) -> Bool {
        guard release.chart == operatorChart else { return false }
        guard let extra = release.values["extraObjects"] else { return true }
        return extra.isNull || extra.items?.isEmpty == true
    }

    /// The Service and namespace of a cluster-local URL (`http://svc.ns.svc[.cluster.local][:port]/…`).
    static func clusterService(_ url: String) -> (service: String, namespace: String)? {
        guard !url.contains("${"), let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let hostPort = authority.split(separator: "@").last ?? authority
        let host = hostPort.prefix { $0 != ":" }.lowercased()
        let labels = host.split(separator: ".").map(String.init)
        guard
            labels.count == 3 && labels[2] == "svc" || labels.count == 5 && labels[2...] == ["svc", "cluster", "local"]
        else { return nil }
        return (labels[0], labels[1])
    }
}
