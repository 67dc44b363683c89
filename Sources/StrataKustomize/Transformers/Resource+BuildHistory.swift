import StrataYAML

/// The names, namespaces and affixes a resource had during a build.
///
/// kustomize records every identity a resource had (namespace change, each prefix or suffix, the
/// content hash) and the prefixes and suffixes applied to it, and uses them to match name references,
/// `replicas:` entries and replacement selectors against any earlier name. kustomize keeps this record in
/// `internal.config.kubernetes.io/…` annotations; here it is a field of ``Resource`` (``Resource/history``),
/// which is much cheaper to read on every reference. The observable differences: a patch that replaces
/// `metadata.annotations` wholesale erases kustomize's record but not this one, and a replacement that
/// copies a renamed object's whole `metadata` carries kustomize's internal annotations into the target
/// in kubectl's output but not here.
extension Resource {
    /// The name prefixes applied so far, innermost kustomization first.
    public var namePrefixes: [String] { history.prefixes }

    /// The name suffixes applied so far, innermost kustomization first.
    public var nameSuffixes: [String] { history.suffixes }

    /// The identities the resource had before its current one, oldest first.
    public var previousIDs: [ResourceID] {
        guard !history.names.isEmpty else { return [] }
        return previousIDs(group: group, version: version)
    }

    /// ``previousIDs`` for a caller that already knows the current group and version.
    func previousIDs(group: String, version: String) -> [ResourceID] {
        let count = history.names.count
        guard count > 0, history.namespaces.count == count, history.kinds.count == count else { return [] }
        return (0..<count).map {
            ResourceID(
                group: group,
                version: version,
                kind: history.kinds[$0],
                namespace: history.namespaces[$0],
                name: history.names[$0]
            )
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
        let name = self.name
        guard !name.isEmpty else { return }
        history.names.append(name)
        history.namespaces.append(effectiveNamespace)
        history.kinds.append(kind)
    }

    /// Records a prefix applied to the name.
    mutating func addNamePrefix(_ prefix: String) {
        if !prefix.isEmpty { history.prefixes.append(prefix) }
    }

    /// Records a suffix applied to the name.
    mutating func addNameSuffix(_ suffix: String) {
        if !suffix.isEmpty { history.suffixes.append(suffix) }
    }

    /// Clears the build record (kept for callers that end a build early; nothing is written into the object).
    public mutating func removeBuildAnnotations() {
        history = BuildHistory()
    }

    /// Copies another resource's build record and original identity onto this one (generator merges).
    mutating func adoptHistory(of other: Resource) {
        history = other.history
        originalName = other.originalName
        originalNamespace = other.originalNamespace
    }
}
