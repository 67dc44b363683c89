extension PlatformFields {
    static var metrics: SpecObject<MetricsSpec> {
        SpecObject(
            name: "Metrics",
            doc: "VictoriaMetrics: one VMCluster, and a VMAgent in every cluster writing to it.",
            placeholder: MetricsSpec(
                cluster: "",
                retention: "",
                replicationFactor: 0,
                storageReplicas: 0,
                frontendReplicas: 0,
                storageVolumeBytes: 0,
                scrapeInterval: "",
                seriesEstimate: 0
            ),
            fields: [
                .required(
                    "cluster",
                    \.cluster,
                    .text(.dnsLabel),
                    "The cluster that runs the VMCluster; the others remote-write to it through ClusterMesh."
                ),
                .required(
                    "retention",
                    \.retention,
                    .duration(.metricsRetention),
                    "How long samples are kept, as VictoriaMetrics reads it (90d, 12w, 1y)."
                ),
                .required(
                    "replicationFactor",
                    \.replicationFactor,
                    .integer(1...10),
                    "Copies of each sample across vmstorage nodes; at most storageReplicas."
                ),
                .required("storageReplicas", \.storageReplicas, .integer(1...100), "vmstorage replicas."),
                .optional(
                    "frontendReplicas",
                    \.frontendReplicas,
                    .integer(1...100),
                    default: 2,
                    "vminsert and vmselect replicas."
                ),
                .required(
                    "storageVolumeSize",
                    \.storageVolumeBytes,
                    .bytes,
                    "Each vmstorage volume, such as 100Gi."
                ),
                .optional(
                    "scrapeInterval",
                    \.scrapeInterval,
                    .duration(.scrapeInterval),
                    default: "30s",
                    "How often VMAgents scrape."
                ),
                .required(
                    "seriesEstimate",
                    \.seriesEstimate,
                    .integer(0...1_000_000_000_000),
                    "Active series across all clusters, for the capacity plan."
                ),
            ]
        )
    }

    static var backups: SpecObject<BackupSpec> {
        SpecObject(
            name: "Backups",
            doc: "Volume backups (VolSync with restic), cluster backups (Velero) and the restore drill.",
            placeholder: BackupSpec(
                objectStore: ObjectStoreSpec(endpoint: "", bucket: "", region: "", credentialsItem: ""),
                volsync: VolSyncDefaults(
                    schedule: "",
                    retention: RetentionSpec(hourly: 0, daily: 0, weekly: 0, monthly: 0),
                    resticPasswordItem: ""
                ),
                velero: VeleroSpec(schedule: "", ttl: ""),
                verification: VerificationSpec(schedule: "")
            ),
            fields: [
                .required(
                    "objectStore",
                    \.objectStore,
                    objectStore.codec,
                    "The S3-compatible object store every backup goes to."
                ),
                .required("volsync", \.volsync, volsync.codec, "Defaults for VolSync backups of application volumes."),
                .required("velero", \.velero, velero.codec, "Velero's backups of cluster resources."),
                .required(
                    "verification",
                    \.verification,
                    verification.codec,
                    "The restore drill that proves the restic repositories can be read."
                ),
            ]
        )
    }

    static var objectStore: SpecObject<ObjectStoreSpec> {
        SpecObject(
            name: "ObjectStore",
            doc: "An S3-compatible object store.",
            placeholder: ObjectStoreSpec(endpoint: "", bucket: "", region: "", credentialsItem: ""),
            fields: [
                .required("endpoint", \.endpoint, .text(.url), "Endpoint URL, such as http://10.25.11.5:9000."),
                .required("bucket", \.bucket, .text(.bucket), "The bucket."),
                .optional(
                    "region",
                    \.region,
                    .text(.text),
                    default: "us-east-1",
                    "The region name the store expects (MinIO accepts us-east-1)."
                ),
                .required(
                    "credentialsItem",
                    \.credentialsItem,
                    .text(.text),
                    "The item in the secrets provider that holds the access key and secret key."
                ),
                .optional(
                    "restoreThroughput",
                    \.restoreThroughputBytes,
                    .bytes,
                    default: 100 << 20,
                    "Bytes per second a restore sustains reading from the store (100Mi); restore times are planned with it."
                ),
            ]
        )
    }

    static var retention: SpecObject<RetentionSpec> {
        SpecObject(
            name: "Retention",
            doc: "How many restic snapshots to keep; a count left out keeps none of that period.",
            placeholder: RetentionSpec(hourly: 0, daily: 0, weekly: 0, monthly: 0),
            fields: [
                .optional("hourly", \.hourly, .integer(0...10_000), default: 0, "Hourly snapshots kept."),
                .optional("daily", \.daily, .integer(0...10_000), default: 0, "Daily snapshots kept."),
                .optional("weekly", \.weekly, .integer(0...10_000), default: 0, "Weekly snapshots kept."),
                .optional("monthly", \.monthly, .integer(0...10_000), default: 0, "Monthly snapshots kept."),
            ]
        )
    }

    static var volsync: SpecObject<VolSyncDefaults> {
        SpecObject(
            name: "VolSync",
            doc: "Defaults for the VolSync restic backup of every application volume.",
            placeholder: VolSyncDefaults(
                schedule: "",
                retention: RetentionSpec(hourly: 0, daily: 0, weekly: 0, monthly: 0),
                resticPasswordItem: ""
            ),
            fields: [
                .required(
                    "schedule",
                    \.schedule,
                    .cron(.standard, format: .volSyncSchedule),
                    "Cron schedule (5 fields) of a volume that sets none; its interval bounds the recovery point."
                ),
                .required("retention", \.retention, retention.codec, "Snapshots kept by a volume that sets none."),
                .required(
                    "resticPasswordItem",
                    \.resticPasswordItem,
                    .text(.text),
                    "The item in the secrets provider holding the restic password."
                ),
            ]
        )
    }

    static var velero: SpecObject<VeleroSpec> {
        SpecObject(
            name: "Velero",
            doc: "Velero's backup of the cluster resources that are not in Git.",
            placeholder: VeleroSpec(schedule: "", ttl: ""),
            fields: [
                .required("schedule", \.schedule, .cron(.standard), "Cron schedule (5 fields) of the cluster backup."),
                .optional(
                    "ttl",
                    \.ttl,
                    .duration(.go),
                    default: "720h",
                    "How long a backup is kept, as a Go duration (720h is 30 days)."
                ),
            ]
        )
    }

    static var verification: SpecObject<VerificationSpec> {
        SpecObject(
            name: "Verification",
            doc: "The restore drill: a CronJob that checks every restic repository.",
            placeholder: VerificationSpec(schedule: ""),
            fields: [
                .required(
                    "schedule",
                    \.schedule,
                    .cron(.standard),
                    "Cron schedule (5 fields). restic check locks a repository, so it must start at least an "
                        + "hour away from every volume backup."
                )
            ]
        )
    }

    static var secrets: SpecObject<SecretsSpec> {
        SpecObject(
            name: "Secrets",
            doc: "Where secrets come from: 1Password through External Secrets.",
            placeholder: SecretsSpec(provider: "", connectHost: "", vault: ""),
            fields: [
                .optional(
                    "provider",
                    \.provider,
                    .choice(["onepassword"]),
                    default: "onepassword",
                    "The secrets provider."
                ),
                .required("connectHost", \.connectHost, .text(.url), "The 1Password Connect server URL."),
                .required("vault", \.vault, .text(.text), "The vault that holds the platform's items."),
            ]
        )
    }

    static var flux: SpecObject<FluxSpec> {
        SpecObject(
            name: "Flux",
            doc: "Flux reconciliation and how long each layer may take.",
            placeholder: FluxSpec(interval: "", layers: [:], defaults: LayerTiming(timeout: "", retryInterval: "")),
            fields: [
                .optional(
                    "interval",
                    \.interval,
                    .duration(.go),
                    default: "10m",
                    "Reconcile interval of every layer."
                ),
                .optional(
                    "layers",
                    \.layers,
                    .record(
                        name: "FluxLayers",
                        doc: "Timing per layer.",
                        keys: FluxSpec.layerNames.map { ($0, "Timing of the \($0) layer.", nil) },
                        layerTiming.codec
                    ),
                    default: [:],
                    "Timing per layer; a layer left out uses defaults."
                ),
                .section("defaults", \.defaults, layerTiming, "Timing of a layer not listed in layers."),
            ]
        )
    }

    static var layerTiming: SpecObject<LayerTiming> {
        SpecObject(
            name: "LayerTiming",
            doc: "How long Flux waits for a layer, and how soon it tries again.",
            placeholder: LayerTiming(timeout: "", retryInterval: ""),
            fields: [
                .optional(
                    "timeout",
                    \.timeout,
                    .duration(.go),
                    default: "10m",
                    "How long Flux waits for the layer to become healthy."
                ),
                .optional(
                    "retryInterval",
                    \.retryInterval,
                    .duration(.go),
                    default: "2m",
                    "How soon a failed layer is tried again."
                ),
            ]
        )
    }

    static var database: SpecObject<DatabaseSpec> {
        SpecObject(
            name: "Database",
            doc: "A PostgreSQL cluster run by CloudNativePG, backed up to the object store.",
            placeholder: DatabaseSpec(
                name: "",
                cluster: "",
                namespace: "",
                instances: 0,
                sizeBytes: 0,
                storageClass: "",
                backupSchedule: "",
                retention: ""
            ),
            fields: [
                .required("name", \.name, .text(.dnsLabel), "The CloudNativePG Cluster's name."),
                .required("cluster", \.cluster, .text(.dnsLabel), "The Kubernetes cluster it runs in."),
                .required("namespace", \.namespace, .text(.dnsLabel), "Its namespace."),
                .required(
                    "instances",
                    \.instances,
                    .integer(1...100),
                    "Instances: one primary, the rest replicas."
                ),
                .required("size", \.sizeBytes, .bytes, "Each instance's volume, such as 50Gi."),
                .required("storageClass", \.storageClass, .text(.dnsName), "The StorageClass of its volumes."),
                .required(
                    "backupSchedule",
                    \.backupSchedule,
                    .cron(.withSeconds),
                    "Base backup schedule in CloudNativePG's 6-field cron, seconds first (0 0 */6 * * *)."
                ),
                .required(
                    "retention",
                    \.retention,
                    .duration(.databaseRetention),
                    "How long backups are kept, as CloudNativePG reads it (30d, 4w, 6m; m is months)."
                ),
            ]
        )
    }

    static var application: SpecObject<ApplicationSpec> {
        SpecObject(
            name: "Application",
            doc: "An application and its persistent volumes.",
            placeholder: ApplicationSpec(
                name: "",
                cluster: "",
                namespace: "",
                image: "",
                port: 0,
                memoryBytes: 0,
                volumes: []
            ),
            fields: [
                .required("name", \.name, .text(.dnsLabel), "Its name."),
                .required("cluster", \.cluster, .text(.dnsLabel), "The Kubernetes cluster it runs in."),
                .required("namespace", \.namespace, .text(.dnsLabel), "Its namespace."),
                .required("image", \.image, .text(.image), "Container image, pinned to a version."),
                .required("port", \.port, .integer(1...65_535), "Container port."),
                .required("memory", \.memoryBytes, .bytes, "Memory request, such as 512Mi."),
                .optional("volumes", \.volumes, .list(volume.codec), default: [], "Its persistent volumes."),
            ]
        )
    }

    static var volume: SpecObject<VolumeSpec> {
        SpecObject(
            name: "Volume",
            doc: "A persistent volume and its backup.",
            placeholder: VolumeSpec(
                name: "",
                sizeBytes: 0,
                storageClass: "",
                mountPath: "",
                schedule: nil,
                retention: nil,
                backup: true
            ),
            fields: [
                .required("name", \.name, .text(.dnsLabel), "The PersistentVolumeClaim's name."),
                .required("size", \.sizeBytes, .bytes, "Size, such as 10Gi."),
                .required("storageClass", \.storageClass, .text(.dnsName), "Its StorageClass."),
                .required("mountPath", \.mountPath, .text(.absolutePath), "Where it is mounted in the container."),
                .optional(
                    "schedule",
                    \.schedule,
                    .cron(.standard, format: .volSyncSchedule),
                    "Backup schedule; backups.volsync.schedule when left out."
                ),
                .optional(
                    "retention",
                    \.retention,
                    retention.codec,
                    "Retention; backups.volsync.retention when left out."
                ),
                .optional(
                    "backup",
                    \.backup,
                    .flag,
                    default: true,
                    "Whether it is backed up; a volume that is not is declared disposable and held to no objective."
                ),
            ]
        )
    }

    static var objective: SpecObject<RecoveryObjective> {
        SpecObject(
            name: "RecoveryObjective",
            doc: "A recovery objective for one failure scenario.",
            placeholder: RecoveryObjective(scenario: "", cluster: nil, rpoSeconds: 0, rtoSeconds: 0),
            fields: [
                .required(
                    "scenario",
                    \.scenario,
                    .choice(RecoveryObjective.scenarios),
                    "The failure: node, two-nodes, cluster, all-clusters, object-store or ceph-corruption."
                ),
                .optional(
                    "cluster",
                    \.cluster,
                    .text(.dnsLabel),
                    "The cluster it applies to; every cluster when left out."
                ),
                .required(
                    "rpo",
                    \.rpoSeconds,
                    .seconds(.objective),
                    "Most data that may be lost (0, 15m, 24h); at least the interval of every backup in its scope."
                ),
                .required("rto", \.rtoSeconds, .seconds(.objective), "Longest time to recover (30m, 4h)."),
            ]
        )
    }
}
