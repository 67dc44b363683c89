import StrataCore
public import StrataYAML

/// The `target:` of a kustomize patch: which resources a patch applies to.
///
/// As in kustomize 5, every field is an anchored regular expression (`name: web-.*` selects `web-a` but not
/// `my-web-a`), an empty or absent field selects everything, and a resource is selected when all fields
/// match. Names and namespaces match the resource's current or original value, so targets written before a
/// prefix or namespace change still apply. A resource without a namespace is in `default`, and a
/// cluster-scoped built-in kind is in no namespace at all (only a pattern such as `.*` reaches it).
public struct PatchTarget: Sendable {
    /// The API group pattern (the core group is empty).
    public var group: String?
    /// The API version pattern.
    public var version: String?
    /// The kind pattern.
    public var kind: String?
    /// The name pattern.
    public var name: String?
    /// The namespace pattern.
    public var namespace: String?
    /// The label selector.
    public var labelSelector: LabelSelector?
    /// The annotation selector.
    public var annotationSelector: LabelSelector?

    private static let fieldNames = [
        "group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector",
    ]

    /// From a `target:` mapping: group, version, kind, name, namespace, labelSelector, annotationSelector.
    public init(_ node: YAMLNode) throws(PatchError) {
        guard let pairs = node.pairs else {
            if node.isNull {
                try self.init(
                    group: nil,
                    version: nil,
                    kind: nil,
                    name: nil,
                    namespace: nil,
                    labelSelector: nil,
                    annotationSelector: nil
                )
                return
            }
            throw PatchError("a patch target must be a mapping", at: node.location)
        }
        var fields: [String: (String, SourceLocation?)] = [:]
        for pair in pairs {
            let key = pair.key.scalar?.text ?? ""
            guard Self.fieldNames.contains(key) else {
                throw PatchError(
                    "unknown field '\(key)' in patch target "
                        + "(expected one of \(Self.fieldNames.joined(separator: ", ")))",
                    at: pair.key.location
                )
            }
            if pair.value.isNull { continue }
            guard let scalar = pair.value.scalar, case .string = scalar.resolved else {
                throw PatchError("patch target field '\(key)' must be a string", at: pair.value.location)
            }
            fields[key] = (scalar.text, pair.value.location)
        }
        try self.init(
            group: fields["group"]?.0,
            version: fields["version"]?.0,
            kind: fields["kind"]?.0,
            name: fields["name"]?.0,
            namespace: fields["namespace"]?.0,
            labelSelector: fields["labelSelector"]?.0,
            annotationSelector: fields["annotationSelector"]?.0,
            locations: fields.mapValues(\.1)
        )
    }

    /// Creates a target from its fields; `nil` or empty fields select everything.
    public init(
        group: String?,
        version: String?,
        kind: String?,
        name: String?,
        namespace: String?,
        labelSelector: String?,
        annotationSelector: String?
    ) throws(PatchError) {
        try self.init(
            group: group,
            version: version,
            kind: kind,
            name: name,
            namespace: namespace,
            labelSelector: labelSelector,
            annotationSelector: annotationSelector,
            locations: [:]
        )
    }

    private init(
        group: String?,
        version: String?,
        kind: String?,
        name: String?,
        namespace: String?,
        labelSelector: String?,
        annotationSelector: String?,
        locations: [String: SourceLocation?]
    ) throws(PatchError) {
        for (field, pattern) in [
            ("group", group), ("version", version), ("kind", kind), ("name", name), ("namespace", namespace),
        ] {
            guard let pattern, !pattern.isEmpty, Self.needsRegex(pattern) else { continue }
            do {
                _ = try Regex("(?:\(pattern))")
            } catch {
                throw PatchError(
                    "invalid regular expression '\(pattern)' in patch target field '\(field)'",
                    at: locations[field] ?? nil
                )
            }
        }
        self.group = group
        self.version = version
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.labelSelector = try Self.selector(
            labelSelector,
            field: "labelSelector",
            at: locations["labelSelector"] ?? nil
        )
        self.annotationSelector = try Self.selector(
            annotationSelector,
            field: "annotationSelector",
            at: locations["annotationSelector"] ?? nil
        )
    }

    private static func selector(
        _ text: String?,
        field: String,
        at location: SourceLocation?
    ) throws(PatchError) -> LabelSelector? {
        guard let text, !text.isEmpty else { return nil }
        do throws(PatchError) {
            return try LabelSelector(parsing: text)
        } catch {
            throw PatchError("\(error.message) in patch target field '\(field)'", at: location)
        }
    }

    /// Whether the patch applies to `resource`.
    public func matches(_ resource: Resource) -> Bool {
        // Kind and name first: they are the cheapest tests and reject almost everything.
        guard Self.matches(kind, resource.kind) else { return false }
        if !Self.matches(name, resource.originalName) && !Self.matches(name, resource.name) { return false }
        let scope = Self.isClusterScoped(apiVersion: resource.apiVersion, kind: resource.kind)
        func effectiveNamespace(_ namespace: String?) -> String {
            if scope { return "_non_namespaceable_" }
            guard let namespace, !namespace.isEmpty else { return "default" }
            return namespace
        }
        if !Self.matches(namespace, effectiveNamespace(resource.originalNamespace))
            && !Self.matches(namespace, effectiveNamespace(resource.namespace))
        {
            return false
        }
        guard Self.matches(group, resource.group), Self.matches(version, resource.version) else { return false }
        if let labelSelector, !labelSelector.matches(resource.labels) { return false }
        if let annotationSelector, !annotationSelector.matches(resource.annotations) { return false }
        return true
    }

    /// Anchored regular-expression match; an absent or empty pattern matches anything.
    private static func matches(_ pattern: String?, _ value: String) -> Bool {
        guard let pattern, !pattern.isEmpty else { return true }
        guard needsRegex(pattern) else { return pattern == value }
        if pattern == ".*" { return true }
        // Regex values are not Sendable, so the pattern (validated at init) is compiled where it is used.
        guard let regex = try? Regex("(?:\(pattern))") else { return false }
        return value.wholeMatch(of: regex) != nil
    }

    /// Whether the pattern has any regular-expression syntax; plain names compare as strings.
    private static func needsRegex(_ pattern: String) -> Bool {
        pattern.utf8.contains { byte in
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "?"),
                UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                true
            default:
                false
            }
        }
    }

    /// Whether kustomize's built-in schema (Kubernetes 1.21) makes this type cluster-scoped.
    static func isClusterScoped(apiVersion: String, kind: String) -> Bool {
        clusterScoped.contains(MergeKeys.typeKey(apiVersion: apiVersion, kind: kind))
    }

    private static let clusterScoped: Set<String> = {
        let types: [(String, [String])] = [
            ("v1", ["ComponentStatus", "Namespace", "Node", "PersistentVolume"]),
            ("admissionregistration.k8s.io/v1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
            (
                "admissionregistration.k8s.io/v1beta1",
                ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]
            ),
            ("apiextensions.k8s.io/v1", ["CustomResourceDefinition"]),
            ("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"]),
            ("apiregistration.k8s.io/v1", ["APIService"]),
            ("apiregistration.k8s.io/v1beta1", ["APIService"]),
            ("certificates.k8s.io/v1", ["CertificateSigningRequest"]),
            ("certificates.k8s.io/v1beta1", ["CertificateSigningRequest"]),
            ("flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"]),
            ("networking.k8s.io/v1", ["IngressClass"]),
            ("networking.k8s.io/v1beta1", ["IngressClass"]),
            ("node.k8s.io/v1", ["RuntimeClass"]),
            ("node.k8s.io/v1beta1", ["RuntimeClass"]),
            ("policy/v1beta1", ["PodSecurityPolicy"]),
            ("rbac.authorization.k8s.io/v1", ["ClusterRole", "ClusterRoleBinding"]),
            ("rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding"]),
            ("scheduling.k8s.io/v1", ["PriorityClass"]),
            ("scheduling.k8s.io/v1beta1", ["PriorityClass"]),
            ("storage.k8s.io/v1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
            ("storage.k8s.io/v1beta1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
        ]
        return Set(
            types.flatMap { apiVersion, kinds in kinds.map { MergeKeys.typeKey(apiVersion: apiVersion, kind: $0) } }
        )
    }()
}
