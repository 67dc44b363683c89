/// The field specifications of kustomize's builtin transformers (kustomize v5, `builtinpluginconsts`):
/// which fields of which kinds each transformer reads or writes.
public enum BuiltinFieldSpecs {
    /// Labels on object metadata and on the pod, job and claim templates that `labels` with
    /// `includeTemplates` (and `commonLabels`) also label.
    public static let metadataLabels: [FieldSpec] = [
        FieldSpec("metadata/labels", create: true),
        FieldSpec("spec/template/metadata/labels", version: "v1", kind: "ReplicationController", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "Deployment", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "ReplicaSet", create: true),
        FieldSpec("spec/template/metadata/labels", kind: "DaemonSet", create: true),
        FieldSpec("spec/template/metadata/labels", group: "apps", kind: "StatefulSet", create: true),
        FieldSpec("spec/volumeClaimTemplates[]/metadata/labels", group: "apps", kind: "StatefulSet", create: true),
        FieldSpec("spec/template/metadata/labels", group: "batch", kind: "Job", create: true),
        FieldSpec("spec/jobTemplate/metadata/labels", group: "batch", kind: "CronJob", create: true),
        FieldSpec("spec/jobTemplate/spec/template/metadata/labels", group: "batch", kind: "CronJob", create: true),
    ]

    /// The selector fields `commonLabels` and `labels` with `includeSelectors` also write, before
    /// ``metadataLabels``.
    public static let selectorLabels: [FieldSpec] = {
        let affinity = [
            "podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm",
            "podAffinity/requiredDuringSchedulingIgnoredDuringExecution",
            "podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm",
            "podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution",
        ]
        func podTermSelectors(_ kind: String) -> [FieldSpec] {
            affinity.map {
                FieldSpec("spec/template/spec/affinity/\($0)/labelSelector/matchLabels", group: "apps", kind: kind)
            } + [
                FieldSpec(
                    "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels",
                    group: "apps",
                    kind: kind
                )
            ]
        }
        return [
            FieldSpec("spec/selector", version: "v1", kind: "Service", create: true),
            FieldSpec("spec/selector", version: "v1", kind: "ReplicationController", create: true),
            FieldSpec("spec/selector/matchLabels", kind: "Deployment", create: true),
        ] + podTermSelectors("Deployment") + [
            FieldSpec("spec/selector/matchLabels", kind: "ReplicaSet", create: true),
            FieldSpec("spec/selector/matchLabels", kind: "DaemonSet", create: true),
            FieldSpec("spec/selector/matchLabels", group: "apps", kind: "StatefulSet", create: true),
        ] + podTermSelectors("StatefulSet") + [
            FieldSpec("spec/selector/matchLabels", group: "batch", kind: "Job"),
            FieldSpec("spec/jobTemplate/spec/selector/matchLabels", group: "batch", kind: "CronJob"),
            FieldSpec("spec/selector/matchLabels", group: "policy", kind: "PodDisruptionBudget"),
            FieldSpec("spec/podSelector/matchLabels", group: "networking.k8s.io", kind: "NetworkPolicy"),
            FieldSpec("spec/ingress/from/podSelector/matchLabels", group: "networking.k8s.io", kind: "NetworkPolicy"),
            FieldSpec("spec/egress/to/podSelector/matchLabels", group: "networking.k8s.io", kind: "NetworkPolicy"),
        ]
    }()

    /// Everything `commonLabels` writes: selectors, then metadata and templates.
    public static var commonLabels: [FieldSpec] { selectorLabels + metadataLabels }

    /// Where `commonAnnotations` go: object metadata and pod or job templates.
    public static let commonAnnotations: [FieldSpec] = [
        FieldSpec("metadata/annotations", create: true),
        FieldSpec("spec/template/metadata/annotations", version: "v1", kind: "ReplicationController", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "Deployment", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "ReplicaSet", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "DaemonSet", create: true),
        FieldSpec("spec/template/metadata/annotations", kind: "StatefulSet", create: true),
        FieldSpec("spec/template/metadata/annotations", group: "batch", kind: "Job", create: true),
        FieldSpec("spec/jobTemplate/metadata/annotations", group: "batch", kind: "CronJob", create: true),
        FieldSpec("spec/jobTemplate/spec/template/metadata/annotations", group: "batch", kind: "CronJob", create: true),
    ]

    /// The namespace fields besides `metadata.namespace` that `namespace:` sets.
    ///
    /// The `Namespace` entry renames a `v1` Namespace object to the new namespace; the binding subjects
    /// are handled by a rule of their own (only subjects named `default`), not by these paths.
    public static let namespace: [FieldSpec] = [
        FieldSpec("metadata/name", kind: "Namespace", create: true),
        FieldSpec("spec/service/namespace", group: "apiregistration.k8s.io", kind: "APIService", create: true),
        FieldSpec(
            "spec/conversion/webhook/clientConfig/service/namespace",
            group: "apiextensions.k8s.io",
            kind: "CustomResourceDefinition"
        ),
    ]

    /// Where `images:` rewrite image references (besides every `containers` and `initContainers` list
    /// anywhere in an object, which kustomize also scans).
    public static let images: [FieldSpec] = [
        FieldSpec("spec/containers[]/image", create: true),
        FieldSpec("spec/initContainers[]/image", create: true),
        FieldSpec("spec/template/spec/containers[]/image", create: true),
        FieldSpec("spec/template/spec/initContainers[]/image", create: true),
    ]

    /// Where `replicas:` set the count.
    public static let replicas: [FieldSpec] = [
        FieldSpec("spec/replicas", kind: "Deployment", create: true),
        FieldSpec("spec/replicas", kind: "ReplicationController", create: true),
        FieldSpec("spec/replicas", kind: "ReplicaSet", create: true),
        FieldSpec("spec/replicas", kind: "StatefulSet", create: true),
    ]
}
