public import StrataPlatform
public import StrataYAML

/// Flux's own sync objects per cluster: `clusters/<c>/flux-system/` and the cluster directory's
/// `kustomization.yaml` that ties the sync, the sources and the layers together.
///
/// The controllers are installed by `flux install` in the runbook rather than committed as
/// `gotk-components.yaml`: that file is produced by the Flux CLI for its own version and cannot be written
/// here offline, and `flux bootstrap` would rewrite this directory's generated files behind the lock file.
public struct FluxBootstrap: PlatformComponent {
    /// Creates the component.
    public init() {}

    /// The Flux release every cluster runs, as `flux install --version` takes it (`v2.9.4`).
    public static func release(_ spec: PlatformSpec) -> String {
        let version = spec.versions.flux
        return version.hasPrefix("v") ? version : "v\(version)"
    }

    /// The directory Flux's sync Kustomization reconciles for a cluster.
    public static func clusterDirectory(_ cluster: ClusterSpec) -> String { "clusters/\(cluster.name)" }

    /// The GitRepository and Kustomization both named `flux-system`, as `flux bootstrap` would write them.
    public static func syncObjects(for cluster: ClusterSpec, in context: GenerationContext) -> [YAMLNode] {
        let repository = context.spec.repository
        let gitRepository: YAMLNode = [
            "apiVersion": "source.toolkit.fluxcd.io/v1",
            "kind": "GitRepository",
            "metadata": ["name": "flux-system", "namespace": "flux-system"],
            "spec": [
                "interval": "1m0s",
                "ref": ["branch": "\(repository.branch)"],
                "secretRef": ["name": "flux-system"],
                "url": "\(repository.url)",
            ],
        ]
        let kustomization: YAMLNode = [
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
            "kind": "Kustomization",
            "metadata": ["name": "flux-system", "namespace": "flux-system"],
            "spec": [
                "interval": "\(context.spec.flux.interval)",
                "path": "./\(clusterDirectory(cluster))",
                "prune": true,
                "sourceRef": ["kind": "GitRepository", "name": "flux-system"],
            ],
        ]
        return [gitRepository, kustomization]
    }

    /// Writes the sync objects and the kustomizations of every cluster directory.
    public func contribute(to repository: inout GeneratedRepository, in context: GenerationContext) {
        for cluster in context.spec.clusters {
            let directory = Self.clusterDirectory(cluster)
            repository.write(
                "\(directory)/flux-system/gotk-sync.yaml",
                documents: Self.syncObjects(for: cluster, in: context),
                comment: """
                    Flux reconciles ./\(directory) from this repository; the deploy key is the `flux-system` Secret
                    the runbook creates with `flux create secret git`.
                    """
            )
            repository.write(
                "\(directory)/flux-system/kustomization.yaml",
                documents: [Self.kustomization(["gotk-sync.yaml"])],
                comment: """
                    The controllers come from `flux install --version=\(Self.release(context.spec))` (see the cluster runbook),
                    not from a gotk-components.yaml: that file is written by the Flux CLI for its own release and
                    cannot be generated offline.
                    """
            )
            // Listing the cluster directory's files explicitly makes it build with kustomize as it is, the same
            // way Flux's generated kustomization.yaml would list them.
            var resources = ["flux-system"]
            for file in ["sources.yaml", "layers.yaml"] where repository.files["\(directory)/\(file)"] != nil {
                resources.append(file)
            }
            repository.write("\(directory)/kustomization.yaml", documents: [Self.kustomization(resources)])
        }
    }

    private static func kustomization(_ resources: [String]) -> YAMLNode {
        [
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": .sequence(resources.map { .string($0) }),
        ]
    }
}
