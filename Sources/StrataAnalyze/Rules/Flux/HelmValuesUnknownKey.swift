import StrataCore
import StrataFlux
import StrataYAML

/// A HelmRelease sets a value key that its chart's `values.yaml` does not have.
struct HelmValuesUnknownKey: Rule {
    static let description = RuleDescription(
        id: "flux/helm-values-unknown-key",
        name: "Helm Values Unknown Key",
        summary: "A HelmRelease sets a values key that the chart's values.yaml does not define",
        rationale: """
            Helm merges the release's values over the chart's `values.yaml` and renders templates that read \
            only the keys they know; a misspelt key, or one the chart removed, is silently ignored \
            (https://helm.sh/docs/chart_template_guide/values_files/). Cilium's `hostServices`, for \
            example, was replaced by `socketLB` and removed in 1.13 (cilium/cilium #22077), so setting it \
            changes nothing. Runs only when `strata.yaml` names a charts directory (`charts:`) holding \
            `<chart>/values.yaml` or `<chart>/<version>/values.yaml`.
            """,
        remediation: """
            Use the key the chart documents in its `values.yaml` for this version (check the chart's \
            upgrade notes for renamed values), or remove it.
            """,
        severity: .warning,
        passing: [
            Example(files: files(values: "    socketLB:\n      enabled: true\n"))
        ],
        failing: [
            Example(
                files: files(values: "    ↓hostServices:\n      enabled: true\n    socketLB:\n      ↓enable: true\n")
            )
        ]
    )

    private static func files(values: String) -> [(path: String, text: String)] {
        [
            ("strata.yaml", "version: 1\ncharts: charts\n"),
            (
                "clusters/example/cilium.yaml",
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: cilium, namespace: kube-system}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: cilium
                      version: 1.18.3
                      sourceRef: {kind: HelmRepository, name: cilium, namespace: flux-system}
                  values:
                    kubeProxyReplacement: true
                    hubble:
                      relay: {enabled: true}
                    podAnnotations:
                      team: network
                \(values)
                """
            ),
            (
                "charts/cilium/1.18.3/values.yaml",
                """
                kubeProxyReplacement: "false"
                hubble:
                  enabled: true
                  relay:
                    enabled: false
                    # replicas: 1
                podAnnotations: {}
                socketLB:
                  enabled: false
                """
            ),
        ]
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        guard var catalog = HelmChartCatalog(context) else { return }
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            for release in cluster.helmReleases {
                guard let values = release.node[path: ["spec", "values"]], values.isMapping,
                    let chart = catalog.defaults(for: release, in: cluster)
                else { continue }
                let schema = chart.schema.map { ValuesSchema(root: $0) }
                var walker = Walker(chart: chart, schema: schema)
                walker.walk(
                    values,
                    defaults: chart.values,
                    schemaNode: schema.flatMap { $0.resolve($0.root) },
                    path: []
                )
                for (path, location) in walker.unknown {
                    guard reported.insert(location).inserted else { continue }
                    sink.report(
                        "HelmRelease '\(release.key)' sets '\(path)', which chart \(chart.label) does not define",
                        at: location,
                        object: context.reference(release, in: cluster)
                    )
                }
            }
        }
    }

    /// Walks the release's values beside the chart's defaults.
    private struct Walker {
        let chart: HelmChartDefaults
        let schema: ValuesSchema?
        var unknown: [(String, SourceLocation)] = []

        mutating func walk(_ values: YAMLNode, defaults: YAMLNode, schemaNode: [String: JSONValue]?, path: [String]) {
            for pair in values.pairs ?? [] {
                guard let key = pair.key.string, !key.contains("${") else { continue }
                if path.isEmpty, key == "global" || chart.subcharts.contains(key) { continue }
                let childSchema = schemaNode.flatMap { node in schema?.property(key, of: node) }
                if let known = defaults[key] {
                    // An empty or null default is a free-form map; a scalar or list default is not descended.
                    if let pairs = known.pairs, !pairs.isEmpty, pair.value.isMapping {
                        walk(pair.value, defaults: known, schemaNode: childSchema, path: path + [key])
                    }
                    continue
                }
                if childSchema != nil || chart.documentsInComment(key) { continue }
                // A closed schema rejects the key outright; flux/helm-values-invalid reports that.
                if let schemaNode, let schema, schema.isClosed(schemaNode) { continue }
                if let location = pair.key.location {
                    unknown.append(((path + [key]).joined(separator: "."), location))
                }
            }
        }
    }
}
