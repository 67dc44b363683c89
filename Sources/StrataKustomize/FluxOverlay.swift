public import StrataYAML

/// What Flux's kustomize-controller writes into the kustomization at `spec.path` before building
/// (fluxcd/pkg kustomize generator, `GenerateManifest`): all of it lands in the same kustomization, so kustomize's order applies.
public struct FluxOverlay: Sendable {
    /// `spec.targetNamespace`: replaces the file's `namespace:`.
    public var targetNamespace: YAMLNode?
    /// `spec.namePrefix`: replaces the file's `namePrefix:`.
    public var namePrefix: YAMLNode?
    /// `spec.nameSuffix`: replaces the file's `nameSuffix:`.
    public var nameSuffix: YAMLNode?
    /// `spec.patches`: appended to `patches:`.
    public var patches: [YAMLNode]
    /// `spec.components`: appended to `components:`.
    public var components: [YAMLNode]
    /// `spec.images`: merged into `images:` by name.
    public var images: [YAMLNode]
    /// `spec.ignoreMissingComponents`: drop component paths that do not exist.
    public var ignoreMissingComponents: Bool

    /// An overlay that changes nothing.
    public init(
        targetNamespace: YAMLNode? = nil,
        namePrefix: YAMLNode? = nil,
        nameSuffix: YAMLNode? = nil,
        patches: [YAMLNode] = [],
        components: [YAMLNode] = [],
        images: [YAMLNode] = [],
        ignoreMissingComponents: Bool = false
    ) {
        self.targetNamespace = targetNamespace
        self.namePrefix = namePrefix
        self.nameSuffix = nameSuffix
        self.patches = patches
        self.components = components
        self.images = images
        self.ignoreMissingComponents = ignoreMissingComponents
    }

    /// Rewrites a kustomization's root mapping the way Flux's generator does.
    func apply(to file: YAMLNode, directory: String, context: LoadContext) -> YAMLNode {
        var node = file
        if let ns = targetNamespace, ns.string.map({ !$0.isEmpty }) == true { node.set("namespace", ns) }
        if let prefix = namePrefix, prefix.string.map({ !$0.isEmpty }) == true { node.set("namePrefix", prefix) }
        if let suffix = nameSuffix, suffix.string.map({ !$0.isEmpty }) == true { node.set("nameSuffix", suffix) }
        if !patches.isEmpty {
            node.set("patches", .sequence((node["patches"]?.items ?? []) + patches))
        }
        var extraComponents = components
        if ignoreMissingComponents {
            extraComponents = components.filter { component in
                guard let path = component.string else { return false }
                guard case .success(let absolute) = context.resolve(path, relativeTo: directory) else { return false }
                return context.kind(of: absolute) != .missing
            }
        }
        if !extraComponents.isEmpty {
            node.set("components", .sequence((node["components"]?.items ?? []) + extraComponents))
        }
        if !images.isEmpty {
            var merged = node["images"]?.items ?? []
            for image in images {
                guard let name = image["name"]?.string else { continue }
                if let index = merged.firstIndex(where: { $0["name"]?.string == name }) {
                    // Flux ≥ 2.9.4: newName only when set; newTag and digest together when either is set.
                    if let newName = image["newName"] { merged[index].set("newName", newName) }
                    if image["newTag"] != nil || image["digest"] != nil {
                        merged[index].remove("newTag")
                        merged[index].remove("digest")
                        if let tag = image["newTag"] { merged[index].set("newTag", tag) }
                        if let digest = image["digest"] { merged[index].set("digest", digest) }
                    }
                } else {
                    merged.append(image)
                }
            }
            node.set("images", .sequence(merged))
        }
        return node
    }
}
