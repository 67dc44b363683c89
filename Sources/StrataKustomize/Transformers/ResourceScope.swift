/// Which object types kustomize treats as cluster-scoped.
///
/// kustomize decides from the Kubernetes OpenAPI data built into it, keyed by the exact `apiVersion`
/// and kind: only the types listed there are cluster-scoped, and every other type, custom resources
/// included (even cluster-scoped ones such as a `ClusterIssuer`), is treated as namespaced.
public enum ResourceScope {
    /// The cluster-scoped types of kustomize v5's built-in schema, as `apiVersion` → kinds.
    public static let clusterScoped: [String: Set<String>] = [
        "v1": ["ComponentStatus", "Namespace", "Node", "NodeProxyOptions", "PersistentVolume"],
        "admissionregistration.k8s.io/v1": ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
        "admissionregistration.k8s.io/v1beta1": ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
        "apiextensions.k8s.io/v1": ["CustomResourceDefinition"],
        "apiextensions.k8s.io/v1beta1": ["CustomResourceDefinition"],
        "apiregistration.k8s.io/v1": ["APIService"],
        "apiregistration.k8s.io/v1beta1": ["APIService"],
        "certificates.k8s.io/v1": ["CertificateSigningRequest"],
        "certificates.k8s.io/v1beta1": ["CertificateSigningRequest"],
        "flowcontrol.apiserver.k8s.io/v1beta1": ["FlowSchema", "PriorityLevelConfiguration"],
        "networking.k8s.io/v1": ["IngressClass"],
        "networking.k8s.io/v1beta1": ["IngressClass"],
        "node.k8s.io/v1": ["RuntimeClass"],
        "node.k8s.io/v1beta1": ["RuntimeClass"],
        "policy/v1beta1": ["PodSecurityPolicy"],
        "rbac.authorization.k8s.io/v1": ["ClusterRole", "ClusterRoleBinding"],
        "rbac.authorization.k8s.io/v1beta1": ["ClusterRole", "ClusterRoleBinding"],
        "scheduling.k8s.io/v1": ["PriorityClass"],
        "scheduling.k8s.io/v1beta1": ["PriorityClass"],
        "storage.k8s.io/v1": ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        "storage.k8s.io/v1beta1": ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
    ]

    /// Whether kustomize treats objects of this `apiVersion` and kind as cluster-scoped.
    public static func isClusterScoped(apiVersion: String, kind: String) -> Bool {
        clusterScoped[apiVersion]?.contains(kind) ?? false
    }

    /// Whether kustomize treats the resource as cluster-scoped.
    public static func isClusterScoped(_ resource: Resource) -> Bool {
        isClusterScoped(apiVersion: resource.apiVersion, kind: resource.kind)
    }
}
