public import StrataCore
public import StrataKustomize
public import StrataYAML

/// The identity of a Flux object inside one cluster: kind, namespace and name.
public struct FluxObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The kind (`Kustomization`, `HelmRelease`, `GitRepository` …).
    public var kind: String
    /// The namespace.
    public var namespace: String
    /// The name.
    public var name: String

    /// Creates a key.
    public init(kind: String, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `namespace/name`, the way Flux prints references.
    public var description: String { "\(namespace)/\(name)" }

    /// Orders by kind, namespace, name.
    public static func < (lhs: FluxObjectKey, rhs: FluxObjectKey) -> Bool {
        (lhs.kind, lhs.namespace, lhs.name) < (rhs.kind, rhs.namespace, rhs.name)
    }
}

/// The identity of an object in a cluster: (API group, kind, namespace, name).
public struct ObjectIdentity: Hashable, Comparable, Sendable {
    /// The API group, empty for the core group.
    public var group: String
    /// The kind.
    public var kind: String
    /// The namespace, empty for cluster-scoped objects.
    public var namespace: String
    /// The name.
    public var name: String

    /// Creates an identity.
    public init(group: String, kind: String, namespace: String, name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// Orders by group, kind, namespace, name.
    public static func < (lhs: ObjectIdentity, rhs: ObjectIdentity) -> Bool {
        (lhs.group, lhs.kind, lhs.namespace, lhs.name) < (rhs.group, rhs.kind, rhs.namespace, rhs.name)
    }
}

/// One object a cluster receives, with how it got there.
public struct ClusterObject: Sendable {
    /// The object after kustomize, Flux's overlay, substitution and `commonMetadata`; nodes keep source positions.
    public var resource: Resource
    /// The Flux Kustomization that applies it.
    public var appliedBy: FluxObjectKey
    /// The chain of Kustomizations from the cluster root to the one that applies it.
    public var chain: [FluxObjectKey]

    /// Creates a record.
    public init(resource: Resource, appliedBy: FluxObjectKey, chain: [FluxObjectKey]) {
        self.resource = resource
        self.appliedBy = appliedBy
        self.chain = chain
    }

    /// The stage in which Flux applies the object (fluxcd/pkg ssa, `ApplyAllStaged`).
    public var applyStage: ApplyStage { ApplyStage(group: resource.group, kind: resource.kind) }

    /// The object's identity in its cluster.
    public var identity: ObjectIdentity {
        ObjectIdentity(
            group: resource.group,
            kind: resource.kind,
            namespace: resource.namespace ?? "",
            name: resource.name
        )
    }
}

/// What happened when a Flux Kustomization was followed.
public enum BuildStatus: String, Sendable, Codable {
    /// Built from files in the repository.
    case built
    /// Its source is outside what can be seen (another repository, an OCI artifact, a bucket).
    case external
    /// Its source, path or spec could not be resolved; a diagnostic says why.
    case failed
}

/// A Flux `Kustomization` reached from a cluster root.
public struct FluxKustomization: Sendable {
    /// Its key (kind `Kustomization`).
    public var key: FluxObjectKey
    /// The object as the parent applies it (after the parent's patches and substitution).
    public var node: YAMLNode
    /// The Kustomization that applies this one, `nil` for the cluster root.
    public var parent: FluxObjectKey?
    /// The chain from the root to this Kustomization, itself included.
    public var chain: [FluxObjectKey]
    /// `spec.sourceRef` resolved to a key.
    public var sourceRef: FluxObjectKey
    /// `spec.path`, as written.
    public var path: String
    /// The repository-relative directory that was built, when the source is local.
    public var directory: String?
    /// How the build went.
    public var status: BuildStatus
    /// The number of objects it applies.
    public var objectCount: Int

    /// Creates a record.
    public init(
        key: FluxObjectKey,
        node: YAMLNode,
        parent: FluxObjectKey?,
        chain: [FluxObjectKey],
        sourceRef: FluxObjectKey,
        path: String,
        directory: String?,
        status: BuildStatus,
        objectCount: Int
    ) {
        self.key = key
        self.node = node
        self.parent = parent
        self.chain = chain
        self.sourceRef = sourceRef
        self.path = path
        self.directory = directory
        self.status = status
        self.objectCount = objectCount
    }

    /// `spec.dependsOn` entries, with the default namespace (this Kustomization's) filled in.
    public var dependsOn: [(key: FluxObjectKey, location: SourceLocation?)] {
        (node[path: ["spec", "dependsOn"]]?.items ?? []).compactMap { entry in
            guard let name = entry["name"]?.string else { return nil }
            let namespace = entry["namespace"]?.string ?? key.namespace
            return (FluxObjectKey(kind: "Kustomization", namespace: namespace, name: name), entry.location)
        }
    }

    /// Where the object is defined.
    public var location: SourceLocation? { node.location }
}

/// A `HelmRelease` with its chart source and its effective values.
public struct HelmReleaseInfo: Sendable {
    /// Its key (kind `HelmRelease`).
    public var key: FluxObjectKey
    /// The object as applied.
    public var node: YAMLNode
    /// The Kustomization that applies it.
    public var appliedBy: FluxObjectKey
    /// The chart name (`spec.chart.spec.chart`), or the `chartRef` target's name.
    public var chart: String
    /// The chart version constraint (`spec.chart.spec.version`), when given.
    public var version: String?
    /// The source the chart comes from (HelmRepository, GitRepository, Bucket, OCIRepository, HelmChart …).
    public var source: FluxObjectKey?
    /// Whether the chart source was found among the cluster's objects.
    public var sourceFound: Bool
    /// The values Helm receives: `valuesFrom` in order, then inline `values` (fluxcd/pkg chartutil).
    public var values: YAMLNode

    /// Creates a record.
    public init(
        key: FluxObjectKey,
        node: YAMLNode,
        appliedBy: FluxObjectKey,
        chart: String,
        version: String?,
        source: FluxObjectKey?,
        sourceFound: Bool,
        values: YAMLNode
    ) {
        self.key = key
        self.node = node
        self.appliedBy = appliedBy
        self.chart = chart
        self.version = version
        self.source = source
        self.sourceFound = sourceFound
        self.values = values
    }

    /// `spec.dependsOn` entries (HelmReleases), with the default namespace filled in.
    public var dependsOn: [(key: FluxObjectKey, location: SourceLocation?)] {
        (node[path: ["spec", "dependsOn"]]?.items ?? []).compactMap { entry in
            guard let name = entry["name"]?.string else { return nil }
            let namespace = entry["namespace"]?.string ?? key.namespace
            return (FluxObjectKey(kind: "HelmRelease", namespace: namespace, name: name), entry.location)
        }
    }
}

/// Everything one cluster receives.
public struct Cluster: Sendable {
    /// The cluster's name.
    public var name: String
    /// The repository-relative directory its root Kustomization builds.
    public var rootPath: String
    /// The Kustomizations reached from the root, in the order they were followed.
    public var kustomizations: [FluxKustomization]
    /// Every object applied, in build order.
    public var objects: [ClusterObject]
    /// The HelmReleases, with chart sources and values.
    public var helmReleases: [HelmReleaseInfo]
    /// Object positions by kind, effective namespace (unset means `default`) and name.
    private var lookup: [LookupKey: Int] = [:]

    private struct LookupKey: Hashable {
        var kind: String
        var namespace: String
        var name: String
    }

    /// Creates a cluster.
    public init(
        name: String,
        rootPath: String,
        kustomizations: [FluxKustomization] = [],
        objects: [ClusterObject] = [],
        helmReleases: [HelmReleaseInfo] = []
    ) {
        self.name = name
        self.rootPath = rootPath
        self.kustomizations = kustomizations
        self.objects = objects
        self.helmReleases = helmReleases
    }

    /// Appends an applied object and indexes it.
    public mutating func append(_ object: ClusterObject) {
        let key = LookupKey(
            kind: object.resource.kind,
            namespace: object.resource.namespace ?? "default",
            name: object.resource.name
        )
        if lookup[key] == nil { lookup[key] = objects.count }
        objects.append(object)
    }

    /// The first applied object with this kind, namespace (unset counts as `default`) and name.
    public func object(kind: String, namespace: String, name: String) -> ClusterObject? {
        lookup[LookupKey(kind: kind, namespace: namespace, name: name)].map { objects[$0] }
    }

    /// The Kustomization with this key, if the cluster has it.
    public func kustomization(_ key: FluxObjectKey) -> FluxKustomization? {
        kustomizations.first { $0.key == key }
    }
}

/// A loaded repository: its clusters and every problem met.
public struct Repository: Sendable {
    /// The absolute repository root.
    public var root: String
    /// The clusters, sorted by name.
    public var clusters: [Cluster]
    /// The problems met while loading, in report order.
    public var diagnostics: [Diagnostic]

    /// Creates a repository model.
    public init(root: String, clusters: [Cluster], diagnostics: [Diagnostic]) {
        self.root = root
        self.clusters = clusters
        self.diagnostics = diagnostics
    }
}

/// The stages of Flux's server-side apply: definitions first (and waited for), then classes, then the rest.
public enum ApplyStage: Int, Comparable, Sendable, Codable {
    /// CustomResourceDefinitions, Namespaces and ClusterRoles.
    case definitions
    /// Any kind whose name ends in `Class`.
    case classes
    /// Everything else.
    case resources

    /// The stage of a group and kind.
    public init(group: String, kind: String) {
        if (kind == "CustomResourceDefinition" && group == "apiextensions.k8s.io")
            || (kind == "Namespace" && group.isEmpty)
            || (kind == "ClusterRole" && group == "rbac.authorization.k8s.io")
        {
            self = .definitions
        } else if kind.hasSuffix("Class") {
            self = .classes
        } else {
            self = .resources
        }
    }

    /// Orders by apply order.
    public static func < (lhs: ApplyStage, rhs: ApplyStage) -> Bool { lhs.rawValue < rhs.rawValue }
}
