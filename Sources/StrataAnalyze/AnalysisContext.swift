public import StrataCore
public import StrataFlux
public import StrataKustomize
public import StrataYAML

/// What a rule sees: the loaded repository, its configuration and facts, and its files.
public struct AnalysisContext: Sendable {
    /// The loaded clusters and the loader's own diagnostics.
    public let repository: Repository
    /// `strata.yaml`, or the defaults when there is none.
    public let configuration: Configuration
    /// Every file of the repository, for inputs Flux does not apply (Talos patches, router configuration).
    public let files: RepositoryFiles

    /// Values several rules derive from the repository (network and Ceph inventories), computed once.
    private let sharedValues = OnceMap<any Sendable>()

    /// Where each kind's objects are: (cluster index, object index), in cluster then build order.
    private let byKind: [String: [(cluster: Int, object: Int)]]

    /// Creates a context, indexing objects by kind once so rules never scan every object.
    public init(repository: Repository, configuration: Configuration, files: RepositoryFiles) {
        self.repository = repository
        self.configuration = configuration
        self.files = files
        var byKind: [String: [(cluster: Int, object: Int)]] = [:]
        for (c, cluster) in repository.clusters.enumerated() {
            for (o, object) in cluster.objects.enumerated() {
                byKind[object.resource.kind, default: []].append((c, o))
            }
        }
        self.byKind = byKind
    }

    /// A value derived from the repository that several rules need, computed once per check whichever rule
    /// asks first; concurrent askers wait for it.
    public func shared<T: Sendable>(_ key: String, _ compute: () -> T) -> T {
        if let value = sharedValues.value(for: key, compute: compute) as? T { return value }
        return compute()
    }

    /// The facts `strata.yaml` declares.
    public var facts: Facts { configuration.facts }

    /// The clusters, sorted by name.
    public var clusters: [Cluster] { repository.clusters }

    /// Every applied object of a kind (and API group, when given) in every cluster, in cluster then build order.
    public func objects(kind: String, group: String? = nil) -> [(cluster: Cluster, object: ClusterObject)] {
        var out: [(Cluster, ClusterObject)] = []
        for (c, o) in byKind[kind] ?? [] {
            let cluster = repository.clusters[c]
            let object = cluster.objects[o]
            if let group, object.resource.group != group { continue }
            out.append((cluster, object))
        }
        return out
    }

    /// The logical location of an object in a cluster.
    public func reference(_ object: ClusterObject, in cluster: Cluster) -> ObjectReference {
        ObjectReference(
            cluster: cluster.name,
            apiVersion: object.resource.apiVersion,
            kind: object.resource.kind,
            namespace: object.resource.namespace,
            name: object.resource.name
        )
    }

    /// The logical location of a Flux object (Kustomization, HelmRelease) in a cluster.
    public func reference(_ key: FluxObjectKey, node: YAMLNode, in cluster: Cluster) -> ObjectReference {
        ObjectReference(
            cluster: cluster.name,
            apiVersion: node["apiVersion"]?.string ?? "",
            kind: key.kind,
            namespace: key.namespace,
            name: key.name
        )
    }
}

extension ClusterObject {
    /// The object's root node.
    public var node: YAMLNode { resource.node }

    /// The object's `spec`, or an empty mapping.
    public var spec: YAMLNode { resource.node["spec"] ?? .mapping([]) }
}

extension AnalysisContext {
    /// Every HelmRelease of a chart (by chart name, such as `cilium`), in every cluster.
    public func helmReleases(chart: String) -> [(cluster: Cluster, release: HelmReleaseInfo)] {
        repository.clusters.flatMap { cluster in
            cluster.helmReleases.filter { $0.chart == chart }.map { (cluster, $0) }
        }
    }

    /// The logical location of a HelmRelease.
    public func reference(_ release: HelmReleaseInfo, in cluster: Cluster) -> ObjectReference {
        reference(release.key, node: release.node, in: cluster)
    }
}
