extension Plan {
    /// A persistent volume (or the set a template creates) and the backups protecting it.
    public struct Volume: Sendable, Codable, Equatable {
        /// The namespace.
        public var namespace: String
        /// The claim's name, or the pattern of the claims a template creates (`data-web-N`).
        public var name: String
        /// The object declaring it, such as `PersistentVolumeClaim`, `StatefulSet/web` or `Cluster/postgres`.
        public var declaredBy: String
        /// How many claims.
        public var count: Int
        /// The size of each claim.
        public var sizeBytes: Double?
        /// The StorageClass (the default one when the claim names none).
        public var storageClass: String?
        /// `ceph`, `local`, `other` or `unknown`.
        public var storage: String
        /// The Ceph pool, for Ceph volumes.
        public var cephPool: String?
        /// `data`, `cache`, `replica` (a copy another protects) or `restore-target`.
        public var role: String
        /// The backups that select it.
        public var protections: [Protection]
        /// The worst-case data loss when the volume is lost: the best off-cluster protection's recovery point;
        /// `nil` when nothing off-cluster protects it.
        public var rpoSeconds: Double?
        /// Where it is declared (`file:line`).
        public var source: String?

        /// The total size: size × count.
        public var totalBytes: Double? { sizeBytes.map { $0 * Double(count) } }

        /// Whether losing the volume loses data that matters (caches, replicas and restore targets do not).
        public var holdsData: Bool { role == "data" }
    }

    /// One backup that protects a volume.
    public struct Protection: Sendable, Codable, Equatable {
        /// `volsync`, `velero`, `cnpg-wal` (continuous archiving) or `cnpg-backup` (base backups).
        public var kind: String
        /// The backup object's namespace.
        public var namespace: String
        /// The backup object's name (`ReplicationSource/x`, `Schedule/daily`, `ScheduledBackup/x` …).
        public var name: String
        /// The claim it names, for backups that name one.
        public var target: String?
        /// The schedule as written; `nil` for continuous or manual backups.
        public var schedule: String?
        /// The longest gap between two runs.
        public var intervalSeconds: Double?
        /// Retention as written (`retain: daily 7, weekly 4`, `ttl 720h`, `30d`).
        public var retention: String?
        /// Whether the copy leaves the cluster (object store, another cluster) and so survives its loss.
        public var offsite: Bool
        /// The worst-case data loss this backup allows: the longest gap between runs (how long a run takes is
        /// not known from the repository and not added); `nil` when it runs only by hand.
        public var rpoSeconds: Double?
        /// Why the figure is what it is, when that is not obvious.
        public var note: String?
    }
}
