/// Ceph and local-path storage.
public struct StorageSpec: Sendable, Equatable {
    /// The Ceph cluster, run by the cluster whose `ceph` role is `provider`.
    public var ceph: CephSpec
    /// OpenEBS local path volumes on the disks marked `local`.
    public var localPath: LocalPathSpec

    /// Creates storage.
    public init(ceph: CephSpec, localPath: LocalPathSpec) {
        self.ceph = ceph
        self.localPath = localPath
    }
}

/// The Rook Ceph cluster.
public struct CephSpec: Sendable, Equatable {
    /// Number of monitors (odd).
    public var mons: Int
    /// Number of managers.
    public var mgrs: Int
    /// `osd_memory_target` in bytes.
    public var osdMemoryTargetBytes: Int64
    /// Cluster-wide full ratio (0–1).
    public var fullRatio: Double
    /// Nearfull warning ratio (0–1).
    public var nearFullRatio: Double
    /// Backfillfull ratio (0–1).
    public var backfillFullRatio: Double
    /// Extra options for `cephConfig`, by section (`global`, `osd`) then option.
    public var config: [String: [String: String]]
    /// RBD pools.
    public var pools: [CephPoolSpec]
    /// The CephFS filesystem, if any.
    public var filesystem: CephFilesystemSpec?

    /// Creates a Ceph cluster.
    public init(
        mons: Int,
        mgrs: Int,
        osdMemoryTargetBytes: Int64,
        fullRatio: Double,
        nearFullRatio: Double,
        backfillFullRatio: Double,
        config: [String: [String: String]],
        pools: [CephPoolSpec],
        filesystem: CephFilesystemSpec?
    ) {
        self.mons = mons
        self.mgrs = mgrs
        self.osdMemoryTargetBytes = osdMemoryTargetBytes
        self.fullRatio = fullRatio
        self.nearFullRatio = nearFullRatio
        self.backfillFullRatio = backfillFullRatio
        self.config = config
        self.pools = pools
        self.filesystem = filesystem
    }
}

/// How a pool keeps its data safe.
public enum DataProtection: Sendable, Equatable {
    /// `size` full copies; writes continue while `minSize` copies are up.
    case replicated(size: Int, minSize: Int)
    /// `dataChunks + codingChunks` chunks, one per failure domain.
    case erasureCoded(dataChunks: Int, codingChunks: Int)

    /// How many failure domains the pool needs to place all its copies or chunks.
    public var width: Int {
        switch self {
        case .replicated(let size, _): size
        case .erasureCoded(let k, let m): k + m
        }
    }
}

/// An RBD pool with its StorageClass.
public struct CephPoolSpec: Sendable, Equatable {
    /// The pool's name (`replicapool`).
    public var name: String
    /// Replication or erasure coding.
    public var protection: DataProtection
    /// The CRUSH failure domain (`host`).
    public var failureDomain: String
    /// The StorageClass that provisions from it.
    public var storageClass: StorageClassSpec

    /// Creates a pool.
    public init(name: String, protection: DataProtection, failureDomain: String, storageClass: StorageClassSpec) {
        self.name = name
        self.protection = protection
        self.failureDomain = failureDomain
        self.storageClass = storageClass
    }
}

/// A CephFS filesystem with its StorageClass.
public struct CephFilesystemSpec: Sendable, Equatable {
    /// The filesystem's name.
    public var name: String
    /// Metadata pool replicas.
    public var metadataReplicas: Int
    /// Data pool protection.
    public var data: DataProtection
    /// Whether a standby MDS follows the active one.
    public var activeStandby: Bool
    /// The StorageClass that provisions from it.
    public var storageClass: StorageClassSpec

    /// Creates a filesystem.
    public init(
        name: String,
        metadataReplicas: Int,
        data: DataProtection,
        activeStandby: Bool,
        storageClass: StorageClassSpec
    ) {
        self.name = name
        self.metadataReplicas = metadataReplicas
        self.data = data
        self.activeStandby = activeStandby
        self.storageClass = storageClass
    }
}

/// A StorageClass.
public struct StorageClassSpec: Sendable, Equatable {
    /// Its name.
    public var name: String
    /// Whether it is the cluster's default class.
    public var isDefault: Bool
    /// `Delete` or `Retain`.
    public var reclaimPolicy: String

    /// Creates a class.
    public init(name: String, isDefault: Bool, reclaimPolicy: String) {
        self.name = name
        self.isDefault = isDefault
        self.reclaimPolicy = reclaimPolicy
    }
}

/// OpenEBS local path volumes.
public struct LocalPathSpec: Sendable, Equatable {
    /// Where the `local` disk is mounted on each node.
    public var basePath: String
    /// The StorageClass.
    public var storageClass: StorageClassSpec

    /// Creates local path storage.
    public init(basePath: String, storageClass: StorageClassSpec) {
        self.basePath = basePath
        self.storageClass = storageClass
    }
}

/// VictoriaMetrics sizing.
public struct MetricsSpec: Sendable, Equatable {
    /// The cluster that runs the VMCluster (the others remote-write to it through ClusterMesh).
    public var cluster: String
    /// Retention, as VictoriaMetrics reads it (`90d`).
    public var retention: String
    /// vmstorage replication factor.
    public var replicationFactor: Int
    /// vmstorage replicas.
    public var storageReplicas: Int
    /// vminsert and vmselect replicas.
    public var frontendReplicas: Int
    /// Each vmstorage volume, in bytes.
    public var storageVolumeBytes: Int64
    /// Scrape interval (`30s`).
    public var scrapeInterval: String
    /// Active series across all clusters.
    public var seriesEstimate: Int

    /// Creates metrics sizing.
    public init(
        cluster: String,
        retention: String,
        replicationFactor: Int,
        storageReplicas: Int,
        frontendReplicas: Int,
        storageVolumeBytes: Int64,
        scrapeInterval: String,
        seriesEstimate: Int
    ) {
        self.cluster = cluster
        self.retention = retention
        self.replicationFactor = replicationFactor
        self.storageReplicas = storageReplicas
        self.frontendReplicas = frontendReplicas
        self.storageVolumeBytes = storageVolumeBytes
        self.scrapeInterval = scrapeInterval
        self.seriesEstimate = seriesEstimate
    }
}

/// Backups.
public struct BackupSpec: Sendable, Equatable {
    /// The S3-compatible object store every backup goes to.
    public var objectStore: ObjectStoreSpec
    /// Defaults for VolSync restic backups of application volumes.
    public var volsync: VolSyncDefaults
    /// Velero's cluster-resource backups.
    public var velero: VeleroSpec
    /// The restore drill that proves backups can be read.
    public var verification: VerificationSpec

    /// Creates backups.
    public init(
        objectStore: ObjectStoreSpec,
        volsync: VolSyncDefaults,
        velero: VeleroSpec,
        verification: VerificationSpec
    ) {
        self.objectStore = objectStore
        self.volsync = volsync
        self.velero = velero
        self.verification = verification
    }
}

/// An S3-compatible object store.
public struct ObjectStoreSpec: Sendable, Equatable {
    /// Endpoint URL (`http://10.25.11.5:9000`).
    public var endpoint: String
    /// Bucket.
    public var bucket: String
    /// Region name the store expects.
    public var region: String
    /// The item in the secrets provider that holds the access key and secret key.
    public var credentialsItem: String
    /// Bytes per second a restore sustains reading from the store, which restore times are planned with.
    public var restoreThroughputBytes: Int64

    /// Creates an object store.
    public init(
        endpoint: String,
        bucket: String,
        region: String,
        credentialsItem: String,
        restoreThroughputBytes: Int64 = 100 << 20
    ) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.region = region
        self.credentialsItem = credentialsItem
        self.restoreThroughputBytes = restoreThroughputBytes
    }
}

/// How many restic snapshots to keep.
public struct RetentionSpec: Sendable, Equatable {
    /// Hourly snapshots kept.
    public var hourly: Int
    /// Daily snapshots kept.
    public var daily: Int
    /// Weekly snapshots kept.
    public var weekly: Int
    /// Monthly snapshots kept.
    public var monthly: Int

    /// Creates a retention.
    public init(hourly: Int, daily: Int, weekly: Int, monthly: Int) {
        self.hourly = hourly
        self.daily = daily
        self.weekly = weekly
        self.monthly = monthly
    }
}

/// VolSync defaults.
public struct VolSyncDefaults: Sendable, Equatable {
    /// Cron schedule (5 fields) a volume uses unless it sets its own.
    public var schedule: String
    /// Retention a volume uses unless it sets its own.
    public var retention: RetentionSpec
    /// The item in the secrets provider holding the restic password.
    public var resticPasswordItem: String

    /// Creates defaults.
    public init(schedule: String, retention: RetentionSpec, resticPasswordItem: String) {
        self.schedule = schedule
        self.retention = retention
        self.resticPasswordItem = resticPasswordItem
    }
}

/// Velero.
public struct VeleroSpec: Sendable, Equatable {
    /// Cron schedule of the cluster backup.
    public var schedule: String
    /// How long a backup is kept (`720h`).
    public var ttl: String

    /// Creates Velero settings.
    public init(schedule: String, ttl: String) {
        self.schedule = schedule
        self.ttl = ttl
    }
}

/// The backup restore drill.
public struct VerificationSpec: Sendable, Equatable {
    /// Cron schedule; it must not overlap any backup window.
    public var schedule: String

    /// Creates a verification.
    public init(schedule: String) {
        self.schedule = schedule
    }
}

/// Where secrets come from.
public struct SecretsSpec: Sendable, Equatable {
    /// The provider (`onepassword`).
    public var provider: String
    /// The 1Password Connect server URL.
    public var connectHost: String
    /// The vault that holds the platform's items.
    public var vault: String

    /// Creates secrets settings.
    public init(provider: String, connectHost: String, vault: String) {
        self.provider = provider
        self.connectHost = connectHost
        self.vault = vault
    }
}

/// Flux layer timings.
public struct FluxSpec: Sendable, Equatable {
    /// Reconcile interval of every layer.
    public var interval: String
    /// Timing per layer name; a layer not listed uses `defaults`.
    public var layers: [String: LayerTiming]
    /// Timing of a layer not listed.
    public var defaults: LayerTiming

    /// Creates Flux settings.
    public init(interval: String, layers: [String: LayerTiming], defaults: LayerTiming) {
        self.interval = interval
        self.layers = layers
        self.defaults = defaults
    }

    /// The timing of a layer.
    public func timing(of layer: String) -> LayerTiming { layers[layer] ?? defaults }
}

/// How long Flux waits for a layer, and how soon it tries again.
public struct LayerTiming: Sendable, Equatable {
    /// `spec.timeout` (`15m`).
    public var timeout: String
    /// `spec.retryInterval` (`2m`).
    public var retryInterval: String

    /// Creates a timing.
    public init(timeout: String, retryInterval: String) {
        self.timeout = timeout
        self.retryInterval = retryInterval
    }
}

/// A PostgreSQL cluster.
public struct DatabaseSpec: Sendable, Equatable {
    /// The Cluster's name (`postgres`).
    public var name: String
    /// The Kubernetes cluster it runs in.
    public var cluster: String
    /// Namespace.
    public var namespace: String
    /// Instances (one primary, the rest replicas).
    public var instances: Int
    /// Each instance's volume, in bytes.
    public var sizeBytes: Int64
    /// The StorageClass of its volumes.
    public var storageClass: String
    /// Base backup schedule (CloudNativePG's 6-field cron).
    public var backupSchedule: String
    /// Backup retention (`30d`).
    public var retention: String

    /// Creates a database.
    public init(
        name: String,
        cluster: String,
        namespace: String,
        instances: Int,
        sizeBytes: Int64,
        storageClass: String,
        backupSchedule: String,
        retention: String
    ) {
        self.name = name
        self.cluster = cluster
        self.namespace = namespace
        self.instances = instances
        self.sizeBytes = sizeBytes
        self.storageClass = storageClass
        self.backupSchedule = backupSchedule
        self.retention = retention
    }
}

/// An application.
public struct ApplicationSpec: Sendable, Equatable {
    /// Its name.
    public var name: String
    /// The Kubernetes cluster it runs in.
    public var cluster: String
    /// Namespace.
    public var namespace: String
    /// Container image.
    public var image: String
    /// Container port.
    public var port: Int
    /// Memory request in bytes.
    public var memoryBytes: Int64
    /// Its persistent volumes.
    public var volumes: [VolumeSpec]

    /// Creates an application.
    public init(
        name: String,
        cluster: String,
        namespace: String,
        image: String,
        port: Int,
        memoryBytes: Int64,
        volumes: [VolumeSpec]
    ) {
        self.name = name
        self.cluster = cluster
        self.namespace = namespace
        self.image = image
        self.port = port
        self.memoryBytes = memoryBytes
        self.volumes = volumes
    }
}

/// A persistent volume and its backup.
public struct VolumeSpec: Sendable, Equatable {
    /// The PersistentVolumeClaim's name.
    public var name: String
    /// Size in bytes.
    public var sizeBytes: Int64
    /// StorageClass.
    public var storageClass: String
    /// Where the volume is mounted in the container.
    public var mountPath: String
    /// Backup schedule; `nil` uses the VolSync default.
    public var schedule: String?
    /// Retention; `nil` uses the VolSync default.
    public var retention: RetentionSpec?
    /// Whether the volume is backed up at all.
    public var backup: Bool

    /// Creates a volume.
    public init(
        name: String,
        sizeBytes: Int64,
        storageClass: String,
        mountPath: String,
        schedule: String?,
        retention: RetentionSpec?,
        backup: Bool
    ) {
        self.name = name
        self.sizeBytes = sizeBytes
        self.storageClass = storageClass
        self.mountPath = mountPath
        self.schedule = schedule
        self.retention = retention
        self.backup = backup
    }
}

/// A recovery objective for one failure scenario.
public struct RecoveryObjective: Sendable, Equatable {
    /// The scenario: `node`, `two-nodes`, `cluster`, `all-clusters`, `object-store`, `ceph-corruption`.
    public var scenario: String
    /// The cluster it applies to; `nil` for every cluster.
    public var cluster: String?
    /// Maximum data loss, in seconds.
    public var rpoSeconds: Int
    /// Maximum time to recover, in seconds.
    public var rtoSeconds: Int

    /// Creates an objective.
    public init(scenario: String, cluster: String?, rpoSeconds: Int, rtoSeconds: Int) {
        self.scenario = scenario
        self.cluster = cluster
        self.rpoSeconds = rpoSeconds
        self.rtoSeconds = rtoSeconds
    }
}
