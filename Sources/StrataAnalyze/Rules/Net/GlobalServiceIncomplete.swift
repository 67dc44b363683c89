import StrataCore
import StrataFlux
import StrataYAML

/// A ClusterMesh global Service is missing, or not global, in another cluster that has or uses it.
struct GlobalServiceIncomplete: Rule {
    static let description = RuleDescription(
        id: "net/global-service-incomplete",
        name: "Global Service Incomplete",
        summary: """
            A ClusterMesh global Service is not declared global in another meshed cluster that has a Service of \
            that name or addresses it
            """,
        rationale: """
            Cilium load-balances across clusters only between Services that have the same name and namespace in \
            each cluster and are all annotated `service.cilium.io/global: "true"` (or the legacy alias \
            `io.cilium/global-service`) (cilium/cilium `Documentation/network/clustermesh/services.rst`, \
            "Load-balancing with Global Services"; `pkg/annotation/k8s.go`, `GlobalService` and \
            `GlobalServiceAlias`). A cluster that only consumes the Service still needs its own copy, which may \
            have no selector and so no local backends: ClusterMesh adds no DNS name for remote Services, so \
            clients resolve the local Service and Cilium adds the remote backends to it. A same-named Service \
            without the annotation neither shares its backends nor receives the others'.
            """,
        remediation: """
            Declare the Service with the same name and namespace in every cluster that uses it, annotated \
            `service.cilium.io/global: "true"`; in a cluster that only consumes it, leave out the selector or add \
            `service.cilium.io/shared: "false"`. Annotate `service.cilium.io/global: "false"` to keep a \
            same-named Service deliberately local.
            """,
        severity: .warning,
        passing: [
            Example(
                files: [
                    ("clusters/infra/postgres.yaml", Self.service(selector: true)),
                    ("clusters/apps/postgres.yaml", Self.service(selector: false)),
                    (
                        "clusters/apps/app.yaml",
                        """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: app, namespace: default}
                        data:
                          DATABASE_HOST: postgres.databases.svc.cluster.local
                        """
                    ),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("clusters/infra/postgres.yaml", Self.service(selector: true, marker: "↓")),
                    (
                        "clusters/infra/vminsert.yaml",
                        """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: vminsert-vmcluster
                          namespace: monitoring
                          annotations:
                            ↓io.cilium/global-service: "true"
                        spec:
                          ports: [{name: http, port: 8480}]
                          selector:
                            app.kubernetes.io/name: vminsert
                        """
                    ),
                    (
                        "clusters/apps/postgres.yaml",
                        """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: postgres
                          namespace: databases
                        spec:
                          ports: [{port: 5432}]
                        """
                    ),
                    (
                        "clusters/apps/vmagent.yaml",
                        """
                        apiVersion: operator.victoriametrics.com/v1beta1
                        kind: VMAgent
                        metadata: {name: vmagent-apps, namespace: monitoring}
                        spec:
                          remoteWrite:
                            - url: "http://vminsert-vmcluster.monitoring.svc.cluster.local:8480/insert/0/prometheus/api/v1/write"
                        """
                    ),
                ]
            )
        ]
    )

    private static func service(selector: Bool, marker: String = "") -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: postgres
          namespace: databases
          annotations:
            \(marker)service.cilium.io/global: "true"
        spec:
          ports: [{port: 5432}]
        """ + (selector ? "\n  selector:\n    app: postgres" : "")
    }

    /// The annotation keys, in the order Cilium reads them: the first one present decides.
    static let annotationKeys = ["service.cilium.io/global", "io.cilium/global-service"]

    /// The global-service annotation of a Service, as Cilium reads it.
    static func annotation(of service: ClusterObject) -> YAMLPair? {
        let annotations = service.node[path: ["metadata", "annotations"]]?.pairs ?? []
        for key in annotationKeys {
            if let pair = annotations.last(where: { $0.key.string == key }) { return pair }
        }
        return nil
    }

    private struct Key: Hashable, Comparable {
        var namespace: String
        var name: String

        static func < (lhs: Key, rhs: Key) -> Bool { (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name) }
        var description: String { namespace + "/" + name }
    }

    /// A Service declared global: where, and the annotation that says so.
    private struct Declaration {
        var cluster: Int
        var service: ClusterObject
        var annotation: YAMLPair
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let clusters = context.clusters
        var services: [[Key: ClusterObject]] = Array(repeating: [:], count: clusters.count)
        var global: [Key: [Declaration]] = [:]
        for (index, cluster) in clusters.enumerated() {
            for object in cluster.objects where object.resource.kind == "Service" && object.resource.group.isEmpty {
                let key = Key(namespace: object.resource.namespace ?? "default", name: object.resource.name)
                guard services[index][key] == nil else { continue }
                services[index][key] = object
                if let pair = Self.annotation(of: object), pair.value.string?.lowercased() == "true" {
                    global[key, default: []].append(Declaration(cluster: index, service: object, annotation: pair))
                }
            }
        }
        guard !global.isEmpty, clusters.count > 1 else { return }
        var installs: [String: CiliumInstall] = [:]
        let all = context.shared("CiliumInstall") { CiliumInstall.all(in: context) }
        for install in all where installs[install.cluster.name] == nil {
            installs[install.cluster.name] = install
        }
        var uses: [Int: [Key: [ServiceHostUse]]] = [:]
        var owners: [Int: Owners] = [:]
        for key in global.keys.sorted() {
            let declarations = global[key] ?? []
            for (index, cluster) in clusters.enumerated() where !declarations.contains(where: { $0.cluster == index }) {
                let peers = declarations.filter {
                    Self.connected(clusters[$0.cluster].name, cluster.name, installs: installs)
                }
                guard !peers.isEmpty else { continue }
                let message: String
                let notes: [Diagnostic.Note]
                if let local = services[index][key] {
                    // An explicit value other than true keeps the Service local on purpose.
                    guard Self.annotation(of: local) == nil, local.spec["type"]?.string != "ExternalName" else {
                        continue
                    }
                    message =
                        "global Service '\(key.description)' is not annotated global in cluster '\(cluster.name)', "
                        + "so the clusters do not share its backends"
                    notes = [
                        Diagnostic.Note(
                            "Service '\(key.description)' of cluster '\(cluster.name)'",
                            at: local.node[path: ["metadata", "name"]]?.location ?? local.node.location
                        )
                    ]
                } else {
                    if uses[index] == nil { uses[index] = Self.index(ServiceHostUse.byCluster(context)[index]) }
                    let consumers = uses[index]?[key] ?? []
                    guard !consumers.isEmpty else { continue }
                    if owners[index] == nil { owners[index] = Owners(cluster) }
                    if owners[index]?.mayRender(key.name, in: key.namespace) == true { continue }
                    message =
                        "global Service '\(key.description)' is not declared in cluster '\(cluster.name)', which "
                        + "addresses it as '\(consumers[0].host.host)' (Services rendered by HelmReleases are not "
                        + "visible)"
                    notes = consumers.map {
                        Diagnostic.Note("addressed in cluster '\(cluster.name)'", at: $0.location)
                    }
                }
                // A declaration shared by several clusters (a common base) is reported once.
                var reported: Set<String> = []
                for peer in peers {
                    let location = peer.annotation.key.location
                    guard reported.insert(location?.description ?? "").inserted else { continue }
                    sink.report(
                        message,
                        at: location,
                        object: context.reference(peer.service, in: clusters[peer.cluster]),
                        notes: notes
                    )
                }
            }
        }
    }

    /// The uses by Service, leaving out MCS-API names, which ServiceImports serve rather than global Services.
    private static func index(_ uses: [ServiceHostUse]) -> [Key: [ServiceHostUse]] {
        var out: [Key: [ServiceHostUse]] = [:]
        for use in uses where use.host.zone != "clusterset.local" {
            out[Key(namespace: use.host.namespace, name: use.host.service), default: []].append(use)
        }
        return out
    }

    /// Whether two clusters may be meshed: unknown counts as yes, a visible Cilium without ClusterMesh or a
    /// static peer list without the other cluster as no.
    static func connected(_ a: String, _ b: String, installs: [String: CiliumInstall]) -> Bool {
        for (this, other) in [(a, b), (b, a)] {
            guard let install = installs[this] else { continue }
            if !install.meshes { return false }
            let peers = (install.value("clustermesh.config.clusters")?.items ?? []).compactMap { $0["name"]?.string }
            if !peers.isEmpty, let name = installs[other]?.value("cluster.name")?.string, !name.contains("${"),
                !peers.contains(name)
            {
                return false
            }
        }
        return true
    }
}

/// The names of a cluster's HelmReleases and objects by namespace, the likely owners of Services that cannot
/// be seen (a chart's `<release>-<component>`, an operator's `<component>-<resource>`).
private struct Owners {
    private var names: [String: Set<String>] = [:]

    init(_ cluster: Cluster) {
        for object in cluster.objects where object.resource.kind != "Service" {
            guard let namespace = object.resource.namespace else { continue }
            names[namespace, default: []].insert(object.resource.name)
        }
        for release in cluster.helmReleases {
            let namespace = release.node[path: ["spec", "targetNamespace"]]?.string ?? release.key.namespace
            names[namespace, default: []].insert(release.key.name)
            if let name = release.node[path: ["spec", "releaseName"]]?.string {
                names[namespace, default: []].insert(name)
            }
        }
    }

    /// Whether something in the namespace is named as a hyphen-separated part of the Service's name.
    func mayRender(_ service: String, in namespace: String) -> Bool {
        (names[namespace] ?? []).contains { name in
            service == name || service.hasPrefix(name + "-") || service.hasSuffix("-" + name)
                || service.contains("-" + name + "-")
        }
    }
}
