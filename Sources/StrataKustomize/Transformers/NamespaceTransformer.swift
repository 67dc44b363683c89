public import StrataCore
import StrataYAML

/// kustomize's `namespace:` field.
public enum NamespaceTransformer {
    /// Sets the namespace of every namespaced object, as kustomize's namespace transformer does.
    ///
    /// - `metadata.namespace` is set (replacing any value) on every object whose type is not in
    ///   ``ResourceScope``'s cluster-scoped list; unknown kinds and custom resources are namespaced.
    /// - A `v1` `Namespace` object is renamed to the namespace.
    /// - In `RoleBinding` and `ClusterRoleBinding` objects, every subject named `default` (whatever its
    ///   kind) gets the namespace. Subjects that name a `ServiceAccount` of the build are updated later
    ///   by ``NameReferenceTransformer``, which follows the account to its new namespace.
    /// - `APIService` `spec.service.namespace` is set (created when missing), and a CRD's
    ///   `spec.conversion.webhook.clientConfig.service.namespace` is replaced when present.
    ///
    /// Each object's identity is recorded first so references can still find it. Created and replaced
    /// values carry `location`, the `namespace:` value in the kustomization. An empty namespace does
    /// nothing.
    public static func apply(_ namespace: String, at location: SourceLocation?, to resources: inout [Resource]) {
        guard !namespace.isEmpty else { return }
        for index in resources.indices {
            guard resources[index].node.isMapping, !(resources[index].node.pairs?.isEmpty ?? true) else { continue }
            resources[index].storePreviousID()
            apply(namespace, at: location, to: &resources[index])
        }
    }

    private static func apply(_ namespace: String, at location: SourceLocation?, to resource: inout Resource) {
        let setter: (inout YAMLNode) -> Void = { node in
            node = .string(namespace, at: location ?? node.location)
        }
        if !ResourceScope.isClusterScoped(resource) {
            FieldSpec("metadata/namespace", create: true).walk(
                &resource.node,
                leaf: .scalar,
                location: location,
                setter
            )
        }
        if resource.kind == "RoleBinding" || resource.kind == "ClusterRoleBinding" {
            resource.node.modify("subjects") { subjects in
                subjects.modifyItems { subject in
                    guard subject.isMapping, subject["name"]?.scalar?.text == "default" else { return }
                    var value = subject["namespace"] ?? .null
                    setter(&value)
                    subject.set("namespace", value)
                }
            }
        }
        for spec in BuiltinFieldSpecs.namespace where spec.matches(resource) {
            // kustomize renames only core Namespace objects, leaving look-alike kinds of other groups alone.
            if spec.path == "metadata/name", resource.apiVersion != "v1" { continue }
            spec.walk(&resource.node, leaf: .scalar, location: location, setter)
        }
    }
}
