public import StrataCore
import StrataYAML

/// kustomize's name-reference fix-up: after objects were renamed (namespace, prefixes, suffixes, content
/// hashes), rewrite the fields that refer to them (``NameReferenceTable``).
public enum NameReferenceTransformer {
    /// Rewrites references to renamed objects, then removes the build record
    /// (``Resource/removeBuildAnnotations()``).
    ///
    /// kustomize runs this once, on the top-level build, right after
    /// ``ResourceGenerator/applyHashSuffixes(to:)`` — never per base or component.
    ///
    /// For every field of the table present in a referring object, the referenced object is chosen
    /// among those of the table's type that are cluster-scoped, in the referrer's namespace, or (for a
    /// RoleBinding) in a namespace its ServiceAccount subjects name; whose *earlier* names include the
    /// field's value (an object never renamed is never a target); for `roleRef` fields, whose kind and
    /// group are the `roleRef`'s; and, when several remain, whose prefixes and suffixes match the
    /// referrer's. Scalar fields take the target's current name. Mapping fields (`subjects`,
    /// webhook `service`, Node `configSource`) take its name and namespace, and a `namespace` in the
    /// mapping first narrows the targets to those originally (else currently) in it. Rewritten values
    /// keep the location of the value they replace.
    public static func apply(to resources: inout [Resource]) {
        apply(to: &resources, sink: DiscardingSink())
    }

    /// Like ``apply(to:)``, reporting a reference that matches several different objects (kustomize
    /// fails the build then; the reference is left unchanged here).
    public static func apply(to resources: inout [Resource], sink: some DiagnosticSink) {
        let snapshot = resources.map(Candidate.init)
        // The fields to visit depend only on the referrer's original type, and a build holds few types.
        var workByType: [TypeKey: [(NameReferenceTable.Entry, FieldSpec)]] = [:]
        for index in resources.indices {
            // Each pass rewrites only its own resource, so this one is still as the snapshot saw it.
            let referrer = snapshot[index]
            let id = referrer.originalID
            let type = TypeKey(group: id.group, version: id.version, kind: id.kind)
            let work: [(NameReferenceTable.Entry, FieldSpec)]
            if let known = workByType[type] {
                work = known
            } else {
                var found: [(NameReferenceTable.Entry, FieldSpec)] = []
                for entry in NameReferenceTable.entries {
                    for spec in entry.referrers {
                        guard spec.matches(group: id.group, version: id.version, kind: id.kind) else { continue }
                        found.append((entry, spec))
                    }
                }
                workByType[type] = found
                work = found
            }
            guard !work.isEmpty else { continue }
            let reachable = reachableCandidates(from: referrer, resources: resources[index], in: snapshot)
            let roleRef = resources[index].node["roleRef"]
            let roleRefType: (group: String, kind: String)? =
                if let group = roleRef?["apiGroup"]?.string, let kind = roleRef?["kind"]?.string {
                    (group, kind)
                } else {
                    nil
                }
            for (entry, spec) in work {
                let context = Context(
                    entry: entry,
                    spec: spec,
                    referrer: referrer,
                    candidates: reachable,
                    roleRef: spec.path.hasSuffix("roleRef/name") ? roleRefType : nil,
                    sink: sink
                )
                spec.walk(&resources[index].node, leaf: .none, location: nil) { node in
                    context.update(&node)
                }
            }
        }
        for index in resources.indices { resources[index].removeBuildAnnotations() }
    }

    /// A referrer's group, version and kind.
    private struct TypeKey: Hashable {
        var group: String
        var version: String
        var kind: String
    }

    /// What the selection needs to know about each object, read before any reference changes.
    struct Candidate {
        var id: ResourceID
        var originalID: ResourceID
        var previousIDs: [ResourceID]
        var isClusterScoped: Bool
        var effectiveNamespace: String
        var prefixes: [String]
        var suffixes: [String]
        var name: String
        var namespace: String?
        var location: SourceLocation?

        init(_ resource: Resource) {
            // Every field derives from one read of the identity: each accessor would walk the tree again.
            let id = resource.id
            let previous = resource.previousIDs(group: id.group, version: id.version)
            let clusterScoped = ResourceScope.isClusterScoped(apiVersion: resource.apiVersion, kind: id.kind)
            self.id = id
            originalID = previous.first ?? id
            previousIDs = previous
            isClusterScoped = clusterScoped
            effectiveNamespace = clusterScoped ? "_non_namespaceable_" : id.namespace ?? "default"
            prefixes = resource.namePrefixes
            suffixes = resource.nameSuffixes
            name = id.name
            namespace = id.namespace
            location = resource.location
        }
    }

    /// The objects a referrer can refer to: all for a cluster-scoped referrer; otherwise cluster-scoped
    /// ones, those in its namespace, and for a RoleBinding those in its ServiceAccount subjects' namespaces.
    private static func reachableCandidates(
        from referrer: Candidate,
        resources resource: Resource,
        in all: [Candidate]
    )
        -> [Candidate]
    {
        if referrer.isClusterScoped { return all }
        var subjectNamespaces: Set<String> = []
        if resource.kind == "RoleBinding" {
            for subject in resource.node["subjects"]?.items ?? [] where subject["kind"]?.string == "ServiceAccount" {
                if let namespace = subject["namespace"]?.string { subjectNamespaces.insert(namespace) }
            }
        }
        return all.filter {
            $0.isClusterScoped || $0.effectiveNamespace == referrer.effectiveNamespace
                || subjectNamespaces.contains($0.namespace ?? "")
        }
    }

    private struct Context<Sink: DiagnosticSink> {
        let entry: NameReferenceTable.Entry
        let spec: FieldSpec
        let referrer: Candidate
        let candidates: [Candidate]
        /// For `roleRef/name` fields, the `apiGroup` and kind the binding names (when it names both).
        let roleRef: (group: String, kind: String)?
        let sink: Sink

        func update(_ node: inout YAMLNode) {
            switch node.content {
            case .scalar:
                if !node.isNull { updateScalar(&node) }
            case .mapping:
                updateMapping(&node)
            case .sequence:
                node.modifyItems { item in
                    if item.isMapping {
                        updateMapping(&item)
                    } else if item.scalar != nil, !item.isNull {
                        updateScalar(&item)
                    }
                }
            }
        }

        private func updateScalar(_ node: inout YAMLNode) {
            let old = node.scalar?.text ?? ""
            guard let target = select(old, from: candidates, sameNamespaceToo: false, at: node.location),
                target.name != old
            else { return }
            node = .string(target.name, at: node.location)
        }

        private func updateMapping(_ node: inout YAMLNode) {
            guard let nameNode = node["name"], let old = nameNode.scalar?.text else { return }
            var pool = candidates
            if let namespace = node["namespace"]?.scalar?.text {
                let original = candidates.filter { ($0.originalID.namespace ?? "") == namespace }
                pool = original.isEmpty ? candidates.filter { ($0.namespace ?? "") == namespace } : original
            }
            guard let target = select(old, from: pool, sameNamespaceToo: true, at: nameNode.location) else { return }
            let namespace = target.namespace ?? ""
            if target.name == old, namespace.isEmpty { return }
            node.set("name", .string(target.name, at: nameNode.location))
            if !namespace.isEmpty {
                node.set("namespace", .string(namespace, at: node["namespace"]?.location ?? nameNode.location))
            }
        }

        private func select(
            _ old: String,
            from pool: [Candidate],
            sameNamespaceToo: Bool,
            at location: SourceLocation?
        )
            -> Candidate?
        {
            var found = pool.filter { candidate in
                candidate.previousIDs.contains { $0.name == old }
                    && candidate.previousIDs.contains { entrySelects($0) }
                    && (roleRef.map { type in
                        candidate.previousIDs.contains {
                            (type.group.isEmpty || $0.group == type.group)
                                && (type.kind.isEmpty || $0.kind == type.kind)
                        }
                    } ?? true)
                    && (referrer.isClusterScoped || candidate.isClusterScoped || candidate.id.kind == "ServiceAccount"
                        || candidate.effectiveNamespace == referrer.effectiveNamespace)
            }
            if found.count == 1 { return found[0] }
            found = found.filter {
                sameEnding($0.prefixes, referrer.prefixes) && sameEnding($0.suffixes, referrer.suffixes)
            }
            if found.count <= 1 { return found.first }
            let first = found[0]
            if found.allSatisfy({ $0.name == first.name && (!sameNamespaceToo || $0.namespace == first.namespace) }) {
                return first
            }
            sink.emit(
                "kustomize/ambiguous-name-reference",
                .error,
                "'\(old)' may refer to any of \(found.map { "'\($0.id)'" }.joined(separator: ", "))",
                at: location,
                notes: found.map { Diagnostic.Note("possible target", at: $0.location) }
            )
            return nil
        }

        private func entrySelects(_ id: ResourceID) -> Bool {
            (entry.group.isEmpty || entry.group == id.group) && (entry.version.isEmpty || entry.version == id.version)
                && (entry.kind.isEmpty || entry.kind == id.kind)
        }

        /// kustomize's comparison of affix lists: one must end the other; an empty list only matches an empty one.
        private func sameEnding(_ a: [String], _ b: [String]) -> Bool {
            let (short, long) = a.count <= b.count ? (a, b) : (b, a)
            if short.isEmpty { return long.isEmpty }
            return Array(long.suffix(short.count)) == short
        }
    }
}
