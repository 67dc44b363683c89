import StrataCore
import StrataFlux
import StrataYAML

/// A custom resource is applied by a Kustomization that is not ordered after the one providing its CRD.
struct CrdNotOrdered: Rule {
    static let description = RuleDescription(
        id: "flux/crd-not-ordered",
        name: "CRD Not Ordered",
        summary: "A custom resource is applied by a Kustomization not ordered after the one that installs its CRD",
        rationale: """
            kustomize-controller validates every object with a server-side dry run before applying; a \
            custom resource whose CustomResourceDefinition is not installed yet fails the whole \
            Kustomization with "no matches for kind" (https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies). \
            Within one Kustomization CRDs are applied first, but across Kustomizations only `dependsOn` \
            orders them. When the CRD comes from another Kustomization, directly or through a HelmRelease \
            of a chart that ships it, a fresh cluster (or a disaster recovery) fails until someone \
            reconciles by hand.
            """,
        remediation: """
            Add the Kustomization that installs the CRD (or one that depends on it) to the `dependsOn` of the \
            Kustomization applying the custom resource; make the provider wait for its HelmRelease \
            (`wait: true` or a health check) so its readiness means the CRDs exist.
            """,
        severity: .error,
        passing: [
            Example(files: files(dependsOn: "  dependsOn:\n    - name: volsync\n", marker: ""))
        ],
        failing: [
            Example(files: files(dependsOn: "", marker: "↓"))
        ]
    )

    private static func files(dependsOn: String, marker: String) -> [(path: String, text: String)] {
        [
            (
                "clusters/example/infra.yaml",
                """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: volsync, namespace: flux-system}
                spec:
                  interval: 10m
                  path: ./infra/volsync
                  prune: true
                  wait: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: backups, namespace: flux-system}
                spec:
                \(dependsOn)  interval: 10m
                  path: ./apps/backups
                  prune: true
                  sourceRef: {kind: GitRepository, name: flux-system}
                """
            ),
            (
                "infra/volsync/release.yaml",
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: volsync, namespace: volsync-system}
                spec:
                  interval: 30m
                  chartRef: {kind: OCIRepository, name: volsync, namespace: flux-system}
                """
            ),
            (
                "apps/backups/source.yaml",
                """
                apiVersion: volsync.backube/v1alpha1
                kind: \(marker)ReplicationSource
                metadata: {name: photos, namespace: media}
                spec:
                  sourcePVC: photos
                  trigger: {schedule: "0 3 * * *"}
                  restic: {repository: photos-restic, copyMethod: Snapshot}
                """
            ),
        ]
    }

    /// The CRDs a chart installs: their API groups, and the values that switch them.
    private struct ChartCRDs: Sendable {
        var groups: [String]
        var switches: [[String]] = []
        var onByDefault = true

        func enabled(_ values: YAMLNode) -> Bool {
            let set = switches.compactMap { values[path: $0]?.bool }
            return onByDefault ? !set.contains(false) : set.contains(true)
        }
    }

    /// Charts known to install CRDs, by chart name.
    private static let charts: [String: ChartCRDs] = [
        "cilium": ChartCRDs(groups: ["cilium.io"]),
        "rook-ceph": ChartCRDs(groups: ["ceph.rook.io"], switches: [["crds", "enabled"]]),
        "cert-manager": ChartCRDs(
            groups: ["cert-manager.io", "acme.cert-manager.io"],
            switches: [["installCRDs"], ["crds", "enabled"]],
            onByDefault: false
        ),
        "victoria-metrics-operator": ChartCRDs(
            groups: ["operator.victoriametrics.com"],
            switches: [["crds", "enabled"]]
        ),
        "external-secrets": ChartCRDs(
            groups: ["external-secrets.io", "generators.external-secrets.io"],
            switches: [["installCRDs"]]
        ),
        "cloudnative-pg": ChartCRDs(groups: ["postgresql.cnpg.io"], switches: [["crds", "create"]]),
        "volsync": ChartCRDs(groups: ["volsync.backube"]),
        "velero": ChartCRDs(groups: ["velero.io"]),
        "snapshot-controller": ChartCRDs(
            groups: ["snapshot.storage.k8s.io", "groupsnapshot.storage.k8s.io"],
            switches: [["installCRDs"]]
        ),
        "prometheus-operator-crds": ChartCRDs(groups: ["monitoring.coreos.com"]),
        "kube-prometheus-stack": ChartCRDs(groups: ["monitoring.coreos.com"], switches: [["crds", "enabled"]]),
    ]

    private struct Provider {
        var kustomization: FluxObjectKey
        var what: String
        var location: SourceLocation?
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            var byKind: [String: [Provider]] = [:]
            var byGroup: [String: [Provider]] = [:]
            for object in cluster.objects
            where object.resource.kind == "CustomResourceDefinition" && object.resource.group == "apiextensions.k8s.io"
            {
                guard let group = object.node[path: ["spec", "group"]]?.string,
                    let kind = object.node[path: ["spec", "names", "kind"]]?.string
                else { continue }
                let provider = Provider(
                    kustomization: object.appliedBy,
                    what: "CustomResourceDefinition '\(object.resource.name)'",
                    location: object.resource.location
                )
                byKind["\(group)/\(kind)", default: []].append(provider)
            }
            for release in cluster.helmReleases {
                guard let chart = Self.charts[release.chart], chart.enabled(release.values) else { continue }
                let provider = Provider(
                    kustomization: release.appliedBy,
                    what: "HelmRelease '\(release.key)' (chart '\(release.chart)')",
                    location: release.node.location
                )
                for group in chart.groups { byGroup[group, default: []].append(provider) }
            }
            guard !byKind.isEmpty || !byGroup.isEmpty else { continue }
            var ordering = FluxOrdering(cluster)
            for object in cluster.objects {
                let group = object.resource.group
                guard !group.isEmpty else { continue }
                let providers = byKind["\(group)/\(object.resource.kind)"] ?? byGroup[group] ?? []
                guard let first = providers.first else { continue }
                let later = object.appliedBy
                if providers.contains(where: { ordering.isOrdered(later, after: $0.kustomization) }) { continue }
                // A dependsOn target the cluster lacks blocks the Kustomization altogether
                // (flux/dependency-not-found), and it may be the very one meant to order it.
                if ordering.readyBefore(later).contains(where: { ordering.kustomizations[$0] == nil }) { continue }
                let location = object.node["kind"]?.location ?? object.resource.location
                sink.report(
                    "\(object.resource.kind) '\(object.resource.namespace.map { $0 + "/" } ?? "")\(object.resource.name)' is applied by Kustomization '\(later)', which is not ordered after '\(first.kustomization)' that installs its CRD through \(first.what)",
                    at: location,
                    object: context.reference(object, in: cluster),
                    notes: [Diagnostic.Note("the CRD comes from here", at: first.location)]
                )
            }
        }
    }
}
