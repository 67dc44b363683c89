/// Which list fields a strategic-merge patch merges element by element, per built-in kind.
///
/// kustomize 5 takes this from the Kubernetes 1.21 OpenAPI document it compiles in (alpha APIs excluded):
/// a list merges when its schema says `x-kubernetes-patch-strategy: merge`, matching elements by the
/// `x-kubernetes-list-map-keys` when present, else by `x-kubernetes-patch-merge-key`. A list of scalars with
/// the merge strategy but no key (`finalizers`) merges as an ordered set. Every other list, every list of a
/// kind or `apiVersion` the document does not know (custom resources, `apps/v1beta1`), and every field the
/// document does not define is replaced as a whole by the patch.
///
/// Paths are dotted field names from the object's root; entering a list element adds no component, so
/// `spec.template.spec.containers.env` is the `env` list of each container of a Deployment.
public enum MergeKeys {
    /// The merge keys of the list at `path` in an object of this `apiVersion` and `kind`.
    ///
    /// Returns an empty array for a list of scalars merged as a set, and `nil` for a list that the patch
    /// replaces.
    public static func keys(apiVersion: String, kind: String, path: [String]) -> [String]? {
        table[typeKey(apiVersion: apiVersion, kind: kind)]?[path.joined(separator: ".")]
    }

    /// Whether kustomize's built-in schema knows this `apiVersion` and `kind`.
    public static func isBuiltIn(apiVersion: String, kind: String) -> Bool {
        table[typeKey(apiVersion: apiVersion, kind: kind)] != nil
    }

    /// The key of ``table`` for a type: `apiVersion`, a space, and `kind` (`apps/v1 Deployment`).
    public static func typeKey(apiVersion: String, kind: String) -> String {
        "\(apiVersion) \(kind)"
    }

    /// Every merged list of every built-in type: type key, then dotted path, then merge keys.
    public static let table: [String: [String: [String]]] = {
        var table: [String: [String: [String]]] = [:]
        for (apiVersion, kinds) in builtInKinds {
            for kind in kinds {
                var lists = objectMeta("metadata")
                lists.merge(kindSpecificLists(apiVersion: apiVersion, kind: kind)) { _, new in new }
                table[typeKey(apiVersion: apiVersion, kind: kind)] = lists
            }
        }
        return table
    }()

    /// The schema tree of a built-in type, used while walking a patch.
    static func schema(apiVersion: String, kind: String) -> MergeSchema? {
        schemas[typeKey(apiVersion: apiVersion, kind: kind)]
    }

    private static let schemas: [String: MergeSchema] = table.mapValues { lists in
        var root = MergeSchema()
        for (path, keys) in lists {
            root.insert(keys, at: path.split(separator: ".").map(String.init)[...])
        }
        return root
    }

    // MARK: - The Kubernetes 1.21 types, as observed through kustomize 5.5

    /// The types the embedded document defines with an `ObjectMeta`, by `apiVersion`.
    private static let builtInKinds: [(String, [String])] = [
        (
            "v1",
            [
                "Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node",
                "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate", "ReplicationController",
                "ResourceQuota", "Secret", "Service", "ServiceAccount",
            ]
        ),
        ("admissionregistration.k8s.io/v1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
        ("admissionregistration.k8s.io/v1beta1", ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]),
        ("apiextensions.k8s.io/v1", ["CustomResourceDefinition"]),
        ("apiextensions.k8s.io/v1beta1", ["CustomResourceDefinition"]),
        ("apiregistration.k8s.io/v1", ["APIService"]),
        ("apiregistration.k8s.io/v1beta1", ["APIService"]),
        ("apps/v1", ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"]),
        ("authentication.k8s.io/v1", ["TokenRequest", "TokenReview"]),
        ("authentication.k8s.io/v1beta1", ["TokenReview"]),
        (
            "authorization.k8s.io/v1",
            ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"]
        ),
        (
            "authorization.k8s.io/v1beta1",
            ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"]
        ),
        ("autoscaling/v1", ["HorizontalPodAutoscaler", "Scale"]),
        ("autoscaling/v2beta1", ["HorizontalPodAutoscaler"]),
        ("autoscaling/v2beta2", ["HorizontalPodAutoscaler"]),
        ("batch/v1", ["CronJob", "Job"]),
        ("batch/v1beta1", ["CronJob"]),
        ("certificates.k8s.io/v1", ["CertificateSigningRequest"]),
        ("certificates.k8s.io/v1beta1", ["CertificateSigningRequest"]),
        ("coordination.k8s.io/v1", ["Lease"]),
        ("coordination.k8s.io/v1beta1", ["Lease"]),
        ("discovery.k8s.io/v1", ["EndpointSlice"]),
        ("discovery.k8s.io/v1beta1", ["EndpointSlice"]),
        ("events.k8s.io/v1", ["Event"]),
        ("events.k8s.io/v1beta1", ["Event"]),
        ("extensions/v1beta1", ["Ingress"]),
        ("flowcontrol.apiserver.k8s.io/v1beta1", ["FlowSchema", "PriorityLevelConfiguration"]),
        ("networking.k8s.io/v1", ["Ingress", "IngressClass", "NetworkPolicy"]),
        ("networking.k8s.io/v1beta1", ["Ingress", "IngressClass"]),
        ("node.k8s.io/v1", ["RuntimeClass"]),
        ("node.k8s.io/v1beta1", ["RuntimeClass"]),
        ("policy/v1", ["PodDisruptionBudget"]),
        ("policy/v1beta1", ["Eviction", "PodDisruptionBudget", "PodSecurityPolicy"]),
        ("rbac.authorization.k8s.io/v1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]),
        ("rbac.authorization.k8s.io/v1beta1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]),
        ("scheduling.k8s.io/v1", ["PriorityClass"]),
        ("scheduling.k8s.io/v1beta1", ["PriorityClass"]),
        ("storage.k8s.io/v1", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
        (
            "storage.k8s.io/v1beta1",
            ["CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment"]
        ),
    ]

    private static func kindSpecificLists(apiVersion: String, kind: String) -> [String: [String]] {
        let conditions = ["status.conditions": ["type"]]
        switch (apiVersion, kind) {
        case ("v1", "Pod"):
            return podSpec("spec").merging(conditions) { $1 }.merging(["status.podIPs": ["ip"]]) { $1 }
        case ("v1", "PodTemplate"):
            return podTemplate("template")
        case ("v1", "ReplicationController"), ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"),
            ("apps/v1", "DaemonSet"), ("apps/v1", "ReplicaSet"), ("batch/v1", "Job"):
            return podTemplate("spec.template").merging(conditions) { $1 }
        case ("batch/v1", "CronJob"), ("batch/v1beta1", "CronJob"):
            return objectMeta("spec.jobTemplate.metadata").merging(podTemplate("spec.jobTemplate.spec.template")) {
                $1
            }
        case ("v1", "Service"):
            return ["spec.ports": ["port", "protocol"]].merging(conditions) { $1 }
        case ("v1", "ServiceAccount"):
            return ["secrets": ["name"]]
        case ("v1", "Node"):
            return ["spec.podCIDRs": [], "status.addresses": ["type"]].merging(conditions) { $1 }
        case ("v1", "Namespace"), ("v1", "PersistentVolumeClaim"), ("policy/v1", "PodDisruptionBudget"),
            ("policy/v1beta1", "PodDisruptionBudget"), ("apiregistration.k8s.io/v1", "APIService"),
            ("apiregistration.k8s.io/v1beta1", "APIService"):
            return conditions
        case ("v1", "ComponentStatus"):
            return ["conditions": ["type"]]
        case (_, "MutatingWebhookConfiguration"), (_, "ValidatingWebhookConfiguration"):
            return ["webhooks": ["name"]]
        case (_, "CSINode"):
            return ["spec.drivers": ["name"]]
        default:
            return [:]
        }
    }

    private static func objectMeta(_ prefix: String) -> [String: [String]] {
        ["\(prefix).finalizers": [], "\(prefix).ownerReferences": ["uid"]]
    }

    private static func podTemplate(_ prefix: String) -> [String: [String]] {
        objectMeta("\(prefix).metadata").merging(podSpec("\(prefix).spec")) { $1 }
    }

    private static func podSpec(_ prefix: String) -> [String: [String]] {
        var lists: [String: [String]] = [
            "\(prefix).volumes": ["name"],
            "\(prefix).initContainers": ["name"],
            "\(prefix).containers": ["name"],
            "\(prefix).ephemeralContainers": ["name"],
            "\(prefix).imagePullSecrets": ["name"],
            "\(prefix).hostAliases": ["ip"],
            "\(prefix).topologySpreadConstraints": ["topologyKey", "whenUnsatisfiable"],
        ]
        for containers in ["initContainers", "containers"] {
            lists["\(prefix).\(containers).ports"] = ["containerPort", "protocol"]
        }
        // Ephemeral containers declare no merge strategy for `ports` in 1.21, so those are replaced.
        for containers in ["initContainers", "containers", "ephemeralContainers"] {
            lists["\(prefix).\(containers).env"] = ["name"]
            lists["\(prefix).\(containers).volumeMounts"] = ["mountPath"]
            lists["\(prefix).\(containers).volumeDevices"] = ["devicePath"]
        }
        return lists
    }
}

/// One position in a type's schema tree: whether the field there is a merged list, and the schema of its
/// fields (for a list, of its elements' fields).
struct MergeSchema: Sendable {
    /// The merge keys when the field is a merged list; `nil` otherwise.
    var keys: [String]?
    /// Child fields that lead to merged lists.
    var fields: [String: MergeSchema] = [:]

    /// The schema of field `name`, or `nil` when no merged list lies below it.
    func field(_ name: String) -> MergeSchema? { fields[name] }

    mutating func insert(_ keys: [String], at path: ArraySlice<String>) {
        guard let first = path.first else {
            self.keys = keys
            return
        }
        var child = fields[first] ?? MergeSchema()
        child.insert(keys, at: path.dropFirst())
        fields[first] = child
    }
}
