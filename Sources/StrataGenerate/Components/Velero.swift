import StrataPlatform
import StrataYAML

/// Velero in every cluster: the cluster's objects and volume snapshots, moved to the object store on the
/// spec's schedule and kept for its TTL.
///
/// The HelmRelease lives in the `backups` layer, not `operators`: the server mounts its credentials
/// Secret, which an ExternalSecret creates only once External Secrets is running (after `operators`), so
/// installing Velero earlier would hold `operators` until its timeout. The storage location and the schedule
/// are chart values for the same reason: the chart installs the `velero.io` CRDs before rendering them.
public struct Velero: PlatformComponent {
    /// The chart.
    static let chart = "velero"
    /// Velero's namespace.
    public static let namespace = "velero"
    /// The Secret holding the object-store keys as an AWS credentials file.
    public static let credentialsName = "velero-credentials"
    /// The `versions.images` role of the object-store plugin.
    static let awsPluginRole = "velero-plugin-for-aws"
    /// The name of the storage location and of the schedule.
    static let locationName = "default"
    /// The label that keeps an object out of every Velero backup, and so out of every Velero restore.
    static let excludeLabel = "velero.io/exclude-from-backup"

    /// Creates the component.
    public init() {}

    /// Adds Velero, its credentials and its schedule to every cluster.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard let version = context.version(of: Self.chart), let source = ChartSource.all[Self.chart] else { return }
        plan.addSource(for: source)
        plan.add(
            [
                // The node agent mounts the kubelet's pod directories (hostPath) to move snapshot data.
                Manifests.namespace(Self.namespace, labels: [("pod-security.kubernetes.io/enforce", "privileged")]),
                Self.credentials(context: context),
                Manifests.helmRelease(
                    name: Self.chart,
                    namespace: Self.namespace,
                    source: source,
                    version: version,
                    values: Self.values(cluster: plan.cluster.name, context: context)
                ),
            ],
            to: .backups,
            file: "velero.yaml",
            comment: """
                CSI snapshots need the EnableCSI flag (the CSI plugin is built in since Velero 1.14) and the
                VolumeSnapshotClass labelled for Velero; snapshot data is moved to the object store so that it
                survives the loss of the Ceph cluster. Databases back themselves up and are excluded; claims
                VolSync backs up carry the velero.io/exclude-from-backup label (see their pvc.yaml).
                """
        )
    }

    /// The ExternalSecret that writes the object-store keys as the AWS plugin's credentials file.
    static func credentials(context: GenerationContext) -> YAMLNode {
        let store = context.spec.backups.objectStore
        var secret = Manifests.externalSecret(
            name: credentialsName,
            namespace: namespace,
            store: context.secretStoreName,
            data: [
                (key: "accessKeyID", item: store.credentialsItem, property: ObjectStoreSpec.accessKeyProperty),
                (key: "secretAccessKey", item: store.credentialsItem, property: ObjectStoreSpec.secretKeyProperty),
            ]
        )
        secret.set(
            path: ["spec", "target", "template"],
            [
                "engineVersion": "v2",
                "data": [
                    "cloud": """
                    [default]
                    aws_access_key_id={{ .accessKeyID }}
                    aws_secret_access_key={{ .secretAccessKey }}

                    """
                ],
            ]
        )
        return secret
    }

    /// The object-store prefix of a cluster's backups: clusters sharing a bucket never see each other's.
    static func prefix(cluster: String) -> String { "velero/\(cluster)" }

    /// The chart values.
    static func values(cluster: String, context: GenerationContext) -> YAMLNode {
        let store = context.spec.backups.objectStore
        let velero = context.spec.backups.velero
        let databaseNamespaces = Set(context.spec.databases.filter { $0.cluster == cluster }.map(\.namespace))
        var template: YAMLNode = [
            "ttl": "\(velero.ttl)",
            "storageLocation": "\(locationName)",
            "includedNamespaces": ["*"],
        ]
        if !databaseNamespaces.isEmpty {
            template.set("excludedNamespaces", .sequence(databaseNamespaces.sorted().map { .string($0) }))
        }
        template.set("snapshotVolumes", .bool(true))
        template.set("snapshotMoveData", .bool(true))
        return [
            "configuration": [
                "features": "EnableCSI",
                "defaultSnapshotMoveData": true,
                "backupStorageLocation": [
                    [
                        "name": "\(locationName)",
                        "provider": "aws",
                        "bucket": "\(store.bucket)",
                        "prefix": "\(prefix(cluster: cluster))",
                        "default": true,
                        "config": [
                            "region": "\(store.region)",
                            "s3ForcePathStyle": "true",
                            "s3Url": "\(store.endpoint)",
                            // AWS plugin 1.9.1 and later send CRC32 checksums that MinIO builds reject.
                            "checksumAlgorithm": "",
                        ],
                    ]
                ],
            ],
            // CSI snapshots use the labelled VolumeSnapshotClass, not a VolumeSnapshotLocation.
            "snapshotsEnabled": false,
            "credentials": ["useSecret": true, "existingSecret": "\(credentialsName)"],
            "initContainers": [
                [
                    "name": "velero-plugin-for-aws",
                    "image": "\(context.image(awsPluginRole))",
                    "volumeMounts": [["mountPath": "/target", "name": "plugins"]],
                ]
            ],
            "deployNodeAgent": true,
            "schedules": [
                "\(locationName)": [
                    "schedule": "\(velero.schedule)",
                    "useOwnerReferencesInBackup": false,
                    "template": template,
                ]
            ],
        ]
    }
}
