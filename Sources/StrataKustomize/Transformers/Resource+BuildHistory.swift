import StrataYAML

/// The names, namespaces and affixes a resource had during a build, kept where kustomize keeps them:
/// in `internal.config.kubernetes.io/…` annotations on the object.
///
/// kustomize records every identity a resource had (namespace change, each prefix or suffix, the
/// content hash) and the prefixes and suffixes applied to it, and uses them to match name references,
/// `replicas:` entries and replacement selectors against any earlier name. Keeping the record in the
/// object, as kustomize does, means a patch that replaces `metadata.annotations` loses it exactly as it
/// does in kustomize. ``NameReferenceTransformer/apply(to:)``, the last step of a build, removes these
/// annotations; ``Resource/removeBuildAnnotations()`` does it for builds that stop earlier.
extension Resource {
    /// The annotation keys kustomize uses for the build record.
    public enum BuildAnnotation {
        /// Earlier names, comma-separated, oldest first.
        public static let previousNames = "internal.config.kubernetes.io/previousNames"
        /// Earlier namespaces (kustomize's effective namespace: `default` when empty).
        public static let previousNamespaces = "internal.config.kubernetes.io/previousNamespaces"
        /// Earlier kinds.
        public static let previousKinds = "internal.config.kubernetes.io/previousKinds"
        /// Name prefixes applied, innermost kustomization first.
        public static let prefixes = "internal.config.kubernetes.io/prefixes"
        /// Name suffixes applied, innermost kustomization first.
        public static let suffixes = "internal.config.kubernetes.io/suffixes"

        /// Every key of the record.
        public static let all = [previousNames, previousNamespaces, previousKinds, prefixes, suffixes]
    }

    /// The name prefixes applied so far, innermost kustomization first.
    public var namePrefixes: [String] { csvAnnotation(BuildAnnotation.prefixes) }

    /// The name suffixes applied so far, innermost kustomization first.
    public var nameSuffixes: [String] { csvAnnotation(BuildAnnotation.suffixes) }

    /// The identities the resource had before its current one, oldest first.
    public var previousIDs: [ResourceID] {
        let names = csvAnnotation(BuildAnnotation.previousNames)
        let namespaces = csvAnnotation(BuildAnnotation.previousNamespaces)
        let kinds = csvAnnotation(BuildAnnotation.previousKinds)
        guard names.count == namespaces.count, names.count == kinds.count else { return [] }
        return names.indices.map {
            ResourceID(group: group, version: version, kind: kinds[$0], namespace: namespaces[$0], name: names[$0])
        }
    }

    /// The first identity the resource had in this build (its current one when it never changed).
    public var originalID: ResourceID { previousIDs.first ?? id }

    /// Every identity: the earlier ones, then the current one.
    public var allIDs: [ResourceID] { previousIDs + [id] }

    /// kustomize's effective namespace: a marker for cluster-scoped types, `default` when empty.
    var effectiveNamespace: String {
        if ResourceScope.isClusterScoped(self) { return "_non_namespaceable_" }
        return namespace ?? "default"
    }

    /// Records the current identity before a transformer changes it.
    mutating func storePreviousID() {
        appendCSVAnnotation(BuildAnnotation.previousNames, name)
        appendCSVAnnotation(BuildAnnotation.previousNamespaces, effectiveNamespace)
        appendCSVAnnotation(BuildAnnotation.previousKinds, kind)
    }

    /// Records a prefix applied to the name.
    mutating func addNamePrefix(_ prefix: String) { appendCSVAnnotation(BuildAnnotation.prefixes, prefix) }

    /// Records a suffix applied to the name.
    mutating func addNameSuffix(_ suffix: String) { appendCSVAnnotation(BuildAnnotation.suffixes, suffix) }

    /// Removes the build record, and `metadata.annotations` itself when the record was all it held.
    public mutating func removeBuildAnnotations() {
        guard let annotations = node[path: ["metadata", "annotations"]], annotations.isMapping else { return }
        var removed = false
        node.modify("metadata") { metadata in
            metadata.modify("annotations") { map in
                for key in BuildAnnotation.all where map.remove(key) { removed = true }
            }
        }
        if removed, node[path: ["metadata", "annotations"]]?.pairs?.isEmpty == true {
            node.modify("metadata") { $0.remove("annotations") }
        }
    }

    /// Copies another resource's build record and original identity onto this one (generator merges).
    mutating func adoptHistory(of other: Resource) {
        for key in BuildAnnotation.all {
            if let value = other.node[path: ["metadata", "annotations", key]] {
                node.set(path: ["metadata", "annotations", key], value)
            } else {
                node.modify("metadata") { $0.modify("annotations") { $0.remove(key) } }
            }
        }
        originalName = other.originalName
        originalNamespace = other.originalNamespace
    }

    private func csvAnnotation(_ key: String) -> [String] {
        guard let value = node[path: ["metadata", "annotations", key]]?.scalar?.text else { return [] }
        return value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    private mutating func appendCSVAnnotation(_ key: String, _ value: String) {
        guard !value.isEmpty else { return }
        let joined = (csvAnnotation(key) + [value]).joined(separator: ",")
        node.set(path: ["metadata", "annotations", key], .string(joined))
    }
}
