/// kustomize's `nameReference` configuration (v5, `builtinpluginconsts/namereference.go`): for each kind
/// that can be renamed, the fields of other objects that refer to it by name.
public enum NameReferenceTable {
    /// A referenced type and the fields that refer to it.
    public struct Entry: Sendable {
        /// The referenced type's group (empty: any).
        public var group: String
        /// The referenced type's version (empty: any).
        public var version: String
        /// The referenced kind.
        public var kind: String
        /// The referring fields; the spec's group, version and kind select the referring objects.
        public var referrers: [FieldSpec]
    }

    private static let podWorkloads = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"]

    private static func configMapPodPaths(_ base: String) -> [String] {
        [
            "\(base)volumes/configMap/name", "\(base)containers/env/valueFrom/configMapKeyRef/name",
            "\(base)initContainers/env/valueFrom/configMapKeyRef/name", "\(base)containers/envFrom/configMapRef/name",
            "\(base)initContainers/envFrom/configMapRef/name", "\(base)volumes/projected/sources/configMap/name",
        ]
    }

    private static func secretPodPaths(_ base: String) -> [String] {
        [
            "\(base)volumes/secret/secretName", "\(base)containers/env/valueFrom/secretKeyRef/name",
            "\(base)initContainers/env/valueFrom/secretKeyRef/name", "\(base)containers/envFrom/secretRef/name",
            "\(base)initContainers/envFrom/secretRef/name", "\(base)imagePullSecrets/name",
            "\(base)volumes/projected/sources/secret/name",
        ]
    }

    /// Pod-spec fields of Pods (`v1`), the template workloads, and CronJobs.
    private static func podFields(
        pod: (String) -> [String],
        cronJob: [String],
        podVersion: String = "v1"
    ) -> [FieldSpec] {
        pod("spec/").map { FieldSpec($0, version: podVersion, kind: "Pod") }
            + podWorkloads.flatMap { kind in pod("spec/template/spec/").map { FieldSpec($0, kind: kind) } }
            + cronJob.map { FieldSpec("spec/jobTemplate/spec/template/spec/\($0)", kind: "CronJob") }
    }

    /// A single pod-spec field in Pods and every workload kind, in kustomize's order for that field.
    private static func podField(_ path: String, kinds: [String]) -> [FieldSpec] {
        kinds.map { kind in
            switch kind {
            case "Pod": FieldSpec("spec/\(path)", kind: "Pod")
            case "CronJob": FieldSpec("spec/jobTemplate/spec/template/spec/\(path)", kind: "CronJob")
            default: FieldSpec("spec/template/spec/\(path)", kind: kind)
            }
        }
    }

    private static let workloadOrder = [
        "Pod", "StatefulSet", "Deployment", "ReplicationController", "CronJob", "Job", "DaemonSet",
    ]

    /// The table, in kustomize's order.
    public static let entries: [Entry] = {
        let rbac = "rbac.authorization.k8s.io"
        let hpa = { (kind: String) in
            Entry(
                group: "",
                version: "",
                kind: kind,
                referrers: [
                    FieldSpec("spec/scaleTargetRef/name", kind: "HorizontalPodAutoscaler")
                ]
            )
        }
        let configMap =
            podFields(
                pod: configMapPodPaths,
                cronJob: [
                    "volumes/configMap/name", "volumes/projected/sources/configMap/name",
                    "containers/env/valueFrom/configMapKeyRef/name",
                    "initContainers/env/valueFrom/configMapKeyRef/name",
                    "containers/envFrom/configMapRef/name", "initContainers/envFrom/configMapRef/name",
                ]
            ) + [
                FieldSpec("spec/configSource/configMap", kind: "Node"),
                FieldSpec("rules/resourceNames", kind: "Role"),
                FieldSpec("rules/resourceNames", kind: "ClusterRole"),
                FieldSpec(
                    "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap",
                    kind: "Ingress"
                ),
                FieldSpec(
                    "spec/template/spec/containers/env/valueFrom/configMapKeyRef/name",
                    group: "serving.knative.dev",
                    version: "v1",
                    kind: "Service"
                ),
                FieldSpec(
                    "spec/template/spec/containers/envFrom/configMapRef/name",
                    group: "serving.knative.dev",
                    version: "v1",
                    kind: "Service"
                ),
            ]
        let secret =
            podFields(
                pod: secretPodPaths,
                cronJob: [
                    "volumes/secret/secretName", "volumes/projected/sources/secret/name",
                    "containers/env/valueFrom/secretKeyRef/name", "initContainers/env/valueFrom/secretKeyRef/name",
                    "containers/envFrom/secretRef/name", "initContainers/envFrom/secretRef/name",
                    "imagePullSecrets/name",
                ]
            ) + [
                FieldSpec("spec/tls/secretName", kind: "Ingress"),
                FieldSpec("metadata/annotations/ingress.kubernetes.io\\/auth-secret", kind: "Ingress"),
                FieldSpec("metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret", kind: "Ingress"),
                FieldSpec("metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret", kind: "Ingress"),
                FieldSpec("spec/tls/secretName", kind: "Ingress"),
                FieldSpec("imagePullSecrets/name", kind: "ServiceAccount"),
                FieldSpec("parameters/secretName", kind: "StorageClass"),
                FieldSpec("parameters/adminSecretName", kind: "StorageClass"),
                FieldSpec("parameters/userSecretName", kind: "StorageClass"),
                FieldSpec("parameters/secretRef", kind: "StorageClass"),
                FieldSpec("rules/resourceNames", kind: "Role"),
                FieldSpec("rules/resourceNames", kind: "ClusterRole"),
                FieldSpec(
                    "spec/template/spec/containers/env/valueFrom/secretKeyRef/name",
                    group: "serving.knative.dev",
                    version: "v1",
                    kind: "Service"
                ),
                FieldSpec("spec/azureFile/secretName", kind: "PersistentVolume"),
            ]
        return [
            hpa("Deployment"), hpa("ReplicationController"), hpa("ReplicaSet"), hpa("StatefulSet"),
            Entry(group: "", version: "v1", kind: "ConfigMap", referrers: configMap),
            Entry(group: "", version: "v1", kind: "Secret", referrers: secret),
            Entry(
                group: "",
                version: "v1",
                kind: "Service",
                referrers: [
                    FieldSpec("spec/serviceName", group: "apps", kind: "StatefulSet"),
                    FieldSpec("spec/rules/http/paths/backend/serviceName", kind: "Ingress"),
                    FieldSpec("spec/backend/serviceName", kind: "Ingress"),
                    FieldSpec("spec/rules/http/paths/backend/service/name", kind: "Ingress"),
                    FieldSpec("spec/defaultBackend/service/name", kind: "Ingress"),
                    FieldSpec("spec/service/name", group: "apiregistration.k8s.io", kind: "APIService"),
                    FieldSpec(
                        "webhooks/clientConfig/service",
                        group: "admissionregistration.k8s.io",
                        kind: "ValidatingWebhookConfiguration"
                    ),
                    FieldSpec(
                        "webhooks/clientConfig/service",
                        group: "admissionregistration.k8s.io",
                        kind: "MutatingWebhookConfiguration"
                    ),
                ]
            ),
            Entry(
                group: rbac,
                version: "",
                kind: "Role",
                referrers: [
                    FieldSpec("roleRef/name", group: rbac, kind: "RoleBinding")
                ]
            ),
            Entry(
                group: rbac,
                version: "",
                kind: "ClusterRole",
                referrers: [
                    FieldSpec("roleRef/name", group: rbac, kind: "RoleBinding"),
                    FieldSpec("roleRef/name", group: rbac, kind: "ClusterRoleBinding"),
                ]
            ),
            Entry(
                group: "",
                version: "v1",
                kind: "ServiceAccount",
                referrers: [
                    FieldSpec("subjects", group: rbac, kind: "RoleBinding"),
                    FieldSpec("subjects", group: rbac, kind: "ClusterRoleBinding"),
                ] + podField("serviceAccountName", kinds: workloadOrder)
            ),
            Entry(
                group: "",
                version: "v1",
                kind: "PersistentVolumeClaim",
                referrers: podField("volumes/persistentVolumeClaim/claimName", kinds: workloadOrder)
            ),
            Entry(
                group: "",
                version: "v1",
                kind: "PersistentVolume",
                referrers: [
                    FieldSpec("spec/volumeName", kind: "PersistentVolumeClaim"),
                    FieldSpec("rules/resourceNames", kind: "ClusterRole"),
                ]
            ),
            Entry(
                group: "storage.k8s.io",
                version: "v1",
                kind: "StorageClass",
                referrers: [
                    FieldSpec("spec/storageClassName", kind: "PersistentVolume"),
                    FieldSpec("spec/storageClassName", kind: "PersistentVolumeClaim"),
                    FieldSpec("spec/volumeClaimTemplates/spec/storageClassName", kind: "StatefulSet"),
                ]
            ),
            Entry(
                group: "scheduling.k8s.io",
                version: "v1",
                kind: "PriorityClass",
                referrers: podField("priorityClassName", kinds: workloadOrder)
            ),
            // kustomize writes this group with its version, so no IngressClass ever matches it and
            // `ingressClassName` is never rewritten; kept as kustomize has it.
            Entry(
                group: "networking.k8s.io/v1",
                version: "v1",
                kind: "IngressClass",
                referrers: [
                    FieldSpec("spec/ingressClassName", kind: "Ingress")
                ]
            ),
        ]
    }()
}
