import StrataCore
import StrataYAML

/// A `replacements` field path (`spec.containers.[name=web].image`), with kustomize's syntax:
/// `.`-separated segments, `\.` for a dot inside a key, `[key]` for a key containing dots,
/// `[field=value]` to pick sequence items, a number to index a sequence, and `*` for every item.
struct ReplacementPath {
    enum Segment: Equatable {
        case key(String)
        case match(field: String, value: String)
        case index(Int)
        case every
    }

    let text: String
    let segments: [Segment]

    init(_ text: String) {
        self.text = text
        var parts: [String] = []
        var current = ""
        var depth = 0
        var previous: Character?
        for character in text {
            defer { previous = character }
            switch character {
            case "[":
                depth += 1
                current.append(character)
            case "]":
                depth = max(0, depth - 1)
                current.append(character)
            case "." where depth == 0:
                // Only `\.` is an escape: the backslash goes and the dot stays in the key.
                if previous == "\\" {
                    current.removeLast()
                    current.append(character)
                } else {
                    parts.append(current)
                    current = ""
                }
            default:
                current.append(character)
            }
        }
        parts.append(current)
        segments = parts.map { part in
            if part == "*" { return .every }
            if part.hasPrefix("["), part.hasSuffix("]") {
                let inner = part.dropFirst().dropLast()
                if let equals = inner.firstIndex(of: "=") {
                    return .match(field: String(inner[..<equals]), value: String(inner[inner.index(after: equals)...]))
                }
                return .key(String(inner))
            }
            if let number = Int(part), number >= 0, part.allSatisfy(\.isNumber) { return .index(number) }
            return .key(part)
        }
    }

    /// Why a path could not be followed.
    struct Failure: Error {
        var reason: String?
    }

    /// Applies `body` to every node the path reaches and returns how many nodes were reached.
    ///
    /// With `create`, missing keys and `[field=value]` items are added (the last one as `leaf`), carrying
    /// `location`.
    func visit(
        _ root: inout YAMLNode,
        create leaf: YAMLNode?,
        location: SourceLocation?,
        _ body: (inout YAMLNode) -> Void
    ) -> Result<Int, Failure> {
        var count = 0
        var failure: Failure?
        walk(&root, segments[...], leaf: leaf, location: location, count: &count, failure: &failure, body)
        if let failure { return .failure(failure) }
        return .success(count)
    }

    private func walk(
        _ node: inout YAMLNode,
        _ rest: ArraySlice<Segment>,
        leaf: YAMLNode?,
        location: SourceLocation?,
        count: inout Int,
        failure: inout Failure?,
        _ body: (inout YAMLNode) -> Void
    ) {
        guard failure == nil else { return }
        guard let segment = rest.first else {
            count += 1
            body(&node)
            return
        }
        let next = rest.dropFirst()
        switch segment {
        case .key(let key):
            if !node.isMapping {
                guard node.isNull, leaf != nil else {
                    if node.isSequence { failure = Failure(reason: "expected a mapping but found a sequence") }
                    return
                }
                node = YAMLNode(.mapping([]), location: location)
            }
            if node[key] == nil {
                guard let leaf else { return }
                node.setEntry(key, fresh(for: next, leaf: leaf, location: location))
            }
            node.modify(key) { walk(&$0, next, leaf: leaf, location: location, count: &count, failure: &failure, body) }
        case .match(let field, let value):
            guard var items = node.items else {
                if node.isMapping { failure = Failure(reason: "expected a sequence but found a mapping") }
                return
            }
            var matched = false
            for index in items.indices {
                let itemValue = field.isEmpty ? items[index].scalar?.text : items[index][field]?.scalar?.text
                guard itemValue == value else { continue }
                matched = true
                walk(&items[index], next, leaf: leaf, location: location, count: &count, failure: &failure, body)
            }
            if !matched, let leaf {
                var item: YAMLNode =
                    field.isEmpty
                    ? .string(value, at: location)
                    : YAMLNode(
                        .mapping([YAMLPair(key: .string(field, at: location), value: .string(value, at: location))]),
                        location: location
                    )
                walk(&item, next, leaf: leaf, location: location, count: &count, failure: &failure, body)
                items.append(item)
            }
            node.content = .sequence(items)
        case .index(let position):
            if node.isMapping {
                // A number names a key when the node is a mapping.
                let asKey = [Segment.key(String(position))] + next
                walk(&node, asKey[...], leaf: leaf, location: location, count: &count, failure: &failure, body)
                return
            }
            guard var items = node.items else { return }
            guard position < items.count else {
                failure = Failure(reason: "index \(position) specified but only \(items.count) elements found")
                return
            }
            walk(&items[position], next, leaf: leaf, location: location, count: &count, failure: &failure, body)
            node.content = .sequence(items)
        case .every:
            guard node.isSequence else {
                if node.isMapping { failure = Failure(reason: "'*' needs a sequence but found a mapping") }
                return
            }
            node.modifyItems { walk(&$0, next, leaf: leaf, location: location, count: &count, failure: &failure, body) }
        }
    }

    /// The node created for a missing key: the leaf at the end, otherwise a sequence or mapping as the
    /// next segment needs.
    private func fresh(for next: ArraySlice<Segment>, leaf: YAMLNode, location: SourceLocation?) -> YAMLNode {
        guard let following = next.first else {
            switch leaf.content {
            case .scalar: return YAMLNode(.scalar(YAMLScalar("", style: .doubleQuoted)), location: location)
            case .sequence: return YAMLNode(.sequence([]), location: location)
            case .mapping: return YAMLNode(.mapping([]), location: location)
            }
        }
        switch following {
        case .key: return YAMLNode(.mapping([]), location: location)
        case .match, .index, .every: return YAMLNode(.sequence([]), location: location)
        }
    }

    /// The first node the path reaches, without creating anything.
    func first(in root: YAMLNode) -> YAMLNode? {
        var copy = root
        var found: YAMLNode?
        _ = visit(&copy, create: nil, location: nil) { node in
            if found == nil { found = node }
        }
        return found
    }
}
