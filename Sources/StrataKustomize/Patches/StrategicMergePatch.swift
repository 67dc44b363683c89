import StrataCore
public import StrataYAML

/// kustomize's strategic-merge patch: the merge that `patches:` and `patchesStrategicMerge:` apply.
///
/// This follows kustomize 5 (kyaml's `merge2` walk with the list-prepending option), which differs from the
/// API server's strategic merge in ways that show in real repositories:
///
/// - Maps merge recursively; a `null` in the patch deletes the key, also inside maps the patch adds. A
///   `null` or `~` written in the target stays unless the patch sets that key.
/// - Scalars replace. When the target's scalar is quoted or a block scalar, the new value takes that style,
///   so it becomes a string (`"3"` patched with `5` gives `"5"`).
/// - Lists merge by key only where ``MergeKeys`` says so for the target's `apiVersion` and `kind` (found on
///   the object, or on any nested map that carries both fields); every other list is replaced.
/// - In a merged list the patch's elements come first, in patch order, then the target's remaining
///   elements. Lists keyed by two fields (container `ports`, Service `ports`) keep the target's order for
///   matched elements, and a patch element that names only some keys can be dropped, exactly as kustomize
///   does. A patch element without the merge key removes every target element that has the key.
/// - `$patch: delete`, `replace` and `merge` work on maps and list elements, and `$patch: delete` at the top
///   deletes the object. `$patch: replace` on a keyed list element is undone by the list merge, as in
///   kustomize.
///   `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…` are not directives to kustomize:
///   they are copied into the object like any other field.
/// - When the first patch-list element that has a `$patch` field has no other field, its directive is for
///   the whole merged list, wherever it stands: `delete` removes the list, `replace` puts the patch list
///   in its place. Such an element is plain data when the target has no list there.
/// - Merged nodes keep the target's location; values taken from the patch keep the patch's location.
public enum StrategicMergePatch {
    /// Applies one strategic-merge patch document to one object.
    ///
    /// Returns nil when the patch deletes the whole object (`$patch: delete` at the top level).
    /// An object that the patch leaves null or empty also yields nil, since kustomize drops it too. The
    /// caller restores the target's `kind`, `metadata.name` and `metadata.namespace` afterwards, as
    /// kustomize does unless the patch allows changing them.
    public static func apply(_ patch: YAMLNode, to target: YAMLNode) throws(PatchError) -> YAMLNode? {
        let dest = MergeNode(target)
        let origin = MergeNode(patch)
        guard let merged = try MergeWalk.walk(dest: dest, origin: origin, schema: nil),
            !merged.isNull, !merged.isEmptyMapping
        else { return nil }
        return merged.yaml()
    }
}

// MARK: - Mutable tree

/// A node with reference identity, so the merge can share and update nodes in place the way kyaml's
/// pointer-based walk does; the observable results (which elements survive, in which order) depend on it.
private final class MergeNode {
    enum Content {
        case scalar(YAMLScalar)
        case sequence([MergeNode])
        case mapping([Entry])
    }

    struct Entry {
        var key: YAMLNode
        var value: MergeNode
        var name: String { key.scalar?.text ?? "" }
    }

    var content: Content
    var tag: String?
    var location: SourceLocation?
    /// A null the target spelled out and the patch did not touch: kyaml re-creates it without its null
    /// tag, so it survives the merge instead of deleting its key.
    var isKeptNull = false

    init(_ content: Content, tag: String? = nil, location: SourceLocation?) {
        self.content = content
        self.tag = tag
        self.location = location
    }

    convenience init(_ node: YAMLNode) {
        let content: Content
        switch node.content {
        case .scalar(let s): content = .scalar(s)
        case .sequence(let items): content = .sequence(items.map(MergeNode.init))
        case .mapping(let pairs): content = .mapping(pairs.map { Entry(key: $0.key, value: MergeNode($0.value)) })
        }
        self.init(content, tag: node.tag, location: node.location)
    }

    func yaml() -> YAMLNode {
        switch content {
        case .scalar(let s):
            return YAMLNode(.scalar(s), tag: tag, location: location)
        case .sequence(let items):
            return YAMLNode(.sequence(items.map { $0.yaml() }), tag: tag, location: location)
        case .mapping(let entries):
            return YAMLNode(
                .mapping(entries.map { YAMLPair(key: $0.key, value: $0.value.yaml()) }),
                tag: tag,
                location: location
            )
        }
    }

    enum Kind: String {
        case scalar, sequence, mapping
    }

    var kind: Kind {
        switch content {
        case .scalar: .scalar
        case .sequence: .sequence
        case .mapping: .mapping
        }
    }

    var isNull: Bool {
        if isKeptNull { return false }
        if case .scalar(let s) = content { return s.resolved == .null }
        return false
    }

    var isEmptyMapping: Bool {
        if case .mapping(let entries) = content { return entries.isEmpty }
        return false
    }

    /// Null, or a collection with nothing in it: what kyaml treats as an absent key value.
    var isNullOrEmpty: Bool {
        switch content {
        case .scalar: isNull
        case .sequence(let items): items.isEmpty
        case .mapping(let entries): entries.isEmpty
        }
    }

    /// The scalar's text; empty for collections (kyaml compares these texts when matching elements).
    var text: String {
        if case .scalar(let s) = content { return s.text }
        return ""
    }

    var items: [MergeNode] {
        if case .sequence(let items) = content { return items }
        return []
    }

    var entries: [Entry] {
        if case .mapping(let entries) = content { return entries }
        return []
    }

    /// The value of the first entry named `name`.
    func value(of name: String) -> MergeNode? {
        entries.first { $0.name == name }?.value
    }

    func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    func removeFirst(_ name: String) {
        guard case .mapping(var entries) = content, let index = entries.firstIndex(where: { $0.name == name })
        else { return }
        entries.remove(at: index)
        content = .mapping(entries)
    }

    /// Takes over `other`'s content as the new value of an existing field.
    ///
    /// The field's own scalar style survives, which is how a quoted target value turns a patched number
    /// into a string.
    func assign(from other: MergeNode) {
        guard other !== self else { return }
        var newContent = other.content
        if case .scalar(var scalar) = newContent, case .scalar(let old) = content, old.style != .plain {
            scalar.style = old.style
            newContent = .scalar(scalar)
        }
        content = newContent
        tag = other.tag
        location = other.location ?? location
    }

    /// Sets, replaces or (for a cleared or null value) removes field `name` of this mapping.
    func setField(_ name: String, to value: MergeNode?, key: YAMLNode?) {
        guard case .mapping(var entries) = content else { return }
        guard let value, !value.isNull else {
            removeFirst(name)
            return
        }
        if let existing = entries.first(where: { $0.name == name }) {
            existing.value.assign(from: value)
            return
        }
        entries.append(Entry(key: key ?? .plain(name, at: value.location), value: value))
        content = .mapping(entries)
    }

    func append(_ node: MergeNode) {
        guard case .sequence(var items) = content else { return }
        items.append(node)
        content = .sequence(items)
    }
}

// MARK: - The walk

/// The kyaml walk over (target, patch) pairs, with kustomize's merge visitor.
private enum MergeWalk {
    enum Directive: Equatable {
        case merge, replace, delete, unknown
    }

    static func walk(dest: MergeNode?, origin: MergeNode?, schema: MergeSchema?) throws(PatchError) -> MergeNode? {
        let schema = schema ?? embeddedSchema(dest, origin)
        guard let first = [dest, origin].compactMap({ $0 }).first(where: { !$0.isNull }) else {
            return try walkMap(dest: dest, origin: origin, schema: schema)
        }
        for node in [dest, origin] {
            guard let node, !node.isNull, node.kind != first.kind else { continue }
            throw PatchError(
                "wrong node kind: the target has a \(first.kind.rawValue) here "
                    + "but the patch has a \(node.kind.rawValue)",
                at: node.location ?? first.location
            )
        }
        switch first.kind {
        case .mapping:
            return try walkMap(dest: dest, origin: origin, schema: schema)
        case .sequence:
            if let keys = schema?.keys {
                return try walkAssociativeList(dest: dest, origin: origin, keys: keys, schema: schema)
            }
            return origin ?? dest
        case .scalar:
            return origin ?? dest
        }
    }

    /// The schema of the first side that names a built-in `apiVersion` and `kind` (kyaml looks for them on
    /// every node it has no schema for, so embedded objects in custom resources merge like the real kind).
    static func embeddedSchema(_ nodes: MergeNode?...) -> MergeSchema? {
        for node in nodes {
            guard let node, !node.isNull else { continue }
            guard let apiVersion = node.value(of: "apiVersion"), !apiVersion.isNullOrEmpty,
                let kind = node.value(of: "kind"), !kind.isNullOrEmpty,
                !apiVersion.text.isEmpty, !kind.text.isEmpty
            else { continue }
            if let schema = MergeKeys.schema(apiVersion: apiVersion.text, kind: kind.text) { return schema }
        }
        return nil
    }

    /// Reads and removes a `$patch` directive; unknown values are an error.
    static func directive(_ node: MergeNode?) throws(PatchError) -> Directive {
        guard let node else { return .merge }
        switch node.kind {
        case .sequence:
            return .merge
        case .scalar:
            throw PatchError(
                "no strategic merge patch strategy applies to the scalar '\(node.text)'",
                at: node.location
            )
        case .mapping:
            guard let value = node.value(of: "$patch") else { return .merge }
            let directive: Directive
            switch value.text {
            case "delete": directive = .delete
            case "replace": directive = .replace
            case "merge": directive = .merge
            default: throw PatchError("unknown patch strategy '\(value.text)'", at: value.location)
            }
            node.removeFirst("$patch")
            return directive
        }
    }

    /// Reads and removes the directive a patch list carries in an element of its own.
    ///
    /// Only the first mapping element with a `$patch` field is looked at, and only when `$patch` is its
    /// sole field (a keyed element's `$patch` is about that element). Its position in the list does not
    /// matter. Every element carrying the same directive is then dropped from the patch list, together
    /// with null and empty elements; a later lone element with another directive stays, and merges as
    /// an element without the merge key.
    static func listDirective(_ list: MergeNode?) throws(PatchError) -> Directive {
        guard let list, list.kind == .sequence,
            let element = list.items.first(where: { $0.kind == .mapping && $0.entry(named: "$patch") != nil }),
            element.entries.count == 1,
            let value = element.value(of: "$patch")
        else { return .merge }
        let directive: Directive
        switch value.text {
        case "delete": directive = .delete
        case "replace": directive = .replace
        case "merge": directive = .merge
        default: throw PatchError("unknown patch strategy '\(value.text)'", at: value.location)
        }
        try list.setElement(nil, keys: ["$patch"], values: [value.text])
        return directive
    }

    static func visitMap(dest: MergeNode?, origin: MergeNode?) throws(PatchError) -> MergeNode? {
        guard let dest, !dest.isNull else {
            // A new map: kyaml ignores a bad directive here and keeps the `$patch` key as data.
            let directive = (try? directive(origin)) ?? .unknown
            if directive == .delete { return nil }
            if origin == nil, let dest, !dest.text.isEmpty {
                let kept = MergeNode(dest.content, tag: dest.tag, location: dest.location)
                kept.isKeptNull = true
                return kept
            }
            return origin
        }
        if origin?.isNull == true { return nil }
        switch try directive(origin) {
        case .delete: return nil
        case .replace: return origin
        case .merge, .unknown: return dest
        }
    }

    static func walkMap(dest: MergeNode?, origin: MergeNode?, schema: MergeSchema?) throws(PatchError) -> MergeNode? {
        guard let merged = try visitMap(dest: dest, origin: origin) else { return nil }
        var names = Set(merged.entries.map(\.name))
        for entry in origin?.entries ?? [] { names.insert(entry.name) }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let originEntry = origin?.entry(named: name)
            let value = try walk(
                dest: merged.value(of: name),
                origin: originEntry?.value,
                schema: schema?.field(name)
            )
            merged.setField(name, to: value, key: originEntry?.key)
        }
        return merged
    }

    // MARK: Associative lists

    static func walkAssociativeList(
        dest: MergeNode?,
        origin: MergeNode?,
        keys: [String],
        schema: MergeSchema?
    ) throws(PatchError) -> MergeNode? {
        let list: MergeNode
        if let dest, !dest.isNull {
            if origin?.isNull == true { return nil }
            switch try listDirective(origin) {
            case .delete:
                return nil
            case .replace:
                // The walk goes on with the patch list on both sides, so directives nested in its
                // elements still apply.
                list = origin ?? dest
            case .merge, .unknown:
                list = dest
            }
        } else {
            guard let origin else { return nil }
            list = origin
        }
        let elementSchema = MergeSchema(keys: nil, fields: schema?.fields ?? [:])
        let sides = ListSides(dest: list, origin: origin)
        if !keys.isEmpty {
            return try mergeElements(sides.keyValues(keys), keys: keys, sides: sides, schema: elementSchema)
        }
        return try mergeElements(sides.scalarValues(), keys: [""], sides: sides, schema: elementSchema)
    }

    /// Merges the elements identified by `valuesList` (one tuple of key values per element, patch first).
    static func mergeElements(
        _ valuesList: [[String]],
        keys: [String],
        sides: ListSides,
        schema: MergeSchema
    ) throws(PatchError) -> MergeNode? {
        let dest = sides.dest
        let added = MergeNode(.sequence([]), location: dest.location)
        let valuesList = keys.count > 1 ? unifyPartialTuples(valuesList) : valuesList
        var validKeys: [String] = []
        var validValues: [String] = []
        for values in valuesList where !values.isEmpty {
            (validKeys, validValues) = presentKeys(valuesList, values, keys)
            let (lookupKeys, lookupValues) = presentKeys([validValues], validValues, validKeys)
            let merged = try walk(
                dest: dest.element(matching: lookupKeys, lookupValues),
                origin: sides.origin?.element(matching: lookupKeys, lookupValues),
                schema: schema
            )
            guard let merged, !merged.isNull, !merged.isEmptyMapping else {
                try dest.setElement(nil, keys: validKeys, values: validValues)
                continue
            }
            for (key, value) in zip(validKeys, validValues) where !value.isEmpty {
                try ensureKey(key, value, in: merged)
            }
            try added.setElement(merged, keys: validKeys, values: validValues)
        }
        if !valuesList.isEmpty {
            try append(dest.items, to: added, keys: validKeys)
        }
        return added
    }

    /// kyaml writes a missing key value back into a merged element; for a list of scalars the key is the
    /// scalar itself, and a non-scalar there is an error.
    static func ensureKey(_ key: String, _ value: String, in element: MergeNode) throws(PatchError) {
        if key.isEmpty {
            guard element.kind == .scalar else {
                throw PatchError("wrong node kind: expected a scalar list element", at: element.location)
            }
            return
        }
        guard element.kind == .mapping, element.entry(named: key) == nil else { return }
        element.setField(key, to: MergeNode(.scalar(YAMLScalar(value)), location: element.location), key: nil)
    }

    /// Adds the target's elements after the patch's ones, replacing those already merged in place.
    static func append(_ elements: [MergeNode], to list: MergeNode, keys: [String]) throws(PatchError) {
        for element in elements {
            if keys.first?.isEmpty ?? true {
                try list.setElement(element, keys: [""], values: [element.text])
                continue
            }
            var values: [String] = []
            for key in keys {
                if element.isNull {
                    list.append(element)
                    continue
                }
                guard element.kind == .mapping else {
                    throw PatchError("wrong node kind: expected a mapping list element", at: element.location)
                }
                guard let value = element.value(of: key) else {
                    list.append(element)
                    continue
                }
                values.append(value.text)
            }
            if keys.count > 1 {
                try list.setElement(nil, keys: keys, values: values)
            }
            try list.setElement(element, keys: keys, values: values)
        }
    }

    /// Keeps the keys that have a value in any tuple of the list, and this tuple's values for them.
    static func presentKeys(_ valuesList: [[String]], _ values: [String], _ keys: [String]) -> ([String], [String]) {
        var present = Set<String>()
        for tuple in valuesList {
            for (index, value) in tuple.enumerated() where !value.isEmpty && index < keys.count {
                present.insert(keys[index])
            }
        }
        if present.isEmpty { return (keys, values) }
        let validKeys = keys.filter { present.contains($0) }
        var validValues: [String] = []
        for (index, value) in values.enumerated()
        where !value.isEmpty || (index < keys.count && present.contains(keys[index])) {
            validValues.append(value)
        }
        return (validKeys, validValues)
    }

    /// Treats tuples that agree wherever both have a value (`[80, ""]` and `[80, UDP]`) as the same element.
    static func unifyPartialTuples(_ valuesList: [[String]]) -> [[String]] {
        var list = valuesList
        for i in list.indices {
            for j in list.indices {
                if let unified = unify(list[i], list[j]) {
                    list[i] = unified
                    list[j] = unified
                }
            }
        }
        return list
    }

    static func unify(_ a: [String], _ b: [String]) -> [String]? {
        guard a.count == b.count else { return nil }
        var shared = false
        var result: [String] = []
        for (x, y) in zip(a, b) {
            if x == y {
                shared = true
                result.append(x)
            } else if !x.isEmpty && !y.isEmpty {
                return nil
            } else {
                result.append(x.isEmpty ? y : x)
            }
        }
        return shared ? result : nil
    }
}

/// The target list and the patch list being merged.
private struct ListSides {
    var dest: MergeNode
    var origin: MergeNode?

    /// The key values of every element, patch first, without repeats.
    func keyValues(_ keys: [String]) -> [[String]] {
        var result: [[String]] = []
        var seen = Set<[String]>()
        for side in [origin, dest] {
            guard let side, side.kind == .sequence else { continue }
            for element in side.items {
                let tuple = keys.map { key -> String in
                    guard element.kind == .mapping, let value = element.value(of: key), !value.isNullOrEmpty
                    else { return "" }
                    return value.text
                }
                if tuple.isEmpty || seen.contains(tuple) { continue }
                seen.insert(tuple)
                result.append(tuple)
            }
        }
        return result
    }

    /// The scalar values of a list merged as a set, patch first, without repeats.
    func scalarValues() -> [[String]] {
        var result: [[String]] = []
        var seen = Set<String>()
        for side in [origin, dest] {
            guard let side else { continue }
            for element in side.items where !seen.contains(element.text) {
                seen.insert(element.text)
                result.append([element.text])
            }
        }
        return result
    }
}

extension MergeNode {
    /// The first element whose fields `keys` have the texts `values` (for scalars, whose text is `values[0]`).
    func element(matching keys: [String], _ values: [String]) -> MergeNode? {
        guard kind == .sequence else { return nil }
        let keys = keys.isEmpty ? [""] : keys
        let values = values.isEmpty ? [""] : values
        if keys[0].isEmpty {
            return items.first { $0.text == values[0] }
        }
        guard keys.count == values.count else { return nil }
        return items.first { element in
            guard element.kind == .mapping else { return false }
            return zip(keys, values).allSatisfy { key, value in
                element.entries.contains { $0.name == key && $0.value.text == value }
            }
        }
    }

    /// kyaml's element setter: drops empty elements, then replaces the elements matching `keys`/`values`
    /// with `element` (or removes them when it is nil), appending `element` when nothing matched.
    ///
    /// An empty value matches any element that has the key at all, and elements without the key are kept
    /// only when some value was given; both quirks decide what survives in kustomize.
    func setElement(_ element: MergeNode?, keys: [String], values: [String]) throws(PatchError) {
        guard kind == .sequence else { return }
        let keys = keys.isEmpty ? [""] : keys
        let setsMapping = !keys[0].isEmpty && !(values.first ?? "").isEmpty
        var kept: [MergeNode] = []
        var found = false
        for candidate in items {
            if candidate.isNull || candidate.isEmptyMapping { continue }
            if candidate.kind != .mapping && setsMapping {
                kept.append(candidate)
                continue
            }
            var matched = true
            var lastMatch: Bool? = nil
            for index in keys.indices {
                if index < values.count {
                    lastMatch = try candidate.fieldMatches(keys[index], values[index])
                }
                if lastMatch != true {
                    matched = false
                    break
                }
            }
            if !matched {
                if !values.isEmpty { kept.append(candidate) }
                continue
            }
            found = true
            if let element { kept.append(element) }
        }
        content = .sequence(kept)
        guard let element, !element.isNull else { return }
        if !found { kept.append(element) }
        content = .sequence(kept)
    }

    /// Whether field `key` exists with text `value` (any text when `value` is empty); with an empty key,
    /// whether this scalar's text is `value`.
    func fieldMatches(_ key: String, _ value: String) throws(PatchError) -> Bool {
        if isNull { return false }
        if key.isEmpty {
            guard kind == .scalar else {
                throw PatchError("wrong node kind: expected a scalar list element", at: location)
            }
            return text == value
        }
        guard kind == .mapping else {
            throw PatchError("wrong node kind: expected a mapping list element", at: location)
        }
        return entries.contains { $0.name == key && (value.isEmpty || $0.value.text == value) }
    }
}
