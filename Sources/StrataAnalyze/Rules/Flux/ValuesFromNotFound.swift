/// A HelmRelease `valuesFrom` entry names a ConfigMap, Secret or key that does not exist.
struct ValuesFromNotFound: LoaderRule {
    static let description = RuleDescription(
        id: "flux/values-from-not-found",
        name: "Values From Not Found",
        summary: "A HelmRelease valuesFrom entry names a ConfigMap, Secret or key its cluster does not have",
        rationale: """
            helm-controller reads every `valuesFrom` reference from the release's namespace before it \
            renders the chart; a missing object or key that is not marked `optional: true` stops the \
            release with "could not resolve ... chart values reference" \
            (https://fluxcd.io/flux/components/helm/helmreleases/#values-references).
            """,
        remediation: """
            Apply the ConfigMap or Secret in the HelmRelease's namespace with the expected key (default \
            `values.yaml`), fix the name or `valuesKey`, or mark the entry `optional: true`.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: redis-values, namespace: cache}
                data:
                  values.yaml: |
                    replica:
                      replicaCount: 2
                ---
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: redis, namespace: cache}
                spec:
                  interval: 30m
                  chartRef: {kind: OCIRepository, name: redis}
                  valuesFrom:
                    - kind: ConfigMap
                      name: redis-values
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: redis, namespace: cache}
                spec:
                  interval: 30m
                  chartRef: {kind: OCIRepository, name: redis}
                  valuesFrom:
                    - ↓kind: ConfigMap
                      name: redis-values
                """
            )
        ]
    )
}
