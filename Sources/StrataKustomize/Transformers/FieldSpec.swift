import StrataCore
import StrataYAML

/// One of kustomize's field specifications: a `/`-separated path to a field in objects of a given
/// group, version and kind (empty parts match anything), and whether missing fields are created.
///
/// Path segments ending in `[]` name sequences; a sequence met anywhere on the path is walked item by
/// item, as kustomize's field-spec filter does. `\/` escapes a slash inside a key (annotation names).
public struct FieldSpec: Hashable, Sendable {
    /// The API group the object must have; empty matches any group.
    public var group: String
    /// The API version the object must have; empty matches any version.
    public var version: String
    /// The kind the object must have; empty matches any kind.
    public var kind: String
    /// The path, in kustomize's `a/b[]/c` form.
    public var path: String {
        didSet { segments = FieldSpec.split(path) }
    }
    /// Whether missing fields on the path are created.
    public var create: Bool
    /// The path split into keys, with `\/` turned back into `/` (computed once: walks are hot).
    public private(set) var segments: [String]

    /// Creates a field specification.
    public init(_ path: String, group: String = "", version: String = "", kind: String = "", create: Bool = false) {
        self.group = group
        self.version = version
        self.kind = kind
        self.path = path
        self.create = create
        self.segments = FieldSpec.split(path)
    }

    /// Whether the specification applies to an object with this group, version and kind.
    public func matches(group: String, version: String, kind: String) -> Bool {
        (self.kind.isEmpty || self.kind == kind) && (self.group.isEmpty || self.group == group)
            && (self.version.isEmpty || self.version == version)
    }

    /// Whether the specification applies to a resource, judged by its current type.
    public func matches(_ resource: Resource) -> Bool {
        matches(group: resource.group, version: resource.version, kind: resource.kind)
    }

    private static func split(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if let last = result.last, last.hasSuffix("\\") {
                result[result.count - 1] = String(last.dropLast()) + "/" + part
            } else {
                result.append(String(part))
            }
        }
        return result
    }
}

/// What a field-spec walk creates at the end of a missing path.
enum FieldLeaf {
    /// Nothing: missing fields are never created.
    case none
    /// An empty mapping (labels, annotations).
    case mapping
    /// A scalar: the visitor receives a null node and fills it in.
    case scalar
}

extension FieldSpec {
    /// Calls `visit` on every node the path reaches in `root`.
    ///
    /// Missing fields are created when the spec says so and `leaf` allows it; created nodes carry `location`.
    ///
    /// A scalar met before the end of the path ends that branch quietly; kustomize reports it as a
    /// malformed object, which other checks already do.
    func walk(
        _ root: inout YAMLNode,
        leaf: FieldLeaf,
        location: SourceLocation?,
        _ visit: (inout YAMLNode) -> Void
    ) {
        let creating = create ? leaf : .none
        // A walk that creates nothing changes only what it reaches; finding out first by reading spares
        // the copy-on-write bookkeeping of descending, level by level, into paths that are absent.
        if creating == .none, !FieldSpec.reaches(root, segments: segments[...]) { return }
        FieldSpec.walk(&root, segments: segments[...], create: creating, location: location, visit)
    }

    /// Whether a walk that creates nothing would visit any node below `node`.
    private static func reaches(_ node: YAMLNode, segments: ArraySlice<String>) -> Bool {
        guard let first = segments.first else { return true }
        switch node.content {
        case .sequence(let items):
            return items.contains { reaches($0, segments: segments) }
        case .mapping:
            let key = first.hasSuffix("[]") ? String(first.dropLast(2)) : first
            guard let existing = node[key] else { return false }
            // A null leaf is handed to the visitor; a null on the way ends the branch.
            if existing.isNull { return segments.count == 1 }
            return reaches(existing, segments: segments.dropFirst())
        case .scalar:
            return false
        }
    }

    private static func walk(
        _ node: inout YAMLNode,
        segments: ArraySlice<String>,
        create: FieldLeaf,
        location: SourceLocation?,
        _ visit: (inout YAMLNode) -> Void
    ) {
        guard let first = segments.first else {
            visit(&node)
            return
        }
        switch node.content {
        case .sequence:
            node.modifyItems { walk(&$0, segments: segments, create: create, location: location, visit) }
        case .mapping:
            let isSequence = first.hasSuffix("[]")
            let key = isSequence ? String(first.dropLast(2)) : first
            let rest = segments.dropFirst()
            let creating = create != .none && !isSequence
            let existing = node[key]
            if let existing, !existing.isNull {
                node.modify(key) { walk(&$0, segments: rest, create: create, location: location, visit) }
                return
            }
            let exists = existing != nil
            if !creating {
                // kustomize hands a null leaf to the setter; only the last segment can be visited.
                if exists, rest.isEmpty {
                    node.modify(key) { visit(&$0) }
                }
                return
            }
            var child: YAMLNode
            if rest.isEmpty {
                child = create == .mapping ? YAMLNode(.mapping([]), location: location) : .null
                child.location = location
            } else {
                child = YAMLNode(.mapping([]), location: location)
            }
            walk(&child, segments: rest, create: create, location: location, visit)
            node.set(key, child)
        case .scalar:
            return
        }
    }
}

extension [FieldSpec] {
    /// The specs that apply to a resource.
    func matching(_ resource: Resource) -> [FieldSpec] {
        filter { $0.matches(resource) }
    }
}

extension YAMLNode {
    /// Sets `key` in a mapping like `set(_:_:)`, but a new key is written as a string so keys such as
    /// `on` or `1` keep their meaning.
    mutating func setEntry(_ key: String, _ value: YAMLNode) {
        guard let pairs, !pairs.contains(where: { $0.key.scalar?.text == key }) else {
            set(key, value)
            return
        }
        content = .mapping(pairs + [YAMLPair(key: .string(key, at: value.location), value: value)])
    }
}
