import StrataCore
import StrataFlux
import StrataYAML

/// A Service requests its load-balancer address with Cilium's legacy annotation key.
struct LbIpAnnotationLegacy: Rule {
    static let description = RuleDescription(
        id: "net/lb-ip-annotation-legacy",
        name: "LB IP Annotation Legacy",
        summary: "A Service uses the legacy io.cilium/lb-ipam-* annotation keys instead of lbipam.cilium.io/*",
        rationale: """
            Cilium's LB IPAM reads `lbipam.cilium.io/ips` and `lbipam.cilium.io/sharing-key`; the older \
            `io.cilium/lb-ipam-ips` and `io.cilium/lb-ipam-sharing-key` are kept only as aliases \
            (cilium/cilium `pkg/annotation/k8s.go`, `LBIPAMIPKeyAlias`; \
            https://docs.cilium.io/en/stable/network/lb-ipam/, "Requesting IPs").
            """,
        remediation: "Rename the annotation key to `lbipam.cilium.io/ips` (or `lbipam.cilium.io/sharing-key`).",
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: v1
                kind: Service
                metadata:
                  name: gateway
                  namespace: network
                  annotations:
                    lbipam.cilium.io/ips: 10.25.12.10
                spec:
                  type: LoadBalancer
                  ports: [{port: 443}]
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: v1
                kind: Service
                metadata:
                  name: gateway
                  namespace: network
                  annotations:
                    ↓io.cilium/lb-ipam-ips: 10.25.12.10
                spec:
                  type: LoadBalancer
                  ports: [{port: 443}]
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: cilium, namespace: kube-system}
                spec:
                  chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
                  values:
                    clustermesh:
                      apiserver:
                        service:
                          type: LoadBalancer
                          annotations:
                            ↓io.cilium/lb-ipam-ips: 10.25.12.11
                """
            )
        ]
    )

    private static let replacements = [
        "io.cilium/lb-ipam-ips": "lbipam.cilium.io/ips",
        "io.cilium/lb-ipam-sharing-key": "lbipam.cilium.io/sharing-key",
    ]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            for object in cluster.objects where object.resource.kind == "Service" && object.resource.group.isEmpty {
                report(object.node[path: ["metadata", "annotations"]], sink) {
                    context.reference(object, in: cluster)
                }
            }
            for release in cluster.helmReleases {
                walk(release.values) { annotations in
                    report(annotations, sink) { context.reference(release, in: cluster) }
                }
            }
        }
    }

    private func report(_ annotations: YAMLNode?, _ sink: RuleSink, _ reference: () -> ObjectReference) {
        for pair in annotations?.pairs ?? [] {
            guard let key = pair.key.string, let replacement = Self.replacements[key] else { continue }
            sink.report(
                "annotation '\(key)' is a legacy alias; use '\(replacement)'",
                at: pair.key.location,
                object: reference()
            )
        }
    }

    /// Calls `body` with every mapping under a key named `annotations` in Helm values.
    private func walk(_ node: YAMLNode, _ body: (YAMLNode) -> Void) {
        if let items = node.items {
            for item in items { walk(item, body) }
        } else if let pairs = node.pairs {
            for pair in pairs {
                if pair.key.string?.lowercased().hasSuffix("annotations") == true, pair.value.isMapping {
                    body(pair.value)
                } else {
                    walk(pair.value, body)
                }
            }
        }
    }
}
