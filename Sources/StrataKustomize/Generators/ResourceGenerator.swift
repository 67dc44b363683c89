import Foundation
import StrataCore
public import StrataCore
public import StrataYAML

/// kustomize's `configMapGenerator:` and `secretGenerator:`, and the content-hash name suffix.
///
/// ## When kustomize runs each step
///
/// Within one kustomization (and each base or component it includes, recursively) kustomize first
/// accumulates `resources`, then runs the generators — each generated object is added with
/// ``add(_:to:sink:)`` honouring its `behavior` — then the components, then the builtin transformers
/// (patches, namespace, prefix and suffix, labels, annotations, JSON 6902 patches, replicas, images,
/// replacements). Generated objects are renamed by those transformers like any other object, but keep
/// their "needs a hash" mark.
///
/// Only when the **top-level** kustomization has been fully accumulated — never per base or component —
/// does kustomize, in this order: append the content hash to every marked object
/// (``applyHashSuffixes(to:)``), then fix name references (``NameReferenceTransformer/apply(to:)``).
/// So the hash covers the final data (after patches and replacements), and references anywhere in the
/// build are rewritten to hashed names.
public enum ResourceGenerator {
    /// Builds the ConfigMap of one `configMapGenerator` entry, merged with the kustomization's
    /// `generatorOptions`; `nil` after reporting a diagnostic when it cannot.
    ///
    /// Values come from `envs` (and the older `env`), then `literals`, then `files`, resolved relative to
    /// `directory` through `context`; a repeated key is an error. Values that are not valid UTF-8 go to
    /// `binaryData`, base64-encoded. Local `options` labels and annotations override the global ones;
    /// `disableNameSuffixHash` and `immutable` are on when either sets them.
    public static func configMap(
        _ entry: YAMLNode,
        options: YAMLNode?,
        directory: String,
        context: LoadContext,
        sink: some DiagnosticSink
    ) -> Resource? {
        generate(kind: "ConfigMap", entry, options: options, directory: directory, context: context, sink: sink)
    }

    /// Builds the Secret of one `secretGenerator` entry; like ``configMap(_:options:directory:context:sink:)``
    /// but every value is base64-encoded into `data` and `type` defaults to `Opaque`.
    public static func secret(
        _ entry: YAMLNode,
        options: YAMLNode?,
        directory: String,
        context: LoadContext,
        sink: some DiagnosticSink
    ) -> Resource? {
        generate(kind: "Secret", entry, options: options, directory: directory, context: context, sink: sink)
    }

    private static func generate(
        kind: String,
        _ entry: YAMLNode,
        options globalOptions: YAMLNode?,
        directory: String,
        context: LoadContext,
        sink: some DiagnosticSink
    ) -> Resource? {
        let at = entry.location
        guard entry.isMapping else {
            sink.emit("kustomize/invalid-generator", .error, "a \(kind) generator entry must be a mapping", at: at)
            return nil
        }
        guard let nameNode = entry["name"], let name = nameNode.string, !name.isEmpty else {
            sink.emit("kustomize/invalid-generator", .error, "a \(kind) generator entry must have a name", at: at)
            return nil
        }
        let behavior = entry["behavior"]?.string ?? "create"
        if !["create", "merge", "replace"].contains(behavior) {
            sink.emit(
                "kustomize/invalid-generator",
                .warning,
                "unknown generator behavior '\(behavior)'; kustomize treats it as 'create'",
                at: entry["behavior"]?.location
            )
        }
        let sources = KeyValueSources(directory: directory, context: context, kind: kind, name: name)
        guard let pairs = sources.pairs(of: entry, sink: sink) else { return nil }
        let local = entry["options"]

        var metadata: [(String, YAMLNode)] = [("name", .string(name, at: nameNode.location))]
        if let namespaceNode = entry["namespace"], let namespace = namespaceNode.string, !namespace.isEmpty {
            metadata.append(("namespace", .string(namespace, at: namespaceNode.location)))
        }
        for field in ["labels", "annotations"] {
            let merged = mergedMap(field, global: globalOptions, local: local)
            if !merged.isEmpty {
                metadata.append((field, YAMLNode(.mapping(merged), location: at)))
            }
        }
        var fields: [(String, YAMLNode)] = [
            ("apiVersion", .string("v1", at: at)),
            ("kind", .string(kind, at: at)),
            ("metadata", .mapping(metadata, at: at)),
        ]
        let sorted = pairs.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        if kind == "Secret" {
            let typeNode = entry["type"]
            let type = typeNode?.string.flatMap { $0.isEmpty ? nil : $0 } ?? "Opaque"
            fields.append(("type", .string(type, at: typeNode?.location ?? at)))
            let data = sorted.map {
                YAMLPair(
                    key: .string($0.key, at: $0.location),
                    value: .string(wrappedBase64($0.value), at: $0.location)
                )
            }
            if !data.isEmpty { fields.append(("data", YAMLNode(.mapping(data), location: at))) }
        } else {
            var data: [YAMLPair] = []
            var binary: [YAMLPair] = []
            for pair in sorted {
                let key = YAMLNode.string(pair.key, at: pair.location)
                if let text = String(validating: pair.value, as: UTF8.self) {
                    data.append(YAMLPair(key: key, value: .string(text, at: pair.location)))
                } else {
                    binary.append(
                        YAMLPair(key: key, value: .string(wrappedBase64(pair.value), at: pair.location))
                    )
                }
            }
            if !data.isEmpty { fields.append(("data", YAMLNode(.mapping(data), location: at))) }
            if !binary.isEmpty { fields.append(("binaryData", YAMLNode(.mapping(binary), location: at))) }
        }
        if flag("immutable", global: globalOptions, local: local) {
            fields.append(
                ("immutable", YAMLNode(.scalar(YAMLScalar("true")), location: local?["immutable"]?.location ?? at))
            )
        }
        var resource = Resource(node: .mapping(fields, at: at))
        resource.needsHashSuffix = !flag("disableNameSuffixHash", global: globalOptions, local: local)
        resource.generatorBehavior = behavior
        return resource
    }

    /// Global then local entries of an options map, local values winning, keys sorted as kustomize sets them.
    private static func mergedMap(_ field: String, global: YAMLNode?, local: YAMLNode?) -> [YAMLPair] {
        var values: [String: YAMLPair] = [:]
        for source in [global, local] {
            for pair in source?[field]?.pairs ?? [] {
                guard let key = pair.key.scalar?.text else { continue }
                let value = YAMLNode.string(pair.value.scalar?.text ?? "", at: pair.value.location)
                values[key] = YAMLPair(key: .string(key, at: pair.key.location), value: value)
            }
        }
        return values.keys.sorted().compactMap { values[$0] }
    }

    private static func flag(_ field: String, global: YAMLNode?, local: YAMLNode?) -> Bool {
        global?[field]?.bool == true || local?[field]?.bool == true
    }

    /// Adds a generated object to the build, honouring its `behavior`.
    ///
    /// The object is matched against every current and earlier identity of the objects already there
    /// (kind, name and namespace, an empty namespace meaning `default`). `create` (the default) appends
    /// it and fails if it exists. `merge` and `replace` fail if it does not; otherwise it takes the
    /// existing object's place, name, namespace and build history, with the existing labels and
    /// annotations under its own, and — for `merge` — the existing `data` and `binaryData` under its own.
    /// The result needs a hash suffix only when both the existing and the generated object do.
    public static func add(_ generated: Resource, to resources: inout [Resource], sink: some DiagnosticSink) {
        let id = generated.id
        let namespace = generated.effectiveNamespace
        let matches = resources.indices.filter { index in
            let existing = resources[index]
            let current = (existing.id, existing.effectiveNamespace)
            let earlier = existing.previousIDs.map { ($0, $0.namespace ?? "default") }
            return ([current] + earlier).contains { candidate, candidateNamespace in
                candidate.group == id.group && candidate.version == id.version && candidate.kind == id.kind
                    && candidate.name == id.name && candidateNamespace == namespace
            }
        }
        let behavior = generated.generatorBehavior ?? "create"
        let location = generated.node["metadata"]?["name"]?.location ?? generated.location
        switch matches.count {
        case 0:
            if behavior == "merge" || behavior == "replace" {
                sink.emit(
                    "kustomize/generator-target-not-found",
                    .error,
                    "\(generated.kind) '\(generated.name)' does not exist; cannot \(behavior) it",
                    at: location
                )
                return
            }
            resources.append(generated)
        case 1:
            let index = matches[0]
            guard behavior == "merge" || behavior == "replace" else {
                sink.emit(
                    "kustomize/generator-conflict",
                    .error,
                    "\(generated.kind) '\(generated.name)' already exists; its behavior must be 'merge' or 'replace'",
                    at: location,
                    notes: [Diagnostic.Note("existing object", at: resources[index].location)]
                )
                return
            }
            resources[index] = combine(generated, over: resources[index], merging: behavior == "merge")
        default:
            sink.emit(
                "kustomize/generator-conflict",
                .error,
                "\(generated.kind) '\(generated.name)' matches \(matches.count) objects; cannot \(behavior)",
                at: location,
                notes: matches.map { Diagnostic.Note("candidate", at: resources[$0].location) }
            )
        }
    }

    private static func combine(_ generated: Resource, over old: Resource, merging: Bool) -> Resource {
        var result = generated
        for field in ["labels", "annotations"] {
            let merged = mergedPairs(old.node[path: ["metadata", field]], generated.node[path: ["metadata", field]])
            if merged.isEmpty {
                result.node.modify("metadata") { $0.remove(field) }
            } else {
                result.node.set(path: ["metadata", field], YAMLNode(.mapping(merged), location: generated.location))
            }
        }
        result.node.set(path: ["metadata", "name"], old.node[path: ["metadata", "name"]] ?? .string(old.name))
        if let namespace = old.node[path: ["metadata", "namespace"]] {
            result.node.set(path: ["metadata", "namespace"], namespace)
        } else {
            result.node.modify("metadata") { $0.remove("namespace") }
        }
        result.adoptHistory(of: old)
        // kubectl keeps the suffix only when both the existing and the generated object want one.
        result.needsHashSuffix = generated.needsHashSuffix && old.needsHashSuffix
        if merging {
            for field in ["data", "binaryData"] {
                let merged = mergedPairs(old.node[field], generated.node[field])
                if !merged.isEmpty { result.node.set(field, YAMLNode(.mapping(merged), location: generated.location)) }
            }
        }
        return result
    }

    /// The entries of `base` with `overlay`'s on top: overlay values win, new keys are appended.
    private static func mergedPairs(_ base: YAMLNode?, _ overlay: YAMLNode?) -> [YAMLPair] {
        var result = base?.pairs ?? []
        for pair in overlay?.pairs ?? [] {
            if let index = result.firstIndex(where: { $0.key.scalar?.text == pair.key.scalar?.text }) {
                result[index].value = pair.value
            } else {
                result.append(pair)
            }
        }
        return result
    }

    /// kustomize's content hash of an object: 10 characters derived from the SHA-256 of a JSON digest.
    ///
    /// For a ConfigMap the digest covers `kind`, `data` and (when it is a map) `binaryData`; for a Secret
    /// `kind`, `type`, `data` and (when a map) `stringData`. kustomize v5 also means to include the name
    /// but looks it up under a key that never exists, so the name always counts as empty: objects with
    /// the same data get the same suffix whatever their name or prefix. Labels, annotations, namespace
    /// and `immutable` do not count either. Other kinds hash the whole object.
    public static func contentHash(_ resource: Resource) -> String {
        let node = resource.node
        func field(_ key: String) -> GoJSON.Value {
            guard let value = node[key] else { return .string("") }
            if let scalar = value.scalar { return .string(scalar.text) }
            return GoJSON.value(value)
        }
        let json: [UInt8]
        switch resource.kind {
        case "ConfigMap":
            var object: [(String, GoJSON.Value)] = [
                ("kind", .string("ConfigMap")), ("name", .string("")), ("data", field("data")),
            ]
            if node["binaryData"]?.isMapping == true { object.append(("binaryData", field("binaryData"))) }
            json = GoJSON.encodedBytes(.object(object))
        case "Secret":
            var object: [(String, GoJSON.Value)] = [
                ("kind", .string("Secret")), ("type", field("type")), ("name", .string("")), ("data", field("data")),
            ]
            if node["stringData"]?.isMapping == true { object.append(("stringData", field("stringData"))) }
            json = GoJSON.encodedBytes(.object(object))
        default:
            json = GoJSON.encodedBytes(GoJSON.value(node))
        }
        let hex = SHA256.hex(json)
        let replacements: [Character: Character] = ["0": "g", "1": "h", "3": "k", "a": "m", "e": "t"]
        return String(hex.prefix(10).map { replacements[$0] ?? $0 })
    }

    /// Appends `-<hash>` to the name of every resource marked as needing it.
    ///
    /// It records the earlier name for reference fixing and clears the mark. Run once, on the top-level
    /// build (see the type's documentation).
    public static func applyHashSuffixes(to resources: inout [Resource]) {
        for index in resources.indices where resources[index].needsHashSuffix {
            let hash = contentHash(resources[index])
            resources[index].storePreviousID()
            let current = resources[index].node[path: ["metadata", "name"]]
            resources[index].node.set(
                path: ["metadata", "name"],
                .string(resources[index].name + "-" + hash, at: current?.location)
            )
            resources[index].needsHashSuffix = false
        }
    }

    /// Base64 as kustomize writes generated data: an encoding of 70 characters or more is cut into
    /// 70-character lines, each ending with a newline (kyaml's `encodeBase64`), and the hash sees those lines.
    static func wrappedBase64(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        let lineLength = 70
        guard encoded.utf8.count >= lineLength else { return encoded }
        var out = ""
        out.reserveCapacity(encoded.utf8.count + encoded.utf8.count / lineLength + 1)
        var line = Substring(encoded)
        while !line.isEmpty {
            out += line.prefix(lineLength)
            out += "\n"
            line = line.dropFirst(lineLength)
        }
        return out
    }
}
