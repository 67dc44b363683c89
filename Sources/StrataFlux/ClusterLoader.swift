import Foundation
import StrataCore
import StrataGraph
import StrataKustomize
import StrataYAML

/// Loads one cluster: follows Kustomizations from its root, breadth first.
struct ClusterLoader: Sendable {
    let root: ClusterRoot
    let repositoryRoot: String
    let context: LoadContext
    let options: LoadOptions
    let sink: any DiagnosticSink

    static let kustomizeGroup = "kustomize.toolkit.fluxcd.io"
    static let sourceGroup = "source.toolkit.fluxcd.io"
    static let helmGroup = "helm.toolkit.fluxcd.io"

    /// One queued Kustomization.
    private struct Pending {
        var node: YAMLNode
        var key: FluxObjectKey
        var parent: FluxObjectKey?
        var chain: [FluxObjectKey]
        var deferred: Bool
    }

    func load() -> Cluster {
        var cluster = Cluster(name: root.name, rootPath: context.relative(root.directory))
        var objectIndex: [ObjectIdentity: Int] = [:]
        let rootNode = root.kustomization ?? syntheticRoot()
        let rootKey = key(of: rootNode, defaultNamespace: "flux-system")
        var wave: [Pending] = [Pending(node: rootNode, key: rootKey, parent: nil, chain: [rootKey], deferred: false)]
        var seen: Set<FluxObjectKey> = [rootKey]
        // Breadth first, one level at a time: the Kustomizations of a level are built in parallel against the
        // objects applied so far, then recorded in queue order, so the result does not depend on scheduling.
        while !wave.isEmpty {
            var ready: [Pending] = []
            var waiting: [Pending] = []
            for pending in wave {
                // One whose substituteFrom objects or source are not applied yet waits for the next level once.
                if !pending.deferred, waitsForObjects(pending.node, cluster: cluster) {
                    var later = pending
                    later.deferred = true
                    waiting.append(later)
                } else {
                    ready.append(pending)
                }
            }
            if ready.isEmpty {
                ready = waiting
                waiting = []
            }
            let snapshot = cluster
            let results = ConcurrentMap.map(ready) { pending in self.build(pending, cluster: snapshot) }
            var next: [Pending] = []
            for (pending, (record, built)) in zip(ready, results) {
                cluster.kustomizations.append(record)
                for resource in built {
                    let object = ClusterObject(resource: resource, appliedBy: pending.key, chain: pending.chain)
                    let identity = object.identity
                    if let existing = objectIndex[identity] {
                        let first = cluster.objects[existing]
                        sink.emit(
                            "flux/duplicate-object",
                            .warning,
                            "\(resource.kind) '\(identity.namespace.isEmpty ? "" : identity.namespace + "/")\(identity.name)' is applied by Kustomization '\(pending.key)' and by '\(first.appliedBy)'",
                            at: resource.location,
                            subject: reference(resource),
                            notes: [Diagnostic.Note("also applied from here", at: first.resource.location)]
                        )
                        continue
                    }
                    objectIndex[identity] = cluster.objects.count
                    cluster.append(object)
                    guard resource.kind == "Kustomization", resource.group == ClusterLoader.kustomizeGroup else {
                        continue
                    }
                    let childKey = key(of: resource.node, defaultNamespace: "default")
                    if childKey == pending.key { continue }  // the root applies itself (flux bootstrap)
                    guard seen.insert(childKey).inserted else { continue }
                    next.append(
                        Pending(
                            node: resource.node,
                            key: childKey,
                            parent: pending.key,
                            chain: pending.chain + [childKey],
                            deferred: false
                        )
                    )
                }
            }
            wave = next + waiting
        }
        cluster.helmReleases = HelmReleaseResolver(cluster: cluster, sink: sink).resolve()
        DependencyChecker(cluster: cluster, sink: sink).check()
        return cluster
    }

    private func syntheticRoot() -> YAMLNode {
        let relative = context.relative(root.directory)
        return YAMLNode.mapping([
            ("apiVersion", .plain("kustomize.toolkit.fluxcd.io/v1")),
            ("kind", .plain("Kustomization")),
            ("metadata", .mapping([("name", .plain("flux-system")), ("namespace", .plain("flux-system"))])),
            (
                "spec",
                .mapping([
                    ("interval", .plain("10m")),
                    ("path", .string("./" + relative)),
                    ("prune", .bool(true)),
                    ("sourceRef", .mapping([("kind", .plain("GitRepository")), ("name", .plain("flux-system"))])),
                ])
            ),
        ])
    }

    private func key(of node: YAMLNode, defaultNamespace: String) -> FluxObjectKey {
        FluxObjectKey(
            kind: node["kind"]?.string ?? "Kustomization",
            namespace: node[path: ["metadata", "namespace"]]?.string ?? defaultNamespace,
            name: node[path: ["metadata", "name"]]?.string ?? ""
        )
    }

    private func reference(_ resource: Resource) -> ObjectReference {
        ObjectReference(
            cluster: root.name,
            apiVersion: resource.apiVersion,
            kind: resource.kind,
            namespace: resource.namespace,
            name: resource.name
        )
    }

    // MARK: - Sources

    /// Where a source's artifact is on disk, or why it cannot be seen.
    private enum SourceLocationResult {
        case local(String)
        case external(String)
        case missing
    }

    private func resolveSource(_ ref: FluxObjectKey, specPath: String, cluster: Cluster) -> SourceLocationResult {
        if let explicit = options.sources[ref] {
            return .local(LoadContext.normalize(repositoryRoot + "/" + explicit))
        }
        let object = cluster.object(kind: ref.kind, namespace: ref.namespace, name: ref.name)
        // The bootstrap source is this repository, whether or not its object is committed.
        if ref.name == "flux-system" && (object == nil || ref.kind == "GitRepository") {
            if ref.kind == "OCIRepository" { return .local(ociRoot(specPath: specPath)) }
            return .local(repositoryRoot)
        }
        guard let object else {
            // An ExternalArtifact is usually produced by an ArtifactGenerator of the same namespace.
            if ref.kind == "ExternalArtifact",
                let generator = cluster.objects.first(where: { candidate in
                    candidate.resource.kind == "ArtifactGenerator"
                        && (candidate.resource.namespace ?? "default") == ref.namespace
                        && (candidate.resource.node[path: ["spec", "artifacts"]]?.items ?? []).contains {
                            $0["name"]?.string == ref.name
                        }
                })
            {
                return .external(
                    "ExternalArtifact '\(ref)' generated by ArtifactGenerator '\(generator.resource.name)'"
                )
            }
            return .missing
        }
        let spec = object.resource.node["spec"]
        switch ref.kind {
        case "GitRepository":
            if let url = spec?["url"]?.string, url == bootstrapURL(cluster) { return .local(repositoryRoot) }
            return .external("GitRepository '\(ref)' (\(spec?["url"]?.string ?? "no url"))")
        case "OCIRepository":
            return .external("OCIRepository '\(ref)' (\(spec?["url"]?.string ?? "no url"))")
        default:
            return .external("\(ref.kind) '\(ref)'")
        }
    }

    /// The URL of the cluster's bootstrap GitRepository, to recognise other sources on this repository.
    private func bootstrapURL(_ cluster: Cluster) -> String? {
        cluster.object(kind: "GitRepository", namespace: "flux-system", name: "flux-system")?
            .resource.node[path: ["spec", "url"]]?.string
    }

    /// An OCI artifact pushed from a folder has that folder as its root: the ancestor of the cluster
    /// directory under which `spec.path` exists.
    private func ociRoot(specPath: String) -> String {
        var candidate = root.directory
        while candidate.count >= repositoryRoot.count {
            let joined = LoadContext.normalize(candidate + "/" + specPath)
            if context.kind(of: joined) == .directory { return candidate }
            guard let slash = candidate.lastIndex(of: "/"), candidate != repositoryRoot else { break }
            candidate = String(candidate[..<slash])
        }
        return repositoryRoot
    }

    // MARK: - Building one Kustomization

    private func build(_ pending: Pending, cluster: Cluster) -> (FluxKustomization, [Resource]) {
        let node = pending.node
        let spec = node["spec"] ?? YAMLNode(.mapping([]))
        let sourceRefNode = spec["sourceRef"]
        let sourceRef = FluxObjectKey(
            kind: sourceRefNode?["kind"]?.string ?? "GitRepository",
            namespace: sourceRefNode?["namespace"]?.string ?? pending.key.namespace,
            name: sourceRefNode?["name"]?.string ?? ""
        )
        let path = spec["path"]?.string ?? ""
        var record = FluxKustomization(
            key: pending.key,
            node: node,
            parent: pending.parent,
            chain: pending.chain,
            sourceRef: sourceRef,
            path: path,
            directory: nil,
            status: .failed,
            objectCount: 0
        )
        if sourceRefNode == nil {
            sink.emit(
                "flux/invalid-kustomization",
                .error,
                "Kustomization '\(pending.key)' has no spec.sourceRef",
                at: spec.location ?? node.location
            )
            return (record, [])
        }
        let sourceRoot: String
        switch resolveSource(sourceRef, specPath: path, cluster: cluster) {
        case .local(let directory):
            sourceRoot = directory
        case .external(let description):
            record.status = .external
            sink.emit(
                "flux/external-source",
                .note,
                "Kustomization '\(pending.key)' builds from \(description), which is not in this repository; its objects are not loaded",
                at: sourceRefNode?.location
            )
            return (record, [])
        case .missing:
            sink.emit(
                "flux/source-not-found",
                .error,
                "Kustomization '\(pending.key)' references \(sourceRef.kind) '\(sourceRef)', which no Kustomization of cluster '\(root.name)' applies",
                at: sourceRefNode?["name"]?.location ?? sourceRefNode?.location
            )
            return (record, [])
        }
        if path.contains("${") {
            sink.emit(
                "flux/undefined-variable",
                .error,
                "spec.path '\(path)' of Kustomization '\(pending.key)' still holds a variable after substitution",
                at: spec["path"]?.location
            )
            return (record, [])
        }
        // SecureJoin: a leading '/' is relative to the root and '..' is clamped at it.
        let directory = LoadContext.normalize(sourceRoot + "/" + secureRelative(path))
        record.directory = context.relative(directory)
        guard context.kind(of: directory) == .directory else {
            sink.emit(
                "flux/path-not-found",
                .error,
                "kustomization path not found: '\(path)' (\(context.relative(directory))) in Kustomization '\(pending.key)'",
                at: spec["path"]?.location ?? node.location
            )
            return (record, [])
        }
        let overlay = FluxOverlay(
            targetNamespace: spec["targetNamespace"],
            namePrefix: spec["namePrefix"],
            nameSuffix: spec["nameSuffix"],
            patches: spec["patches"]?.items ?? [],
            components: spec["components"]?.items ?? [],
            images: spec["images"]?.items ?? [],
            ignoreMissingComponents: spec["ignoreMissingComponents"]?.bool ?? false
        )
        let buildContext = context.rerooted(at: sourceRoot)
        var resources = KustomizeBuilder(context: buildContext, sink: sink).build(directory: directory, flux: overlay)
        resources = resources.filter { resource in
            if resource.apiVersion.isEmpty || resource.kind.isEmpty || resource.name.isEmpty {
                sink.emit(
                    "flux/invalid-object",
                    .error,
                    "failed to decode Kubernetes apiVersion, kind and name of an object built by Kustomization '\(pending.key)'",
                    at: resource.location
                )
                return false
            }
            return true
        }
        if let postBuild = spec["postBuild"] {
            resources = substitute(resources, postBuild: postBuild, owner: pending.key, cluster: cluster)
        }
        if let common = spec["commonMetadata"] {
            applyCommonMetadata(common, to: &resources)
        }
        record.status = .built
        record.objectCount = resources.count
        return (record, resources)
    }

    private func secureRelative(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    private func applyCommonMetadata(_ common: YAMLNode, to resources: inout [Resource]) {
        for field in ["labels", "annotations"] {
            guard let pairs = common[field]?.pairs, !pairs.isEmpty else { continue }
            for i in resources.indices {
                var metadata = resources[i].node["metadata"] ?? YAMLNode(.mapping([]))
                var map = metadata[field] ?? YAMLNode(.mapping([]), location: common[field]?.location)
                if !map.isMapping { map = YAMLNode(.mapping([]), location: common[field]?.location) }
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else { continue }
                    map.set(key, .string(pair.value.scalar?.text ?? "", at: pair.value.location))
                }
                metadata.set(field, map)
                resources[i].node.set("metadata", metadata)
            }
        }
    }

    // MARK: - Substitution

    private func substitutionSources(
        _ postBuild: YAMLNode
    ) -> [(kind: String, name: String, optional: Bool, location: SourceLocation?)] {
        (postBuild["substituteFrom"]?.items ?? []).compactMap { entry in
            guard let kind = entry["kind"]?.string, let name = entry["name"]?.string else { return nil }
            return (kind, name, entry["optional"]?.bool ?? false, entry.location)
        }
    }

    /// Whether a Kustomization needs objects no Kustomization has applied yet: its `substituteFrom`
    /// ConfigMaps and Secrets, or its source.
    private func waitsForObjects(_ node: YAMLNode, cluster: Cluster) -> Bool {
        if missingSubstitutionSources(node, cluster: cluster) { return true }
        guard let sourceRef = node[path: ["spec", "sourceRef"]] else { return false }
        let namespace = node[path: ["metadata", "namespace"]]?.string ?? "default"
        let ref = FluxObjectKey(
            kind: sourceRef["kind"]?.string ?? "GitRepository",
            namespace: sourceRef["namespace"]?.string ?? namespace,
            name: sourceRef["name"]?.string ?? ""
        )
        if case .missing = resolveSource(ref, specPath: node[path: ["spec", "path"]]?.string ?? "", cluster: cluster) {
            return true
        }
        return false
    }

    private func missingSubstitutionSources(_ node: YAMLNode, cluster: Cluster) -> Bool {
        guard let postBuild = node[path: ["spec", "postBuild"]] else { return false }
        let namespace = node[path: ["metadata", "namespace"]]?.string ?? "default"
        return substitutionSources(postBuild).contains { source in
            findObject(kind: source.kind, namespace: namespace, name: source.name, in: cluster) == nil
                && !isGenerated(kind: source.kind, namespace: namespace, name: source.name, in: cluster)
        }
    }

    /// Whether an ExternalSecret of the namespace writes the Secret `name` (its `spec.target.name`, by
    /// default its own name): the Secret exists at run time, with keys the repository cannot show.
    private func isGenerated(kind: String, namespace: String, name: String, in cluster: Cluster) -> Bool {
        guard kind == "Secret" else { return false }
        return cluster.objects.contains { object in
            let resource = object.resource
            guard resource.kind == "ExternalSecret", resource.group == "external-secrets.io",
                (resource.namespace ?? "default") == namespace
            else { return false }
            return (resource.node[path: ["spec", "target", "name"]]?.string ?? resource.name) == name
        }
    }

    private func findObject(kind: String, namespace: String, name: String, in cluster: Cluster) -> Resource? {
        guard let object = cluster.object(kind: kind, namespace: namespace, name: name)?.resource,
            object.group.isEmpty
        else { return nil }
        return object
    }

    private func substitute(
        _ resources: [Resource],
        postBuild: YAMLNode,
        owner: FluxObjectKey,
        cluster: Cluster
    ) -> [Resource] {
        var variables: [String: String] = [:]
        // Variables may come from a Secret whose keys are unknown: none can then be called undefined.
        var opaque = false
        for source in substitutionSources(postBuild) {
            guard let object = findObject(kind: source.kind, namespace: owner.namespace, name: source.name, in: cluster)
            else {
                if isGenerated(kind: source.kind, namespace: owner.namespace, name: source.name, in: cluster) {
                    opaque = true
                } else if !source.optional {
                    sink.emit(
                        "flux/substitute-source-not-found",
                        .error,
                        "substitute from '\(source.kind)/\(source.name)' error: not found in namespace '\(owner.namespace)' of cluster '\(root.name)'",
                        at: source.location
                    )
                }
                continue
            }
            for (name, value) in DataValues.read(object) {
                variables[name] = value
            }
        }
        for pair in postBuild["substitute"]?.pairs ?? [] {
            guard let name = pair.key.scalar?.text else { continue }
            variables[name] = pair.value.scalar?.text ?? ""
        }
        for name in variables.keys.sorted() where !VariableSubstitution.isValidName(name) {
            sink.emit(
                "flux/invalid-variable-name",
                .error,
                "'\(name)' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$' (Kustomization '\(owner)')",
                at: postBuild.location
            )
        }
        for name in Array(variables.keys) {
            variables[name] = variables[name]?.replacingOccurrences(of: "\n", with: "")
        }
        let always = postBuild["substituteStrategy"]?.string == "Always"
        guard !variables.isEmpty || always || opaque else { return resources }
        return resources.map { resource in
            var result = VariableSubstitution.apply(to: resource.node, variables: variables, strict: false)
            if opaque, !result.undefined.isEmpty {
                // Keep what the unknown Secret may define as `${NAME}`, as for SOPS-encrypted values.
                var known = variables
                for name in result.undefined { known[name] = "${\(name)}" }
                result = VariableSubstitution.apply(to: resource.node, variables: known, strict: false)
            }
            for error in result.errors {
                sink.emit(
                    "flux/substitution-failed",
                    .error,
                    "post build failed for '\(resource.kind)/\(resource.name)': \(error.message)",
                    at: resource.location,
                    subject: reference(resource)
                )
            }
            for name in Set(result.undefined).sorted() {
                sink.emit(
                    "flux/undefined-variable",
                    .error,
                    "variable '\(name)' is not defined by the postBuild of Kustomization '\(owner)'; Flux ≥ 2.9 fails the build in strict mode unless it is set some other way",
                    at: VariableLocator.firstUse(of: name, in: resource.node) ?? resource.location,
                    subject: reference(resource)
                )
            }
            var updated = resource
            updated.node = result.node
            return updated
        }
    }
}

/// Reads the string data of a ConfigMap or Secret as Flux and Helm see it.
enum DataValues {
    /// `data` (Secrets: base64-decoded) and, for Secrets, `stringData`; SOPS-encrypted values are unknown
    /// and are given back as the literal `${key}`, so they count as defined without pretending to a value.
    static func read(_ resource: Resource) -> [(String, String)] {
        var out: [(String, String)] = []
        let isSecret = resource.kind == "Secret"
        for pair in resource.node["data"]?.pairs ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            let raw = pair.value.scalar?.text ?? ""
            if resource.isSOPSEncrypted || raw.hasPrefix("ENC[") {
                out.append((key, "${\(key)}"))
            } else if isSecret {
                let decoded = Data(base64Encoded: raw.filter { !$0.isWhitespace }).flatMap {
                    String(data: $0, encoding: .utf8)
                }
                out.append((key, decoded ?? ""))
            } else {
                out.append((key, raw))
            }
        }
        if isSecret {
            for pair in resource.node["stringData"]?.pairs ?? [] {
                guard let key = pair.key.scalar?.text else { continue }
                let raw = pair.value.scalar?.text ?? ""
                out.append((key, resource.isSOPSEncrypted || raw.hasPrefix("ENC[") ? "${\(key)}" : raw))
            }
        }
        return out
    }
}

/// Finds where a variable is used, so an undefined-variable finding points at its line.
enum VariableLocator {
    static func firstUse(of name: String, in node: YAMLNode) -> SourceLocation? {
        switch node.content {
        case .scalar(let s):
            if s.text.contains("${"), Envsubst.references(in: s.text).contains(where: { $0.name == name }) {
                return node.location
            }
            return nil
        case .sequence(let items):
            for item in items { if let found = firstUse(of: name, in: item) { return found } }
            return nil
        case .mapping(let pairs):
            for pair in pairs {
                if let found = firstUse(of: name, in: pair.key) ?? firstUse(of: name, in: pair.value) { return found }
            }
            return nil
        }
    }
}
