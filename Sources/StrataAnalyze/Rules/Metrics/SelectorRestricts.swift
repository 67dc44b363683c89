import StrataYAML

/// An empty object selector without its namespace selector limits a VMAgent or VMAlert to its own namespace.
struct SelectorRestricts: Rule {
    static let description = RuleDescription(
        id: "metrics/selector-restricts",
        name: "Selector Restricts",
        summary: "An empty selector without its namespace selector limits scraping or rule loading to one namespace",
        rationale: """
            The VictoriaMetrics operator decides which namespaces a VMAgent scrapes (or a VMAlert loads rules \
            from) from each pair of object selector and namespace selector. A defined object selector, even an \
            empty `{}`, with no namespace selector means "only the object's own namespace", and this case wins \
            over `selectAllByDefault: true`. Writing `serviceScrapeSelector: {}` to mean "everything" therefore \
            silently drops every VMServiceScrape, ServiceMonitor or VMRule in other namespaces \
            (https://docs.victoriametrics.com/operator/resources/vmagent/#scraping, selector table; \
            VictoriaMetrics/operator `internal/controller/operator/factory/k8stools/selectors.go`).
            """,
        remediation: """
            Remove the empty selector and rely on `selectAllByDefault: true`, or add the matching namespace \
            selector (`serviceScrapeNamespaceSelector: {}`) to select every namespace.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: vmagent, namespace: monitoring}
                spec:
                  selectAllByDefault: true
                  serviceScrapeSelector: {}
                  serviceScrapeNamespaceSelector: {}
                  remoteWrite:
                    - url: http://vminsert-vmcluster.monitoring.svc:8480/insert/0/prometheus/api/v1/write
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAgent
                metadata: {name: vmagent, namespace: monitoring}
                spec:
                  selectAllByDefault: true
                  ↓serviceScrapeSelector: {}
                  podScrapeSelector: {}
                  podScrapeNamespaceSelector:
                    matchLabels: {team: core}
                  remoteWrite:
                    - url: http://vminsert-vmcluster.monitoring.svc:8480/insert/0/prometheus/api/v1/write
                ---
                apiVersion: operator.victoriametrics.com/v1beta1
                kind: VMAlert
                metadata: {name: vmalert, namespace: monitoring}
                spec:
                  ↓ruleSelector: {}
                  datasource: {url: http://vmselect-vmcluster.monitoring.svc:8481/select/0/prometheus}
                """
            )
        ]
    )

    private static let pairs: [String: [(selector: String, namespaceSelector: String, what: String)]] = [
        "VMAgent": [
            ("serviceScrapeSelector", "serviceScrapeNamespaceSelector", "VMServiceScrapes"),
            ("podScrapeSelector", "podScrapeNamespaceSelector", "VMPodScrapes"),
            ("probeSelector", "probeNamespaceSelector", "VMProbes"),
            ("nodeScrapeSelector", "nodeScrapeNamespaceSelector", "VMNodeScrapes"),
            ("staticScrapeSelector", "staticScrapeNamespaceSelector", "VMStaticScrapes"),
            ("scrapeConfigSelector", "scrapeConfigNamespaceSelector", "VMScrapeConfigs"),
        ],
        "VMAlert": [("ruleSelector", "ruleNamespaceSelector", "VMRules")],
    ]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            for object in cluster.objects where object.resource.group == "operator.victoriametrics.com" {
                guard let pairs = Self.pairs[object.resource.kind] else { continue }
                let spec = object.spec
                for pair in pairs {
                    guard let selector = spec[pair.selector], Self.isEmpty(selector),
                        spec[pair.namespaceSelector] == nil
                    else { continue }
                    let namespace = object.resource.namespace ?? "default"
                    sink.report(
                        "empty \(pair.selector) without \(pair.namespaceSelector) selects \(pair.what) in "
                            + "namespace '\(namespace)' only",
                        at: spec.keyLocation(pair.selector),
                        object: context.reference(object, in: cluster)
                    )
                }
            }
        }
    }

    /// `{}`, or a selector whose `matchLabels` and `matchExpressions` are both empty.
    private static func isEmpty(_ selector: YAMLNode) -> Bool {
        // A null selector is unset in Go, so only a mapping counts as defined.
        guard let pairs = selector.pairs else { return false }
        return pairs.allSatisfy { pair in
            pair.value.isNull || pair.value.pairs?.isEmpty == true || pair.value.items?.isEmpty == true
        }
    }
}
