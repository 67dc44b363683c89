import StrataYAML

/// kustomize's `namePrefix:` and `nameSuffix:` fields.
public enum PrefixSuffixTransformer {
    /// Adds the prefix and the suffix to `metadata.name` of every object except the kinds kustomize
    /// skips, judged by the object's original identity: `CustomResourceDefinition` and `Namespace` of
    /// any group, and `APIService` of `apiregistration.k8s.io`. (`StorageClass` and other cluster-scoped
    /// kinds are renamed.)
    ///
    /// The prefix is applied before the suffix, each as its own step, recording the earlier name and
    /// the affix so ``NameReferenceTransformer`` can rewrite references. Renamed values keep the
    /// location of the name they replace.
    public static func apply(prefix: String, suffix: String, to resources: inout [Resource]) {
        for index in resources.indices where !isSkipped(resources[index]) {
            if !prefix.isEmpty {
                resources[index].addNamePrefix(prefix)
                resources[index].storePreviousID()
                rename(&resources[index]) { prefix + $0 }
            }
            if !suffix.isEmpty {
                resources[index].addNameSuffix(suffix)
                resources[index].storePreviousID()
                rename(&resources[index]) { $0 + suffix }
            }
        }
    }

    static func isSkipped(_ resource: Resource) -> Bool {
        let kind = resource.originalID.kind
        if kind == "CustomResourceDefinition" || kind == "Namespace" { return true }
        return kind == "APIService" && resource.group == "apiregistration.k8s.io"
    }

    private static func rename(_ resource: inout Resource, _ transform: (String) -> String) {
        FieldSpec("metadata/name").walk(&resource.node, leaf: .none, location: nil) { node in
            node = .string(transform(node.scalar?.text ?? ""), at: node.location)
        }
    }
}
