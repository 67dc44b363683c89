import StrataCore
import StrataFlux

/// A Kustomization with `prune: true` applies CustomResourceDefinitions.
struct PruneCrds: Rule {
    static let description = RuleDescription(
        id: "flux/prune-crds",
        name: "Prune CRDs",
        summary: "A Kustomization with prune: true applies CustomResourceDefinitions",
        rationale: """
            With `prune: true`, kustomize-controller deletes what it applied when the Kustomization is \
            deleted or an object leaves its path (https://fluxcd.io/flux/components/kustomize/kustomizations/#prune). \
            Deleting a CustomResourceDefinition deletes every custom resource of that kind in the cluster: \
            renaming a folder or removing the Kustomization wipes all CephClusters, Certificates or \
            database Clusters at once.
            """,
        remediation: """
            Set `prune: false` on the Kustomization that applies CRDs, or annotate the CRDs with \
            `kustomize.toolkit.fluxcd.io/prune: disabled` so they survive pruning.
            """,
        severity: .warning,
        passing: [
            Example(
                files: [
                    (
                        "clusters/example/crds.yaml",
                        """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: crds, namespace: flux-system}
                        spec:
                          interval: 1h
                          path: ./infra/crds
                          prune: false
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """
                    ),
                    ("infra/crds/volsync.yaml", crd),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "clusters/example/crds.yaml",
                        """
                        apiVersion: kustomize.toolkit.fluxcd.io/v1
                        kind: Kustomization
                        metadata: {name: crds, namespace: flux-system}
                        spec:
                          interval: 1h
                          path: ./infra/crds
                          prune: ↓true
                          sourceRef: {kind: GitRepository, name: flux-system}
                        """
                    ),
                    ("infra/crds/volsync.yaml", crd),
                ]
            )
        ]
    )

    private static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: replicationsources.volsync.backube}
        spec:
          group: volsync.backube
          names: {kind: ReplicationSource, plural: replicationsources}
          scope: Namespaced
          versions:
            - name: v1alpha1
              served: true
              storage: true
              schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            var crds: [FluxObjectKey: [ClusterObject]] = [:]
            for object in cluster.objects where object.resource.kind == "CustomResourceDefinition" {
                guard object.resource.group == "apiextensions.k8s.io" else { continue }
                let policy = object.resource.annotations["kustomize.toolkit.fluxcd.io/prune"]
                if policy == "disabled" { continue }
                crds[object.appliedBy, default: []].append(object)
            }
            for kustomization in cluster.kustomizations {
                guard let applied = crds[kustomization.key], let first = applied.first,
                    let prune = kustomization.node[path: ["spec", "prune"]], prune.bool == true,
                    let location = prune.location, reported.insert(location).inserted
                else { continue }
                let count =
                    applied.count == 1 ? "a CustomResourceDefinition" : "\(applied.count) CustomResourceDefinitions"
                sink.report(
                    "Kustomization '\(kustomization.key)' prunes \(count) such as '\(first.resource.name)'; deleting it deletes every custom resource of those kinds",
                    at: location,
                    object: context.reference(kustomization.key, node: kustomization.node, in: cluster),
                    notes: [Diagnostic.Note("CustomResourceDefinition applied here", at: first.resource.location)]
                )
            }
        }
    }
}
