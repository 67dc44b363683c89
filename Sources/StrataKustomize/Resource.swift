public import StrataCore
public import StrataYAML

/// A Kubernetes object inside a kustomize build: its YAML tree plus what kustomize tracks beside it.
public struct Resource: Sendable {
    /// The object's YAML mapping; every node keeps the position it was loaded from.
    public var node: YAMLNode
    /// The name the object had when it was loaded or generated, before prefixes, suffixes and hashes.
    ///
    /// kustomize's name-reference transformer uses it to rewrite references to renamed objects.
    public var originalName: String
    /// The namespace the object had when it was loaded, before the namespace transformer.
    public var originalNamespace: String?
    /// Set on generated ConfigMaps and Secrets that still need their content-hash suffix.
    public var needsHashSuffix: Bool
    /// The generator `behavior` (`create`, `merge`, `replace`) of a generated object.
    public var generatorBehavior: String?
    /// Whether the object came from a SOPS-encrypted document (values are not readable).
    public var isSOPSEncrypted: Bool
    /// The names, namespaces, kinds and affixes the object had earlier in the build.
    public var history = BuildHistory()

    /// What kustomize records while it renames an object, to match references to any earlier name.
    public struct BuildHistory: Sendable, Equatable {
        /// Earlier names, oldest first.
        public var names: [String] = []
        /// Earlier effective namespaces (`default` when unset), oldest first.
        public var namespaces: [String] = []
        /// Earlier kinds, oldest first.
        public var kinds: [String] = []
        /// Name prefixes applied, innermost kustomization first.
        public var prefixes: [String] = []
        /// Name suffixes applied, innermost kustomization first.
        public var suffixes: [String] = []

        /// Creates an empty record.
        public init() {}
    }

    /// Wraps a loaded mapping.
    public init(node: YAMLNode, isSOPSEncrypted: Bool = false) {
        self.node = node
        self.originalName = node[path: ["metadata", "name"]]?.string ?? ""
        self.originalNamespace = node[path: ["metadata", "namespace"]]?.string
        self.needsHashSuffix = false
        self.generatorBehavior = nil
        self.isSOPSEncrypted = isSOPSEncrypted
    }

    /// `apiVersion`, or an empty string.
    public var apiVersion: String { node["apiVersion"]?.string ?? "" }

    /// The API group: the part of `apiVersion` before `/`, empty for the core group.
    public var group: String {
        let v = apiVersion
        guard let slash = v.utf8.firstIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(v[..<slash])
    }

    /// The API version without the group.
    public var version: String {
        let v = apiVersion
        guard let slash = v.utf8.firstIndex(of: UInt8(ascii: "/")) else { return v }
        return String(v[v.utf8.index(after: slash)...])
    }

    /// `kind`, or an empty string.
    public var kind: String { node["kind"]?.string ?? "" }

    /// `metadata.name`, or an empty string.
    public var name: String {
        get { node[path: ["metadata", "name"]]?.string ?? "" }
        set {
            node.set(path: ["metadata", "name"], .string(newValue, at: node[path: ["metadata", "name"]]?.location))
        }
    }

    /// `metadata.namespace`, or `nil` when unset or empty.
    public var namespace: String? {
        get {
            guard let ns = node[path: ["metadata", "namespace"]]?.string, !ns.isEmpty else { return nil }
            return ns
        }
        set {
            if let newValue {
                node.set(
                    path: ["metadata", "namespace"],
                    .string(newValue, at: node[path: ["metadata", "namespace"]]?.location)
                )
            } else {
                node.modify("metadata") { $0.remove("namespace") }
            }
        }
    }

    /// `metadata.labels` as a dictionary of strings.
    public var labels: [String: String] { stringMap(["metadata", "labels"]) }

    /// `metadata.annotations` as a dictionary of strings.
    public var annotations: [String: String] { stringMap(["metadata", "annotations"]) }

    /// Where the object starts in its source file.
    public var location: SourceLocation? { node.location }

    /// The identity kustomize uses: group, version, kind, namespace and name.
    public var id: ResourceID {
        let v = apiVersion
        let group: String
        let version: String
        if let slash = v.utf8.firstIndex(of: UInt8(ascii: "/")) {
            group = String(v[..<slash])
            version = String(v[v.utf8.index(after: slash)...])
        } else {
            group = ""
            version = v
        }
        let metadata = node["metadata"]
        let namespace = metadata?["namespace"]?.string
        return ResourceID(
            group: group,
            version: version,
            kind: kind,
            namespace: namespace?.isEmpty == false ? namespace : nil,
            name: metadata?["name"]?.string ?? ""
        )
    }

    /// The logical reference used in diagnostics.
    public var reference: ObjectReference {
        ObjectReference(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
    }

    private func stringMap(_ path: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for pair in node[path: path]?.pairs ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            out[key] = pair.value.scalar?.text ?? ""
        }
        return out
    }
}

/// kustomize's resource identity.
public struct ResourceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// API group, empty for core.
    public var group: String
    /// API version.
    public var version: String
    /// Kind.
    public var kind: String
    /// Namespace, `nil` when unset.
    public var namespace: String?
    /// Name.
    public var name: String

    /// Creates an identity.
    public init(group: String, version: String, kind: String, namespace: String?, name: String) {
        self.group = group
        self.version = version
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `group/version/Kind namespace/name`, for messages.
    public var description: String {
        let gv = group.isEmpty ? version : "\(group)/\(version)"
        return "\(gv)/\(kind) \(namespace.map { "\($0)/" } ?? "")\(name)"
    }

    /// Orders by group, version, kind, namespace, name.
    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
        (lhs.group, lhs.version, lhs.kind, lhs.namespace ?? "", lhs.name)
            < (rhs.group, rhs.version, rhs.kind, rhs.namespace ?? "", rhs.name)
    }
}
