import Foundation
public import StrataCore
public import StrataYAML
import Synchronization

/// kustomize's `images:` field.
public enum ImageTransformer {
    /// One `images:` entry.
    struct Entry {
        var name: String
        var newName: String?
        var newTag: String?
        var digest: String?
        var tagSuffix: String?
        var matcher: NSRegularExpression?
    }

    /// Rewrites image references for each entry of `images:`, in order.
    ///
    /// kustomize looks in two places, one after the other, for every entry: every `image` of the items
    /// of any `containers` or `initContainers` list anywhere in an object (except in
    /// CustomResourceDefinitions), then the ``BuiltinFieldSpecs/images`` paths. A reference matches when
    /// it is the entry's `name` (read as a regular expression, as kustomize does) followed by an optional
    /// `:tag` and `@sha256:digest`. `newName` replaces the name; `newTag` and `digest` replace both the
    /// tag and the digest; `tagSuffix` (used only without `newTag` and `digest`) is appended to the tag
    /// and drops the digest. Because an image under both places is rewritten twice, a `tagSuffix` is
    /// appended twice there, exactly as kustomize v5.5 does. Rewritten references keep the location of
    /// the value they replace.
    public static func apply(_ images: YAMLNode, to resources: inout [Resource], sink: some DiagnosticSink) {
        guard let items = images.items else {
            if !images.isNull {
                sink.emit("kustomize/invalid-images", .error, "'images' must be a list", at: images.location)
            }
            return
        }
        let entries = items.compactMap { entry($0, sink: sink) }
        guard !entries.isEmpty else { return }
        // Resources are independent, so each is finished before the next; what an entry visits in one
        // resource does not change with the entries, so it is worked out once per resource.
        for index in resources.indices {
            let type = (group: resources[index].group, version: resources[index].version, kind: resources[index].kind)
            guard type.kind != "CustomResourceDefinition" else { continue }
            let hasContainerLists = holdsContainerLists(resources[index].node)
            let specs = BuiltinFieldSpecs.images.filter {
                $0.matches(group: type.group, version: type.version, kind: type.kind)
            }
            for entry in entries {
                // Mutate in place: a copy of the resource would make every visited level copy its storage.
                if hasContainerLists { rewriteContainerLists(&resources[index].node, entry, sink: sink) }
                for spec in specs {
                    spec.walk(&resources[index].node, leaf: .none, location: nil) { update(&$0, entry, sink: sink) }
                }
            }
        }
    }

    private static func entry(_ item: YAMLNode, sink: some DiagnosticSink) -> Entry? {
        guard item.isMapping else {
            sink.emit("kustomize/invalid-images", .error, "an 'images' entry must be a mapping", at: item.location)
            return nil
        }
        // kustomize decodes these fields as strings and rejects the whole kustomization otherwise, which
        // catches the common `newTag: 1.10` (a number, and not even the intended text).
        for field in ["name", "newName", "newTag", "digest", "tagSuffix"] {
            guard let value = item[field], let scalar = value.scalar, !value.isNull else { continue }
            if case .string = scalar.resolved { continue }
            sink.emit(
                "kustomize/invalid-images",
                .error,
                "'\(field)' must be a string; quote '\(scalar.text)'",
                at: value.location
            )
            return nil
        }
        guard let name = item["name"]?.string, !name.isEmpty else {
            sink.emit(
                "kustomize/invalid-images",
                .warning,
                "an 'images' entry without 'name' matches no image",
                at: item.location
            )
            return nil
        }
        let pattern = "^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$"
        let matcher = compiledMatcher(pattern)
        if matcher == nil {
            sink.emit(
                "kustomize/invalid-images",
                .error,
                "image name '\(name)' is not a valid regular expression, which kustomize requires",
                at: item["name"]?.location
            )
        }
        return Entry(
            name: name,
            newName: nonEmpty(item["newName"]),
            newTag: nonEmpty(item["newTag"]),
            digest: nonEmpty(item["digest"]),
            tagSuffix: nonEmpty(item["tagSuffix"]),
            matcher: matcher
        )
    }

    /// Compiled matchers by pattern: the same image names recur in the overlays of every cluster, and
    /// compiling is most of what an entry costs.
    private static let matchers = Mutex<[String: NSRegularExpression]>([:])

    private static func compiledMatcher(_ pattern: String) -> NSRegularExpression? {
        if let known = matchers.withLock({ $0[pattern] }) { return known }
        guard let compiled = try? NSRegularExpression(pattern: pattern) else { return nil }
        matchers.withLock { cache in
            // A long-lived process meets endless names; keep the cache from growing without bound.
            if cache.count >= 4096 { cache.removeAll() }
            cache[pattern] = compiled
        }
        return compiled
    }

    private static func nonEmpty(_ node: YAMLNode?) -> String? {
        guard let text = node?.string, !text.isEmpty else { return nil }
        return text
    }

    /// kustomize's scan of every `containers` and `initContainers` list, depth first.
    private static func rewriteContainerLists(_ node: inout YAMLNode, _ entry: Entry, sink: some DiagnosticSink) {
        switch node.content {
        case .mapping(let pairs):
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                // Only descend where a container list is: visiting writes, and writes copy shared storage.
                let isList = (key == "containers" || key == "initContainers") && pair.value.isSequence
                guard isList || holdsContainerLists(pair.value) else { continue }
                node.modify(key) { value in
                    rewriteContainerLists(&value, entry, sink: sink)
                    guard key == "containers" || key == "initContainers", value.isSequence else { return }
                    value.modifyItems { container in
                        guard container.isMapping, container["image"] != nil else { return }
                        container.modify("image") { update(&$0, entry, sink: sink) }
                    }
                }
            }
        case .sequence(let items):
            guard items.contains(where: holdsContainerLists) else { return }
            node.modifyItems { rewriteContainerLists(&$0, entry, sink: sink) }
        case .scalar:
            break
        }
    }

    /// Whether a `containers` or `initContainers` list is anywhere below `node` (a read-only search).
    private static func holdsContainerLists(_ node: YAMLNode) -> Bool {
        switch node.content {
        case .mapping(let pairs):
            for pair in pairs {
                if let key = pair.key.scalar?.text, key == "containers" || key == "initContainers",
                    pair.value.isSequence
                {
                    return true
                }
                if holdsContainerLists(pair.value) { return true }
            }
            return false
        case .sequence(let items):
            return items.contains(where: holdsContainerLists)
        case .scalar:
            return false
        }
    }

    private static func update(_ node: inout YAMLNode, _ entry: Entry, sink: some DiagnosticSink) {
        guard let scalar = node.scalar else {
            sink.emit("kustomize/image-not-scalar", .error, "an image reference must be a string", at: node.location)
            return
        }
        guard let matcher = entry.matcher else { return }
        let value = scalar.text
        let range = NSRange(value.startIndex..., in: value)
        guard matcher.firstMatch(in: value, range: range) != nil else { return }
        var (name, tag, digest) = split(value)
        if let newName = entry.newName { name = newName }
        switch (entry.newTag, entry.digest) {
        case (let newTag?, let newDigest?):
            tag = newTag
            digest = newDigest
        case (let newTag?, nil):
            tag = newTag
            digest = ""
        case (nil, let newDigest?):
            tag = ""
            digest = newDigest
        case (nil, nil):
            if let suffix = entry.tagSuffix {
                tag += suffix
                digest = ""
            }
        }
        var result = name
        if !tag.isEmpty { result += ":" + tag }
        if !digest.isEmpty { result += "@" + digest }
        node = .string(result, at: node.location)
    }

    /// Splits an image reference into name, tag and digest; a `:` before the first `/` is a registry port.
    static func split(_ image: String) -> (name: String, tag: String, digest: String) {
        let chars = Array(image)
        let slash = chars.firstIndex(of: "/") ?? 0
        let search = chars[slash...]
        let at = search.firstIndex(of: "@")
        let colon = search.firstIndex(of: ":")
        switch (colon, at) {
        case (nil, nil):
            return (image, "", "")
        case (let c, let a?) where c == nil || a < (c ?? a):
            return (String(chars[..<a]), "", String(chars[(a + 1)...]))
        case (let c?, let a?):
            return (String(chars[..<c]), String(chars[(c + 1)..<a]), String(chars[(a + 1)...]))
        case (let c?, nil):
            return (String(chars[..<c]), String(chars[(c + 1)...]), "")
        default:
            return (image, "", "")
        }
    }
}
