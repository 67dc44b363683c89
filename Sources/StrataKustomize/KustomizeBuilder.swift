import Foundation
public import StrataCore
import StrataYAML

/// Builds kustomize directories in-process, as `kubectl kustomize --load-restrictor LoadRestrictionsNone`
/// would, and as Flux's kustomize-controller does when given a ``FluxOverlay``.
///
/// Stages, in kustomize v5's order (`accumulateTarget`): resources (files, directories built as their own
/// targets), generators, components (applied to what has been accumulated so far), then the builtin
/// transformers — strategic-merge patches, patches, namespace, prefix, suffix, labels, annotations,
/// JSON 6902 patches, replicas, images, replacements. Content hashes and name references are fixed once,
/// at the end of the top-level build. Every problem is a `kustomize/…` diagnostic and the build goes on
/// with what it can; nothing is fetched from the network.
public struct KustomizeBuilder: Sendable {
    /// The file system view, confined to the source root.
    public let context: LoadContext
    /// Where problems go.
    public let sink: any DiagnosticSink

    /// Creates a builder.
    public init(context: LoadContext, sink: any DiagnosticSink) {
        self.context = context
        self.sink = sink
    }

    /// Builds the kustomization in `directory` (an absolute path) as `kubectl kustomize` would.
    public func build(directory: String) -> [Resource] {
        finish(target(LoadContext.normalize(directory), overlay: nil, generateWhenMissing: false, chain: []))
    }

    /// Builds `directory` as Flux does for a Kustomization whose `spec.path` it is: a missing kustomization
    /// file is generated from the manifests below it, and the overlay is written into the top kustomization.
    public func build(directory: String, flux overlay: FluxOverlay) -> [Resource] {
        finish(target(LoadContext.normalize(directory), overlay: overlay, generateWhenMissing: true, chain: []))
    }

    private func finish(_ resources: [Resource]) -> [Resource] {
        var resources = resources
        ResourceGenerator.applyHashSuffixes(to: &resources)
        NameReferenceTransformer.apply(to: &resources, sink: sink)
        return resources
    }

    // MARK: - Targets

    /// Accumulates one kustomization directory as its own target.
    func target(_ directory: String, overlay: FluxOverlay?, generateWhenMissing: Bool, chain: [String]) -> [Resource] {
        // A nested kustomization builds the same way wherever it is used (bases shared by every cluster's
        // overlay): build it once per source root and replay its diagnostics.
        guard overlay == nil, !generateWhenMissing, !chain.contains(directory) else {
            return uncachedTarget(directory, overlay: overlay, generateWhenMissing: generateWhenMissing, chain: chain)
        }
        let built = context.target(directory) {
            let collector = DiagnosticCollector()
            let resources = KustomizeBuilder(context: context, sink: collector).uncachedTarget(
                directory,
                overlay: nil,
                generateWhenMissing: false,
                chain: chain
            )
            return LoadContext.CachedTarget(resources: resources, diagnostics: collector.diagnostics)
        }
        for diagnostic in built.diagnostics { sink.emit(diagnostic) }
        return built.resources
    }

    private func uncachedTarget(
        _ directory: String,
        overlay: FluxOverlay?,
        generateWhenMissing: Bool,
        chain: [String]
    ) -> [Resource] {
        if chain.contains(directory) {
            sink.emit(
                "kustomize/cycle",
                .error,
                "kustomization cycle: \((chain + [directory]).map { context.relative($0) }.joined(separator: " -> "))",
                at: SourceLocation(path: context.relative(directory), line: 1, column: 1)
            )
            return []
        }
        guard let file = loadKustomization(in: directory, generateWhenMissing: generateWhenMissing) else { return [] }
        if file.isComponent {
            sink.emit(
                "kustomize/invalid-kustomization",
                .error,
                "'\(context.relative(directory))' is a kind: Component; list it under components, not resources",
                at: file.node["kind"]?.location
            )
            return []
        }
        var node = file.node
        if let overlay { node = overlay.apply(to: node, directory: directory, context: context) }
        var resources: [Resource] = []
        accumulate(KustomizationFile(path: file.path, node: node), into: &resources, chain: chain + [directory])
        return resources
    }

    /// Reads (or, for Flux, generates) the kustomization of a directory and checks its header and fields.
    private func loadKustomization(in directory: String, generateWhenMissing: Bool) -> KustomizationFile? {
        guard let path = KustomizationFile.find(in: directory, context: context) else {
            if generateWhenMissing { return generatedKustomization(for: directory) }
            let message =
                context.kind(of: directory) == .directory
                ? "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '\(context.relative(directory))'"
                : "'\(context.relative(directory))' does not exist"
            sink.emit("kustomize/missing-kustomization", .error, message, at: location(of: directory))
            return nil
        }
        let loaded: LoadContext.CachedFile
        switch context.loadYAML(path) {
        case .failure(let error):
            sink.emit("kustomize/unreadable", .error, error.description, at: location(of: path))
            return nil
        case .success(let file):
            loaded = file
        }
        for diagnostic in loaded.diagnostics { sink.emit(diagnostic) }
        let roots = loaded.documents.filter { !$0.root.isNull }
        guard let root = roots.first?.root else {
            if loaded.diagnostics.contains(where: { $0.severity == .error }) {
                sink.emit(
                    "kustomize/invalid-kustomization",
                    .error,
                    "kustomization '\(context.relative(path))' is not valid YAML",
                    at: SourceLocation(path: context.relative(path), line: 1, column: 1)
                )
            } else {
                // An empty kustomization builds nothing; kustomize refuses it, Flux tolerates it.
                sink.emit(
                    "kustomize/invalid-kustomization",
                    .error,
                    "kustomization file is empty",
                    at: SourceLocation(path: context.relative(path), line: 1, column: 1)
                )
            }
            return nil
        }
        guard root.isMapping else {
            sink.emit("kustomize/invalid-kustomization", .error, "kustomization is not a mapping", at: root.location)
            return nil
        }
        let file = KustomizationFile(path: path, node: root)
        if let apiVersion = root["apiVersion"]?.string,
            !apiVersion.hasPrefix("kustomize.config.k8s.io/")
        {
            sink.emit(
                "kustomize/invalid-kustomization",
                .error,
                "apiVersion '\(apiVersion)' is not kustomize.config.k8s.io; a Flux Kustomization saved as '\(context.relative(path))' is not a kustomize file",
                at: root["apiVersion"]?.location
            )
            return nil
        }
        for pair in root.pairs ?? [] {
            guard let key = pair.key.scalar?.text, !KustomizationFile.knownFields.contains(key) else { continue }
            sink.emit(
                "kustomize/invalid-kustomization",
                .error,
                "unknown field '\(key)' in kustomization",
                at: pair.key.location
            )
        }
        return file
    }

    // MARK: - Accumulation

    /// kustomize's `accumulateTarget`: resources, generators, components, transformers, onto `resources`.
    private func accumulate(_ file: KustomizationFile, into resources: inout [Resource], chain: [String]) {
        let directory = file.directory
        var seen = Set(resources.map(\.id))
        for key in ["resources", "bases"] {
            for item in file.node[key]?.items ?? [] {
                accumulateResource(item, in: directory, into: &resources, seen: &seen, chain: chain)
            }
        }
        runGenerators(file, into: &resources)
        for item in file.node["components"]?.items ?? [] {
            guard let path = item.string else { continue }
            if isRemote(path) {
                sink.emit(
                    "kustomize/remote-resource",
                    .warning,
                    "remote component '\(path)' is not built",
                    at: item.location
                )
                continue
            }
            guard let absolute = resolve(path, in: directory, at: item.location) else { continue }
            guard context.kind(of: absolute) == .directory else {
                sink.emit(
                    "kustomize/missing-resource",
                    .error,
                    "component '\(path)' is not a directory",
                    at: item.location
                )
                continue
            }
            if chain.contains(absolute) {
                sink.emit(
                    "kustomize/cycle",
                    .error,
                    "kustomization cycle: \((chain + [absolute]).map { context.relative($0) }.joined(separator: " -> "))",
                    at: item.location
                )
                continue
            }
            guard let component = loadKustomization(in: absolute, generateWhenMissing: false) else { continue }
            if !component.isComponent {
                sink.emit(
                    "kustomize/invalid-kustomization",
                    .error,
                    "'\(path)' is listed under components but is not a kind: Component",
                    at: item.location
                )
                continue
            }
            accumulate(component, into: &resources, chain: chain + [absolute])
        }
        runTransformers(file, on: &resources)
        for field in ["helmCharts", "helmChartInflationGenerator"] where file.node[field] != nil {
            sink.emit(
                "kustomize/helm-charts",
                .warning,
                "'\(field)' is not built: Flux builds with Helm disabled, use a HelmRelease",
                at: file.node.keyLocation(field)
            )
        }
        for field in ["generators", "transformers", "validators"] where !(file.node[field]?.items ?? []).isEmpty {
            sink.emit(
                "kustomize/plugins",
                .warning,
                "'\(field)' plugins are not run: Flux builds with builtin plugins only",
                at: file.node.keyLocation(field)
            )
        }
    }

    private func accumulateResource(
        _ item: YAMLNode,
        in directory: String,
        into resources: inout [Resource],
        seen: inout Set<ResourceID>,
        chain: [String]
    ) {
        guard let path = item.string, !path.isEmpty else { return }
        if isRemote(path) {
            sink.emit(
                "kustomize/remote-resource",
                .warning,
                "remote resource '\(path)' is not built",
                at: item.location
            )
            return
        }
        guard let absolute = resolve(path, in: directory, at: item.location) else { return }
        switch context.kind(of: absolute) {
        case .missing:
            sink.emit(
                "kustomize/missing-resource",
                .error,
                "resource '\(path)' does not exist",
                at: item.location
            )
        case .directory:
            let built = target(absolute, overlay: nil, generateWhenMissing: false, chain: chain)
            append(built, to: &resources, seen: &seen)
        case .file:
            append(loadResources(file: absolute, reference: item.location), to: &resources, seen: &seen)
        }
    }

    /// Appends resources, reporting ids that are already present (kustomize refuses them).
    private func append(_ new: [Resource], to resources: inout [Resource], seen: inout Set<ResourceID>) {
        for resource in new {
            if seen.contains(resource.id) {
                sink.emit(
                    "kustomize/duplicate-resource",
                    .error,
                    "may not add resource with an already registered id: \(resource.id)",
                    at: resource.location,
                    subject: resource.reference
                )
                continue
            }
            seen.insert(resource.id)
            resources.append(resource)
        }
    }

    /// Loads the objects of one manifest file, inlining `List` kinds.
    func loadResources(file absolute: String, reference: SourceLocation?) -> [Resource] {
        let loaded: LoadContext.CachedFile
        switch context.loadYAML(absolute) {
        case .failure(let error):
            sink.emit("kustomize/unreadable", .error, error.description, at: reference)
            return []
        case .success(let file):
            loaded = file
        }
        for diagnostic in loaded.diagnostics { sink.emit(diagnostic) }
        var out: [Resource] = []
        for document in loaded.documents where !document.root.isNull {
            let root = document.root
            guard root.isMapping else {
                sink.emit("kustomize/invalid-resource", .error, "document is not a mapping", at: root.location)
                continue
            }
            let kind = root["kind"]?.string ?? ""
            if kind.isEmpty {
                sink.emit("kustomize/invalid-resource", .error, "missing kind in object", at: root.location)
                continue
            }
            if kind.hasSuffix("List"), let items = root["items"]?.items {
                for item in items {
                    if item.isNull {
                        sink.emit(
                            "kustomize/invalid-resource",
                            .error,
                            "empty item in List",
                            at: root["items"]?.location
                        )
                        continue
                    }
                    out.append(Resource(node: item, isSOPSEncrypted: document.isSOPSEncrypted))
                }
                continue
            }
            if (root[path: ["metadata", "name"]]?.string ?? "").isEmpty {
                sink.emit(
                    "kustomize/invalid-resource",
                    .error,
                    "missing metadata.name in object of kind '\(kind)'",
                    at: root.location
                )
                continue
            }
            out.append(Resource(node: root, isSOPSEncrypted: document.isSOPSEncrypted))
        }
        return out
    }

    // MARK: - Generators and transformers

    private func runGenerators(_ file: KustomizationFile, into resources: inout [Resource]) {
        let options = file.node["generatorOptions"]
        for (field, isSecret) in [("configMapGenerator", false), ("secretGenerator", true)] {
            for entry in file.node[field]?.items ?? [] {
                let generated =
                    isSecret
                    ? ResourceGenerator.secret(
                        entry,
                        options: options,
                        directory: file.directory,
                        context: context,
                        sink: sink
                    )
                    : ResourceGenerator.configMap(
                        entry,
                        options: options,
                        directory: file.directory,
                        context: context,
                        sink: sink
                    )
                if let generated { ResourceGenerator.add(generated, to: &resources, sink: sink) }
            }
        }
    }

    private func runTransformers(_ file: KustomizationFile, on resources: inout [Resource]) {
        let node = file.node
        let directory = file.directory
        for item in node["patchesStrategicMerge"]?.items ?? [] {
            applyStrategicMergeEntry(item, in: directory, to: &resources)
        }
        for entry in node["patches"]?.items ?? [] {
            applyPatchEntry(entry, in: directory, to: &resources)
        }
        if let namespace = node["namespace"], let value = namespace.string, !value.isEmpty {
            NamespaceTransformer.apply(value, at: namespace.location, to: &resources)
        }
        let prefix = node["namePrefix"]?.string ?? ""
        let suffix = node["nameSuffix"]?.string ?? ""
        if !prefix.isEmpty || !suffix.isEmpty {
            PrefixSuffixTransformer.apply(prefix: prefix, suffix: suffix, to: &resources)
        }
        let common = file.stringPairs("commonLabels")
        if !common.isEmpty {
            LabelTransformer.apply(
                common,
                includeSelectors: true,
                includeTemplates: true,
                at: node["commonLabels"]?.location,
                to: &resources
            )
        }
        for entry in node["labels"]?.items ?? [] {
            let pairs = KustomizationFile(path: file.path, node: entry).stringPairs("pairs")
            guard !pairs.isEmpty else { continue }
            let selectors = entry["includeSelectors"]?.bool ?? false
            LabelTransformer.apply(
                pairs,
                includeSelectors: selectors,
                includeTemplates: selectors || (entry["includeTemplates"]?.bool ?? false),
                at: entry["pairs"]?.location,
                to: &resources
            )
        }
        let annotations = file.stringPairs("commonAnnotations")
        if !annotations.isEmpty {
            AnnotationTransformer.apply(annotations, at: node["commonAnnotations"]?.location, to: &resources)
        }
        for entry in node["patchesJson6902"]?.items ?? [] {
            applyJSON6902Entry(entry, in: directory, to: &resources)
        }
        if let replicas = node["replicas"], replicas.isSequence {
            ReplicaTransformer.apply(replicas, to: &resources, sink: sink)
        }
        if let images = node["images"], images.isSequence {
            ImageTransformer.apply(images, to: &resources, sink: sink)
        }
        if let replacements = node["replacements"]?.items, !replacements.isEmpty {
            var entries: [YAMLNode] = []
            for entry in replacements {
                if let path = entry["path"]?.string, entry["source"] == nil {
                    guard let absolute = resolve(path, in: directory, at: entry["path"]?.location) else { continue }
                    switch context.loadYAML(absolute) {
                    case .failure(let error):
                        sink.emit("kustomize/missing-resource", .error, error.description, at: entry["path"]?.location)
                    case .success(let loaded):
                        for diagnostic in loaded.diagnostics { sink.emit(diagnostic) }
                        for document in loaded.documents where !document.root.isNull {
                            if let list = document.root.items {
                                entries.append(contentsOf: list)
                            } else {
                                entries.append(document.root)
                            }
                        }
                    }
                } else {
                    entries.append(entry)
                }
            }
            ReplacementTransformer.apply(entries, to: &resources, sink: sink)
        }
    }

    // MARK: - Patches

    /// The documents of a patch given inline (a string in the kustomization) or as a file path.
    private func patchDocuments(_ value: YAMLNode, in directory: String, allowPath: Bool) -> [YAMLNode]? {
        guard let text = value.scalar?.text else { return nil }
        let looksInline = text.contains("\n") || text.hasPrefix("[") || text.hasPrefix("{")
        if allowPath && !looksInline {
            guard let absolute = resolve(text, in: directory, at: value.location) else { return nil }
            switch context.loadYAML(absolute) {
            case .failure(let error):
                sink.emit("kustomize/missing-resource", .error, "patch \(error.description)", at: value.location)
                return nil
            case .success(let loaded):
                for diagnostic in loaded.diagnostics { sink.emit(diagnostic) }
                return loaded.documents.map(\.root).filter { !$0.isNull }
            }
        }
        return context.inlineDocuments(of: value, sink: sink)
    }

    private func applyStrategicMergeEntry(_ item: YAMLNode, in directory: String, to resources: inout [Resource]) {
        guard let documents = patchDocuments(item, in: directory, allowPath: true) else { return }
        for patch in documents {
            applyUntargetedStrategicMerge(patch, to: &resources)
        }
    }

    /// A strategic-merge patch without `target`: it applies to the one object with its own kind, name
    /// and namespace (matched against the object's original or current identity, as kustomize does).
    private func applyUntargetedStrategicMerge(_ patch: YAMLNode, to resources: inout [Resource]) {
        let patchResource = Resource(node: patch)
        let name = patchResource.name
        let namespace = patchResource.namespace
        let matches = resources.indices.filter { i in
            let r = resources[i]
            guard r.kind == patchResource.kind,
                r.apiVersion == patchResource.apiVersion
                    || (patchResource.apiVersion.isEmpty)
            else { return false }
            guard r.name == name || r.originalName == name else { return false }
            // kustomize compares effective namespaces: an unset namespace means "default".
            let wanted = namespace ?? "default"
            return (r.namespace ?? "default") == wanted || (r.originalNamespace ?? "default") == wanted
        }
        guard !matches.isEmpty else {
            sink.emit(
                "kustomize/patch-target-not-found",
                .error,
                "no resource matches strategic merge patch '\(patchResource.kind)/\(name)'\(namespace.map { " in namespace '\($0)'" } ?? "")",
                at: patch.location
            )
            return
        }
        applyStrategicMerge(patch, to: matches, in: &resources, keepIdentity: false)
    }

    private func applyStrategicMerge(
        _ patch: YAMLNode,
        to indices: [Int],
        in resources: inout [Resource],
        keepIdentity: Bool
    ) {
        var deleted: [Int] = []
        for index in indices {
            var effective = patch
            if keepIdentity {
                // A targeted patch applies whatever its own metadata says: it takes the target's identity.
                let target = resources[index]
                if effective["metadata"] != nil || effective.isMapping {
                    effective.set(path: ["metadata", "name"], .string(target.name))
                    if let ns = target.namespace { effective.set(path: ["metadata", "namespace"], .string(ns)) }
                    effective.set("kind", .string(target.kind))
                    effective.set("apiVersion", .string(target.apiVersion))
                }
            }
            do {
                if let result = try StrategicMergePatch.apply(effective, to: resources[index].node) {
                    resources[index].node = result
                } else {
                    deleted.append(index)
                }
            } catch {
                sink.emit("kustomize/patch-failed", .error, error.message, at: error.location ?? patch.location)
            }
        }
        for index in deleted.sorted(by: >) { resources.remove(at: index) }
    }

    /// The documents of a `patches` or `patchesJson6902` entry: its `path` file or its inline `patch`.
    private func entryDocuments(_ entry: YAMLNode, in directory: String) -> [YAMLNode]? {
        if let path = entry["path"] { return patchDocuments(path, in: directory, allowPath: true) }
        if let inline = entry["patch"] { return patchDocuments(inline, in: directory, allowPath: false) }
        sink.emit("kustomize/invalid-kustomization", .error, "patch has neither 'path' nor 'patch'", at: entry.location)
        return nil
    }

    private func applyPatchEntry(_ entry: YAMLNode, in directory: String, to resources: inout [Resource]) {
        let documents = entryDocuments(entry, in: directory)
        guard let documents, !documents.isEmpty else { return }
        var target: PatchTarget?
        if let targetNode = entry["target"] {
            do {
                target = try PatchTarget(targetNode)
            } catch {
                sink.emit(
                    "kustomize/invalid-kustomization",
                    .error,
                    error.message,
                    at: error.location ?? targetNode.location
                )
                return
            }
        }
        // A patch that is a list of operations is JSON 6902; anything else is a strategic merge.
        if documents.count == 1, documents[0].isSequence {
            guard let target else {
                sink.emit(
                    "kustomize/invalid-kustomization",
                    .error,
                    "a JSON 6902 patch needs a 'target'",
                    at: entry.location
                )
                return
            }
            applyJSON6902(documents[0], selecting: target, in: &resources, at: entry.location)
            return
        }
        for patch in documents {
            guard let target else {
                applyUntargetedStrategicMerge(patch, to: &resources)
                continue
            }
            let indices = resources.indices.filter { target.matches(resources[$0]) }
            applyStrategicMerge(patch, to: indices, in: &resources, keepIdentity: true)
        }
    }

    private func applyJSON6902Entry(_ entry: YAMLNode, in directory: String, to resources: inout [Resource]) {
        guard let targetNode = entry["target"] else {
            sink.emit(
                "kustomize/invalid-kustomization",
                .error,
                "patchesJson6902 entry has no 'target'",
                at: entry.location
            )
            return
        }
        let target: PatchTarget
        do {
            target = try PatchTarget(
                group: targetNode["group"]?.string,
                version: targetNode["version"]?.string,
                kind: targetNode["kind"]?.string,
                name: targetNode["name"]?.string,
                namespace: targetNode["namespace"]?.string,
                labelSelector: targetNode["labelSelector"]?.string,
                annotationSelector: targetNode["annotationSelector"]?.string
            )
        } catch {
            sink.emit(
                "kustomize/invalid-kustomization",
                .error,
                error.message,
                at: error.location ?? targetNode.location
            )
            return
        }
        let documents = entryDocuments(entry, in: directory)
        guard let operations = documents?.first else { return }
        applyJSON6902(operations, selecting: target, in: &resources, at: entry.location)
    }

    private func applyJSON6902(
        _ operationsNode: YAMLNode,
        selecting target: PatchTarget,
        in resources: inout [Resource],
        at location: SourceLocation?
    ) {
        let operations: [JSONPatch.Operation]
        do {
            operations = try JSONPatch.parse(operationsNode)
        } catch {
            sink.emit("kustomize/patch-failed", .error, error.message, at: error.location ?? location)
            return
        }
        for index in resources.indices where target.matches(resources[index]) {
            do {
                resources[index].node = try JSONPatch.apply(operations, to: resources[index].node)
            } catch {
                sink.emit("kustomize/patch-failed", .error, error.message, at: error.location ?? location)
            }
        }
    }

    // MARK: - Paths

    /// Resolves a path from a kustomization, enforcing the load rule; reports and returns nil when refused.
    private func resolve(_ path: String, in directory: String, at location: SourceLocation?) -> String? {
        switch context.resolve(path, relativeTo: directory) {
        case .success(let absolute):
            return absolute
        case .failure(let error):
            sink.emit("kustomize/outside-root", .error, "'\(path)': \(error.description)", at: location)
            return nil
        }
    }

    private func location(of absolute: String) -> SourceLocation {
        SourceLocation(path: context.relative(absolute), line: 1, column: 1)
    }

    /// Whether a resource entry names something kustomize would fetch (git, http, a GitHub shorthand).
    func isRemote(_ path: String) -> Bool {
        let lower = path.lowercased()
        for prefix in [
            "http://", "https://", "git::", "git@", "ssh://", "gh:", "github.com/", "github.com:", "file://",
        ]
        where lower.hasPrefix(prefix) {
            return true
        }
        return lower.contains("?ref=") || lower.contains(".git//")
    }

    // MARK: - Flux's generated kustomization

    /// Flux's generated kustomization for a directory without one (fluxcd/pkg kustomize generator, `scanManifests`): every `.yaml`/`.yml`
    /// file below it, depth-first in byte order, with subdirectories that hold a kustomization taken as units.
    private func generatedKustomization(for directory: String) -> KustomizationFile? {
        guard context.kind(of: directory) == .directory else {
            sink.emit(
                "flux/path-not-found",
                .error,
                "kustomization path not found: '\(context.relative(directory))'",
                at: location(of: directory)
            )
            return nil
        }
        var resources: [YAMLNode] = []
        var visited = Set<String>()
        scan(directory, root: directory, into: &resources, visited: &visited)
        var node = YAMLNode.mapping([
            ("apiVersion", .plain("kustomize.config.k8s.io/v1beta1")),
            ("kind", .plain("Kustomization")),
        ])
        node.set("resources", .sequence(resources))
        return KustomizationFile(path: directory + "/kustomization.yaml", node: node)
    }

    private func scan(_ directory: String, root: String, into resources: inout [YAMLNode], visited: inout Set<String>) {
        let real = context.realPath(directory)
        guard visited.insert(real).inserted else {
            sink.emit(
                "kustomize/cycle",
                .error,
                "symbolic link loop at '\(context.relative(directory))'",
                at: location(of: directory)
            )
            return
        }
        for name in context.entries(of: directory) {
            let path = directory + "/" + name
            if context.isSymbolicLink(path) { continue }  // source-controller never archives symlinks
            let relative = "." + path.dropFirst(root.count)
            switch context.kind(of: path) {
            case .directory:
                if KustomizationFile.find(in: path, context: context) != nil {
                    resources.append(.plain(relative, at: location(of: path)))
                } else {
                    scan(path, root: root, into: &resources, visited: &visited)
                }
            case .file:
                if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    resources.append(.plain(relative, at: location(of: path)))
                }
            case .missing:
                break
            }
        }
    }
}
