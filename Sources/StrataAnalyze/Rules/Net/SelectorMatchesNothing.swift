import StrataCore
import StrataFlux
import StrataYAML

/// A Cilium pool, L2 or BGP selector requires a label no object of the cluster carries.
struct SelectorMatchesNothing: Rule {
    static let description = RuleDescription(
        id: "net/selector-matches-nothing",
        name: "Selector Matches Nothing",
        summary: "A Cilium pool, L2 announcement or BGP advertisement selector requires a label nothing carries",
        rationale: """
            A CiliumLoadBalancerIPPool allocates only to Services its `serviceSelector` matches; other \
            Services stay `<pending>` ("There are no enabled CiliumLoadBalancerIPPools that match this \
            service", https://docs.cilium.io/en/stable/network/lb-ipam/, "Service Selectors"). A \
            CiliumBGPAdvertisement of Services advertises only those its `selector` matches, and the \
            `selector` of a `PodCIDR` advertisement is not applicable at all (cilium/cilium \
            `pkg/k8s/apis/cilium.io/v2/bgp_advert_types.go`). A selector that requires a label no object \
            carries selects nothing. Services rendered by HelmReleases cannot be seen, so only labels \
            carried by no object and written nowhere in any HelmRelease's values are reported.
            """,
        remediation: """
            Label the Services the selector is meant for, select with the special keys \
            `io.kubernetes.service.namespace` / `io.kubernetes.service.name`, or drop the selector; remove \
            `selector` from PodCIDR advertisements and select nodes in the CiliumBGPClusterConfig instead.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: public}
                spec:
                  blocks:
                    - cidr: 10.25.12.0/24
                  serviceSelector:
                    matchLabels:
                      exposure: public
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: gateway
                  namespace: network
                  labels:
                    exposure: public
                spec:
                  type: LoadBalancer
                  ports: [{port: 443}]
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: cilium.io/v2
                kind: CiliumLoadBalancerIPPool
                metadata: {name: infra-lb-pool}
                spec:
                  blocks:
                    - cidr: 10.25.12.0/24
                  serviceSelector:
                    matchLabels:
                      ↓io.kubernetes.service/cluster: infra
                ---
                apiVersion: cilium.io/v2
                kind: CiliumBGPAdvertisement
                metadata:
                  name: bgp-advertisements
                  labels: {advertise: bgp}
                spec:
                  advertisements:
                    - advertisementType: Service
                      service:
                        addresses: [LoadBalancerIP]
                      selector:
                        matchExpressions:
                          - key: ↓io.cilium/bgp-announce
                            operator: In
                            values: ["true"]
                    - advertisementType: PodCIDR
                      ↓selector:
                        matchExpressions:
                          - key: node-role.kubernetes.io/control-plane
                            operator: DoesNotExist
                """
            )
        ]
    )

    /// Cilium's selector keys that match a Service's namespace and name rather than a label.
    private static let specialKeys: Set<String> = ["io.kubernetes.service.namespace", "io.kubernetes.service.name"]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            var selectors: [(object: ClusterObject, what: String, selector: YAMLNode)] = []
            for object in cluster.objects where object.resource.group == "cilium.io" {
                switch object.resource.kind {
                case "CiliumLoadBalancerIPPool", "CiliumL2AnnouncementPolicy":
                    if let selector = object.spec["serviceSelector"] {
                        selectors.append((object, "serviceSelector", selector))
                    }
                case "CiliumBGPAdvertisement":
                    for advert in object.spec["advertisements"]?.items ?? [] {
                        guard let selector = advert["selector"] else { continue }
                        switch advert["advertisementType"]?.string {
                        case "PodCIDR":
                            sink.report(
                                "the selector of a PodCIDR advertisement is not applied; the pod CIDRs of every "
                                    + "node the CiliumBGPClusterConfig selects are advertised",
                                at: advert.keyLocation("selector"),
                                object: context.reference(object, in: cluster)
                            )
                        case "Service":
                            selectors.append((object, "selector", selector))
                        default:
                            break
                        }
                    }
                default:
                    break
                }
            }
            guard !selectors.isEmpty else { continue }
            let labels = LabelIndex(cluster)
            for (object, what, selector) in selectors {
                for (key, values, location) in requirements(selector) where !labels.carries(key, values) {
                    let label = values.count == 1 ? "\(key)=\(values[0])" : key
                    sink.report(
                        "\(what) requires label '\(label)' that no object of cluster '\(cluster.name)' carries "
                            + "(Services rendered by HelmReleases are not visible)",
                        at: location,
                        object: context.reference(object, in: cluster)
                    )
                }
            }
        }
    }

    /// The requirements a matching object must meet: a key and the values it may have (empty: any value).
    private func requirements(_ selector: YAMLNode) -> [(String, [String], SourceLocation?)] {
        var out: [(String, [String], SourceLocation?)] = []
        for pair in selector["matchLabels"]?.pairs ?? [] {
            guard let key = pair.key.string, let value = pair.value.string, usable(key), !value.contains("${") else {
                continue
            }
            out.append((key, [value], pair.key.location))
        }
        for expression in selector["matchExpressions"]?.items ?? [] {
            guard let keyNode = expression["key"], let key = keyNode.string, usable(key) else { continue }
            switch expression["operator"]?.string {
            case "In":
                let values = (expression["values"]?.items ?? []).compactMap(\.string)
                guard !values.isEmpty, !values.contains(where: { $0.contains("${") }) else { continue }
                out.append((key, values, keyNode.location))
            case "Exists":
                out.append((key, [], keyNode.location))
            default:
                continue
            }
        }
        return out
    }

    private func usable(_ key: String) -> Bool {
        !Self.specialKeys.contains(key) && !key.contains("${")
    }
}

/// Every label key and key=value pair an object of a cluster carries, or a HelmRelease's values write.
private struct LabelIndex {
    var keys: Set<String> = []
    var pairs: Set<String> = []

    init(_ cluster: Cluster) {
        for object in cluster.objects {
            add(object.node[path: ["metadata", "labels"]])
            add(object.node[path: ["spec", "template", "metadata", "labels"]])
        }
        // Charts label their Services from values; any mapping entry in the values might become a label.
        for release in cluster.helmReleases { walk(release.values) }
    }

    private mutating func add(_ labels: YAMLNode?) {
        for pair in labels?.pairs ?? [] {
            guard let key = pair.key.string else { continue }
            keys.insert(key)
            if let value = pair.value.string { pairs.insert(key + "=" + value) }
        }
    }

    private mutating func walk(_ node: YAMLNode) {
        if let items = node.items {
            for item in items { walk(item) }
        } else if let entries = node.pairs {
            for pair in entries {
                guard let key = pair.key.string else { continue }
                keys.insert(key)
                if let value = pair.value.string {
                    pairs.insert(key + "=" + value)
                } else {
                    walk(pair.value)
                }
            }
        }
    }

    func carries(_ key: String, _ values: [String]) -> Bool {
        values.isEmpty ? keys.contains(key) : values.contains { pairs.contains(key + "=" + $0) }
    }
}
