import Foundation
public import StrataCore
public import StrataYAML

/// kustomize's `replacements:` field.
public enum ReplacementTransformer {
    /// Copies a value from one object's field into fields of other objects, entry by entry, in order.
    ///
    /// Each entry (inline, or the content of a `path:` file, which the builder reads) has a `source`
    /// and `targets`:
    /// - `source` selects exactly one object by `group`, `version`, `kind`, `name` and `namespace`,
    ///   matched against its current and earlier identities (exact values, no patterns), and reads
    ///   `fieldPath` (default `metadata.name`). With `options.delimiter`, the value is split and
    ///   `options.index` picks the part.
    /// - each target's `select` (plus optional `labelSelector`/`annotationSelector`) picks objects, minus
    ///   those any `reject` selector matches; a target that selects nothing is fine. Every `fieldPaths`
    ///   entry (default `metadata.name`) must exist in each selected object unless `options.create`. A
    ///   scalar target keeps its type and takes the value's text (the empty string for a mapping or
    ///   sequence value, as in kustomize); with `options.delimiter` only the `options.index` part is
    ///   replaced (a negative index prepends, one past the end appends). Other targets are replaced by
    ///   a copy of the value.
    ///
    /// Field paths use ``ReplacementPath`` syntax. Problems (no source, several sources, a missing
    /// source or target field, an index out of range) are errors at the entry, and that entry or
    /// target is skipped; kustomize stops the build at the first.
    public static func apply(_ replacements: [YAMLNode], to resources: inout [Resource], sink: some DiagnosticSink) {
        for entry in replacements {
            guard let value = sourceValue(entry, resources: resources, sink: sink) else { continue }
            for target in entry["targets"]?.items ?? [] {
                applyTarget(target, value: value, entry: entry, to: &resources, sink: sink)
            }
        }
    }

    // MARK: - Source

    private static func sourceValue(_ entry: YAMLNode, resources: [Resource], sink: some DiagnosticSink) -> YAMLNode? {
        guard let source = entry["source"], source.isMapping else {
            sink.emit("kustomize/invalid-replacement", .error, "a replacement needs a 'source'", at: entry.location)
            return nil
        }
        let selector = Selector(source)
        let matches = resources.filter { selector.selects($0) }
        guard matches.count == 1 else {
            let message =
                matches.isEmpty
                ? "replacement source \(selector) selects no object"
                : "replacement source \(selector) selects \(matches.count) objects"
            sink.emit(
                "kustomize/replacement-source",
                .error,
                message,
                at: source.location,
                notes: matches.map { Diagnostic.Note("selected", at: $0.location) }
            )
            return nil
        }
        let fieldPath = source["fieldPath"]?.string ?? "metadata.name"
        let found = ReplacementPath(fieldPath).first(in: matches[0].node)
        guard var value = found, !isNilOrEmpty(value) else {
            sink.emit(
                "kustomize/replacement-source",
                .error,
                "field '\(fieldPath)' is missing from replacement source \(selector)",
                at: source["fieldPath"]?.location ?? source.location
            )
            return nil
        }
        let options = source["options"]
        if let delimiter = options?["delimiter"]?.string, !delimiter.isEmpty {
            guard let text = value.scalar?.text else {
                sink.emit(
                    "kustomize/replacement-source",
                    .error,
                    "a delimiter needs a scalar source value",
                    at: value.location
                )
                return nil
            }
            let parts = text.components(separatedBy: delimiter)
            let index = options?["index"]?.int ?? 0
            guard parts.indices.contains(index) else {
                sink.emit(
                    "kustomize/replacement-source",
                    .error,
                    "options.index \(index) is out of bounds for value '\(text)'",
                    at: options?["index"]?.location ?? options?.location
                )
                return nil
            }
            value = YAMLNode(
                .scalar(YAMLScalar(parts[index], style: value.scalar?.style ?? .plain)),
                location: value.location
            )
        }
        return value
    }

    private static func isNilOrEmpty(_ node: YAMLNode) -> Bool {
        if node.isNull { return true }
        if let items = node.items { return items.isEmpty }
        if let pairs = node.pairs { return pairs.isEmpty }
        return false
    }

    // MARK: - Targets

    private static func applyTarget(
        _ target: YAMLNode,
        value: YAMLNode,
        entry: YAMLNode,
        to resources: inout [Resource],
        sink: some DiagnosticSink
    ) {
        guard let select = target["select"], select.isMapping else {
            sink.emit(
                "kustomize/invalid-replacement",
                .error,
                "a replacement target needs 'select'",
                at: target.location
            )
            return
        }
        let selector = Selector(select)
        let rejects = (target["reject"]?.items ?? []).map(Selector.init)
        let paths = target["fieldPaths"]?.items?.compactMap { $0.string } ?? ["metadata.name"]
        let options = target["options"]
        let create = options?["create"]?.bool == true
        let delimiter = options?["delimiter"]?.string ?? ""
        let index = options?["index"]?.int ?? 0
        for position in resources.indices {
            let resource = resources[position]
            guard selector.selects(resource), !rejects.contains(where: { !$0.isEmpty && $0.selects(resource) }) else {
                continue
            }
            for path in paths {
                let outcome = ReplacementPath(path).visit(
                    &resources[position].node,
                    create: create ? value : nil,
                    location: target.location
                ) { field in
                    set(&field, to: value, delimiter: delimiter, index: index, sink: sink)
                }
                let verb = create ? "find or create" : "find"
                switch outcome {
                case .success(let count) where count > 0:
                    continue
                case .success:
                    sink.emit(
                        "kustomize/replacement-target",
                        .error,
                        "unable to \(verb) field '\(path)' in replacement target \(resource.id)",
                        at: target["fieldPaths"]?.location ?? target.location,
                        notes: [Diagnostic.Note("target object", at: resource.location)]
                    )
                case .failure(let failure):
                    sink.emit(
                        "kustomize/replacement-target",
                        .error,
                        "unable to \(verb) field '\(path)' in replacement target \(resource.id): \(failure.reason ?? "")",
                        at: target["fieldPaths"]?.location ?? target.location,
                        notes: [Diagnostic.Note("target object", at: resource.location)]
                    )
                }
            }
        }
    }

    private static func set(
        _ field: inout YAMLNode,
        to value: YAMLNode,
        delimiter: String,
        index: Int,
        sink: some DiagnosticSink
    ) {
        guard let scalar = field.scalar, !field.isNull else {
            if !delimiter.isEmpty, !field.isNull {
                sink.emit(
                    "kustomize/replacement-target",
                    .error,
                    "a delimiter needs a scalar target",
                    at: field.location
                )
                return
            }
            field = value
            return
        }
        var text = value.scalar?.text ?? ""
        if !delimiter.isEmpty {
            var parts = scalar.text.components(separatedBy: delimiter)
            if index < 0 {
                parts.insert(text, at: 0)
            } else if index >= parts.count {
                parts.append(text)
            } else {
                parts[index] = text
            }
            text = parts.joined(separator: delimiter)
        }
        // The target keeps its type: a string stays a string even if the new text reads as a number.
        var style = scalar.style
        if style == .plain, case .string = scalar.resolved, !isPlainString(text) { style = .doubleQuoted }
        field = YAMLNode(.scalar(YAMLScalar(text, style: style)), location: field.location)
    }

    private static func isPlainString(_ text: String) -> Bool {
        if case .string = ScalarResolver.resolve(text) { return true }
        return false
    }

    /// A `source`, `select` or `reject` selector.
    struct Selector: CustomStringConvertible {
        var group: String?
        var version: String?
        var kind: String?
        var name: String?
        var namespace: String?
        var labelSelector: LabelSelector?
        var annotationSelector: LabelSelector?
        /// Set when a selector string does not parse: kustomize refuses it, so it selects nothing.
        var isInvalid = false

        init(_ node: YAMLNode) {
            func text(_ key: String) -> String? { node[key]?.string.flatMap { $0.isEmpty ? nil : $0 } }
            group = text("group")
            version = text("version")
            kind = text("kind")
            name = text("name")
            namespace = text("namespace")
            do {
                labelSelector = try text("labelSelector").map { text throws(PatchError) in
                    try LabelSelector(parsing: text)
                }
                annotationSelector = try text("annotationSelector").map { text throws(PatchError) in
                    try LabelSelector(parsing: text)
                }
            } catch {
                isInvalid = true
            }
        }

        var isEmpty: Bool {
            group == nil && version == nil && kind == nil && name == nil && namespace == nil && labelSelector == nil
                && annotationSelector == nil
        }

        func selects(_ resource: Resource) -> Bool {
            if isInvalid { return false }
            if let labelSelector, !labelSelector.matches(resource.labels) { return false }
            if let annotationSelector, !annotationSelector.matches(resource.annotations) { return false }
            let current = (resource.id, resource.effectiveNamespace)
            let earlier = resource.previousIDs.map { ($0, $0.namespace ?? "default") }
            return ([current] + earlier).contains { id, effectiveNamespace in
                (group == nil || group == id.group) && (version == nil || version == id.version)
                    && (kind == nil || kind == id.kind) && (name == nil || name == id.name)
                    && (namespace == nil || namespace == effectiveNamespace
                        || (namespace == "default" && id.namespace == nil))
            }
        }

        var description: String {
            let parts = [
                kind, name.map { "name '\($0)'" }, namespace.map { "namespace '\($0)'" }, group.map { "group '\($0)'" },
            ]
            return "'" + parts.compactMap { $0 }.joined(separator: " ") + "'"
        }
    }
}
