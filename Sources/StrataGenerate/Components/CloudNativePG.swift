public import StrataPlatform
import StrataYAML

/// CloudNativePG: the operator, and each PostgreSQL cluster of the spec with its object-store backups.
///
/// Backups use the Cluster's in-tree `barmanObjectStore`: it is deprecated in favour of the Barman Cloud
/// plugin but still served by CloudNativePG 1.30, and the plugin needs its own chart, its `ObjectStore`
/// CRD and cert-manager certificates, none of which the pinned charts provide. The in-tree method runs
/// `barman-cloud-*` inside the PostgreSQL container, so the image must be of the `system` flavour
/// (`<version>-system-<debian>`): the `minimal` and `standard` images leave Barman Cloud out for the plugin's
/// sidecar, and a cluster on one of them fails every WAL archive and base backup.
public struct CloudNativePG: PlatformComponent {
    /// The chart.
    static let chart = "cloudnative-pg"
    /// The operator's namespace.
    public static let operatorNamespace = "cnpg-system"

    /// Creates the component.
    public init() {}

    /// Adds the operator to clusters that run a database, and each database to its cluster.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let databases = context.spec.databases.filter { $0.cluster == plan.cluster.name }
        guard !databases.isEmpty, let version = context.version(of: Self.chart),
            let source = ChartSource.all[Self.chart]
        else { return }
        plan.addSource(for: source)
        plan.add(
            [
                Manifests.namespace(Self.operatorNamespace),
                Manifests.helmRelease(
                    name: Self.chart,
                    namespace: Self.operatorNamespace,
                    source: source,
                    version: version,
                    values: [:]
                ),
            ],
            to: .operators,
            file: "cloudnative-pg.yaml"
        )
        for namespace in Set(databases.map(\.namespace)).sorted() {
            plan.add([Manifests.namespace(namespace)], to: .databases, file: "namespace-\(namespace).yaml")
        }
        for database in databases {
            plan.add(
                Self.objects(for: database, context: context),
                to: .databases,
                file: "\(database.name).yaml",
                comment: """
                    PostgreSQL backs itself up: base backups on a schedule and continuous WAL archiving to the
                    object store, since a file copy of a live database volume is not consistent. The in-tree
                    barmanObjectStore runs barman-cloud in the PostgreSQL container: only the system images
                    (tags -system-<debian>) carry it, the minimal and standard ones leave it to the plugin.
                    """
            )
        }
        // CloudNativePG reports readiness only in a Ready condition, which kstatus does not read.
        plan.addHealthCheckExpression(
            apiVersion: "postgresql.cnpg.io/v1",
            kind: "Cluster",
            current: "has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
            failed: nil,
            to: .databases
        )
    }

    /// The Secret with the object-store keys of a database.
    static func credentialsName(_ database: DatabaseSpec) -> String { "\(database.name)-s3" }

    /// The Cluster, its ScheduledBackup and the ExternalSecret of its object-store keys.
    static func objects(for database: DatabaseSpec, context: GenerationContext) -> [YAMLNode] {
        let store = context.spec.backups.objectStore
        let secret = credentialsName(database)
        let cluster: YAMLNode = [
            "apiVersion": "postgresql.cnpg.io/v1",
            "kind": "Cluster",
            "metadata": ["name": "\(database.name)", "namespace": "\(database.namespace)"],
            "spec": [
                "instances": .int(database.instances),
                "imageName": "\(context.spec.versions.postgresImage)",
                "storage": [
                    "storageClass": "\(database.storageClass)",
                    "size": "\(VolSyncRepository.quantity(database.sizeBytes))",
                ],
                "backup": [
                    "retentionPolicy": "\(database.retention)",
                    "barmanObjectStore": [
                        "destinationPath": "\(destinationPath(for: database, context: context))",
                        "endpointURL": "\(store.endpoint)",
                        "s3Credentials": [
                            "accessKeyId": ["name": "\(secret)", "key": "ACCESS_KEY_ID"],
                            "secretAccessKey": ["name": "\(secret)", "key": "SECRET_ACCESS_KEY"],
                            "region": ["name": "\(secret)", "key": "REGION"],
                        ],
                        "wal": ["compression": "gzip"],
                        "data": ["compression": "gzip"],
                    ],
                ],
            ],
        ]
        let scheduled: YAMLNode = [
            "apiVersion": "postgresql.cnpg.io/v1",
            "kind": "ScheduledBackup",
            "metadata": ["name": "\(database.name)", "namespace": "\(database.namespace)"],
            "spec": [
                "schedule": "\(database.backupSchedule)",
                "immediate": true,
                "backupOwnerReference": "self",
                "method": "barmanObjectStore",
                "cluster": ["name": "\(database.name)"],
            ],
        ]
        var credentials = Manifests.externalSecret(
            name: secret,
            namespace: database.namespace,
            store: context.secretStoreName,
            data: [
                (key: "ACCESS_KEY_ID", item: store.credentialsItem, property: ObjectStoreSpec.accessKeyProperty),
                (key: "SECRET_ACCESS_KEY", item: store.credentialsItem, property: ObjectStoreSpec.secretKeyProperty),
            ]
        )
        // The region is not secret; barman-cloud reads it from the same Secret as the keys.
        credentials.set(
            path: ["spec", "target", "template"],
            ["engineVersion": "v2", "mergePolicy": "Merge", "data": ["REGION": "\(store.region)"]]
        )
        return [cluster, scheduled, credentials]
    }

    /// Where a database's base backups and WAL go; barman appends the Cluster's name.
    static func destinationPath(for database: DatabaseSpec, context: GenerationContext) -> String {
        let store = context.spec.backups.objectStore
        return "s3://\(store.bucket)/cnpg/\(database.cluster)/\(database.namespace)"
    }
}
