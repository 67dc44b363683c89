public import StrataCore

/// How a scalar was written in the source, which decides how its type is resolved.
public enum ScalarStyle: Hashable, Sendable {
    /// Unquoted: the type is resolved from the text (`3` is an integer, `true` a boolean).
    case plain
    /// `'…'`: always a string.
    case singleQuoted
    /// `"…"`: always a string.
    case doubleQuoted
    /// `|`: always a string.
    case literal
    /// `>`: always a string.
    case folded

    /// Whether the style forces the string type.
    public var isQuoted: Bool { self != .plain }
}

/// A YAML scalar: its text exactly as parsed, and how it was written.
public struct YAMLScalar: Hashable, Sendable {
    /// The scalar's value, with quoting and escapes already resolved.
    public var text: String
    /// How it was written.
    public var style: ScalarStyle

    /// Creates a scalar.
    public init(_ text: String, style: ScalarStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// One entry of a YAML mapping.
///
/// Mappings are kept as ordered lists, so duplicate keys survive loading.
public struct YAMLPair: Sendable {
    /// The key node (almost always a scalar).
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A located YAML node: every node knows the file, line and column it came from.
///
/// Equality and hashing compare content only (resolved scalar values, sequences, mappings as
/// key-order-insensitive sets of entries) and ignore location and tag, so a patched node equals its
/// expected form wherever it came from.
public struct YAMLNode: Sendable {
    /// The three kinds of YAML content.
    public enum Content: Sendable {
        /// A scalar.
        case scalar(YAMLScalar)
        /// A sequence of nodes.
        case sequence([YAMLNode])
        /// A mapping, in source order.
        case mapping([YAMLPair])
    }

    /// The node's content.
    public var content: Content
    /// An explicit, non-standard tag such as `!env_var`, kept so tools can tolerate it; `nil` otherwise.
    public var tag: String?
    /// Where the node starts, packed into one word (see ``NodeOrigin``): nodes are copied often, and a
    /// location held as a path string would cost a reference count on every copy.
    public var origin: NodeOrigin

    /// Where the node starts in its source file; `nil` for nodes made by a transformation.
    public var location: SourceLocation? {
        get { origin.location }
        set { origin = NodeOrigin(newValue) }
    }

    /// Creates a node.
    public init(_ content: Content, tag: String? = nil, location: SourceLocation? = nil) {
        self.content = content
        self.tag = tag
        self.origin = NodeOrigin(location)
    }

    /// Creates a node with a packed origin.
    public init(_ content: Content, tag: String? = nil, origin: NodeOrigin) {
        self.content = content
        self.tag = tag
        self.origin = origin
    }

    // MARK: - Builders

    /// A plain-style string scalar that always resolves as a string (quoted on output when needed).
    public static func string(_ text: String, at location: SourceLocation? = nil) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text, style: .doubleQuoted)), location: location)
    }

    /// A plain scalar whose type is resolved from its text (`3`, `true`, `null`).
    public static func plain(_ text: String, at location: SourceLocation? = nil) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text, style: .plain)), location: location)
    }

    /// The `null` scalar.
    public static var null: YAMLNode { .plain("null") }

    /// An integer scalar.
    public static func int(_ value: Int) -> YAMLNode { .plain(String(value)) }

    /// A boolean scalar.
    public static func bool(_ value: Bool) -> YAMLNode { .plain(value ? "true" : "false") }

    /// A mapping built from string keys, in order.
    public static func mapping(_ entries: [(String, YAMLNode)], at location: SourceLocation? = nil) -> YAMLNode {
        YAMLNode(
            .mapping(entries.map { YAMLPair(key: .plain($0.0), value: $0.1) }),
            location: location
        )
    }

    /// A sequence.
    public static func sequence(_ items: [YAMLNode], at location: SourceLocation? = nil) -> YAMLNode {
        YAMLNode(.sequence(items), location: location)
    }

    // MARK: - Reading

    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// The items, if this node is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, if this node is a mapping.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// Whether this is a mapping.
    public var isMapping: Bool { pairs != nil }

    /// Whether this is a sequence.
    public var isSequence: Bool { items != nil }

    /// Whether this is the null scalar (`null`, `~`, empty plain scalar).
    public var isNull: Bool {
        if case .scalar(let s) = content { return !s.style.isQuoted && ScalarResolver.isNull(s.text) }
        return false
    }

    /// The scalar's text when it resolves to a string, number or boolean; `nil` for null and collections.
    public var string: String? {
        guard case .scalar(let s) = content, s.style.isQuoted || !ScalarResolver.isNull(s.text) else { return nil }
        return s.text
    }

    /// The scalar's value as an integer, when it resolves to one.
    public var int: Int? {
        guard case .scalar(let s) = content, case .int(let v) = s.resolved else { return nil }
        return v
    }

    /// The scalar's value as a boolean, when it resolves to one.
    public var bool: Bool? {
        guard case .scalar(let s) = content, case .bool(let v) = s.resolved else { return nil }
        return v
    }

    /// The value of the last entry with this key, when this is a mapping.
    ///
    /// The last entry wins, as in the Go YAML decoders kustomize and Flux use in non-strict mode;
    /// duplicates are reported by the loader.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        var i = pairs.count
        while i > 0 {
            i -= 1
            if case .scalar(let scalar) = pairs[i].key.content, scalar.text == key { return pairs[i].value }
        }
        return nil
    }

    /// The node at a path of mapping keys.
    public subscript(path path: [String]) -> YAMLNode? {
        var node = self
        for key in path {
            guard let next = node[key] else { return nil }
            node = next
        }
        return node
    }

    /// The keys of a mapping, in order.
    public var keys: [String] {
        pairs?.compactMap { $0.key.scalar?.text } ?? []
    }

    /// The location of the key `key` in this mapping, useful for pointing at a field rather than its value.
    public func keyLocation(_ key: String) -> SourceLocation? {
        pairs?.last { $0.key.scalar?.text == key }?.key.location
    }

    // MARK: - Writing

    /// Sets `key` to `value` in a mapping.
    ///
    /// Every existing entry with that key is replaced (keeping the first one's position), or the entry is
    /// appended. Does nothing when this node is not a mapping.
    public mutating func set(_ key: String, _ value: YAMLNode) {
        guard case .mapping(var pairs) = content else { return }
        if let index = pairs.firstIndex(where: { $0.key.scalar?.text == key }) {
            pairs[index].value = value
            var i = pairs.count - 1
            while i > index {
                if pairs[i].key.scalar?.text == key { pairs.remove(at: i) }
                i -= 1
            }
        } else {
            pairs.append(YAMLPair(key: .plain(key), value: value))
        }
        content = .mapping(pairs)
    }

    /// Removes every entry with `key` from a mapping; returns whether anything was removed.
    @discardableResult
    public mutating func remove(_ key: String) -> Bool {
        guard case .mapping(var pairs) = content else { return false }
        let before = pairs.count
        pairs.removeAll { $0.key.scalar?.text == key }
        content = .mapping(pairs)
        return pairs.count != before
    }

    /// Sets the node at `path`, creating intermediate mappings as needed (and replacing non-mappings on the way).
    public mutating func set(path: [String], _ value: YAMLNode) {
        guard let first = path.first else {
            self = value
            return
        }
        if !isMapping { content = .mapping([]) }
        if path.count == 1 {
            set(first, value)
            return
        }
        var child = self[first] ?? YAMLNode(.mapping([]))
        if !child.isMapping { child = YAMLNode(.mapping([])) }
        child.set(path: Array(path.dropFirst()), value)
        set(first, child)
    }

    /// Applies `body` to the child at `key` in place, if there is one.
    public mutating func modify(_ key: String, _ body: (inout YAMLNode) -> Void) {
        guard case .mapping(var pairs) = content,
            let index = pairs.lastIndex(where: { $0.key.scalar?.text == key })
        else { return }
        content = .scalar(YAMLScalar(""))  // release the buffer so the child is uniquely referenced
        body(&pairs[index].value)
        content = .mapping(pairs)
    }

    /// Applies `body` to each item of a sequence in place.
    public mutating func modifyItems(_ body: (inout YAMLNode) -> Void) {
        guard case .sequence(var items) = content else { return }
        content = .scalar(YAMLScalar(""))
        for i in items.indices { body(&items[i]) }
        content = .sequence(items)
    }

    /// Sets the location of this node and of every descendant that has none.
    public func locatedDefaulting(to location: SourceLocation?) -> YAMLNode {
        guard let location else { return self }
        var copy = self
        if copy.location == nil { copy.location = location }
        switch copy.content {
        case .scalar: break
        case .sequence(let items):
            copy.content = .sequence(items.map { $0.locatedDefaulting(to: copy.location) })
        case .mapping(let pairs):
            copy.content = .mapping(
                pairs.map {
                    YAMLPair(
                        key: $0.key.locatedDefaulting(to: copy.location),
                        value: $0.value.locatedDefaulting(to: copy.location)
                    )
                }
            )
        }
        return copy
    }
}

extension YAMLNode: Hashable {
    /// Content equality: resolved scalar values, sequences in order, mappings as sets of entries.
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        switch (lhs.content, rhs.content) {
        case (.scalar(let a), .scalar(let b)):
            return a.resolved == b.resolved
        case (.sequence(let a), .sequence(let b)):
            return a == b
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            var index: [YAMLNode: YAMLNode] = [:]
            for pair in a { index[pair.key] = pair.value }
            for pair in b where index[pair.key] != pair.value { return false }
            return true
        default:
            return false
        }
    }

    /// Hashes content consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        switch content {
        case .scalar(let s):
            hasher.combine(0)
            hasher.combine(s.resolved)
        case .sequence(let items):
            hasher.combine(1)
            hasher.combine(items)
        case .mapping(let pairs):
            hasher.combine(2)
            hasher.combine(pairs.count)
            var acc = 0
            for pair in pairs {
                var h = Hasher()
                h.combine(pair.key)
                h.combine(pair.value)
                acc ^= h.finalize()
            }
            hasher.combine(acc)
        }
    }
}
