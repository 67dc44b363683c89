extension Plan {
    /// A Ceph cluster's raw space, its pools and what they can hold.
    public struct CephCluster: Sendable, Codable, Equatable {
        /// The CephCluster's namespace.
        public var namespace: String
        /// The CephCluster's name (or the HelmRelease's, when the chart defines it).
        public var name: String
        /// Whether the hosts and disks of its OSDs are known from the repository and the node facts.
        public var osdsKnown: Bool
        /// The hosts holding OSDs, with their raw space.
        public var domains: [Domain]
        /// Raw space of the hosts holding OSDs.
        public var rawBytes: Double
        /// The fill ratios in force.
        public var ratios: CephMath.Ratios
        /// The pools.
        public var pools: [Pool]
        /// Volume claims on the cluster's StorageClasses (size × count).
        public var provisionedBytes: Double

        /// Creates a Ceph cluster's capacity.
        public init(
            namespace: String,
            name: String,
            osdsKnown: Bool,
            domains: [Domain],
            rawBytes: Double,
            ratios: CephMath.Ratios,
            pools: [Pool],
            provisionedBytes: Double
        ) {
            self.namespace = namespace
            self.name = name
            self.osdsKnown = osdsKnown
            self.domains = domains
            self.rawBytes = rawBytes
            self.ratios = ratios
            self.pools = pools
            self.provisionedBytes = provisionedBytes
        }
    }

    /// A failure domain holding OSDs.
    public struct Domain: Sendable, Codable, Equatable {
        /// The host's name.
        public var name: String
        /// Its OSD daemons.
        public var osds: Int
        /// Their raw space.
        public var rawBytes: Double
    }

    /// A pool's protection, usable space and headroom.
    public struct Pool: Sendable, Codable, Equatable {
        /// The pool's name in Ceph.
        public var name: String
        /// `block`, `filesystem-metadata`, `filesystem-data`, `object-metadata` or `object-data`.
        public var role: String
        /// `replicated 3` or `erasure-coded 2+1`; `nil` when the spec does not say.
        public var protection: String?
        /// Replicas, for replicated pools.
        public var size: Int?
        /// Data chunks, for erasure-coded pools.
        public var dataChunks: Int?
        /// Coding chunks, for erasure-coded pools.
        public var codingChunks: Int?
        /// The share of raw space holding user data.
        public var efficiency: Double?
        /// The copies below which I/O stops.
        public var minSize: Int?
        /// The CRUSH failure domain.
        public var failureDomain: String
        /// Failure domains one placement group needs.
        public var requiredDomains: Int?
        /// Failure domains holding OSDs.
        public var availableDomains: Int?
        /// User data it can hold with the raw space to itself: raw × efficiency.
        public var usableBytes: Double?
        /// The same, up to the nearfull ratio.
        public var nearfullBytes: Double?
        /// The same, up to the full ratio.
        public var fullBytes: Double?
        /// `quotas.maxSize`.
        public var quotaBytes: Double?
        /// Claims on the StorageClasses that use this pool (size × count).
        public var provisionedBytes: Double
        /// What is left after losing the largest failure domain.
        public var afterLargestLoss: AfterLoss?
    }

    /// A pool after losing its largest failure domain.
    public struct AfterLoss: Sendable, Codable, Equatable {
        /// The domain lost.
        public var lost: String?
        /// Domains left.
        public var remainingDomains: Int
        /// Whether each copy or chunk can again get its own domain.
        public var canReReplicate: Bool
        /// User data that can be brought back to full redundancy (below backfillfull).
        public var recoverableBytes: Double
        /// The share of the usable space safe to fill so that the loss can be recovered from.
        public var safeFill: Double
    }

    /// A VictoriaMetrics store (VMCluster or VMSingle): the space its retention needs against its volumes.
    public struct MetricsStore: Sendable, Codable, Equatable {
        /// `VMCluster` or `VMSingle`.
        public var kind: String
        /// The namespace.
        public var namespace: String
        /// The name.
        public var name: String
        /// `retentionPeriod` as written.
        public var retention: String
        /// The retention in days.
        public var retentionDays: Double?
        /// `replicationFactor`.
        public var replicationFactor: Int
        /// vmstorage replicas (1 for VMSingle).
        public var storageNodes: Int
        /// The volume of each storage node.
        public var volumeBytes: Double?
        /// Active series (`facts.metrics`).
        public var activeSeries: Double?
        /// Seconds between samples (`facts.metrics`, else the VMAgent's `scrapeInterval`).
        public var scrapeIntervalSeconds: Double?
        /// Bytes per sample used.
        public var bytesPerSample: Double
        /// `calibration` or `facts`.
        public var bytesPerSampleSource: String
        /// Samples written a day.
        public var samplesPerDay: Double?
        /// Bytes the whole retention takes, replicas included.
        public var retainedBytes: Double?
        /// Bytes each storage node holds.
        public var perNodeBytes: Double?
        /// What each volume may hold before VictoriaMetrics turns read-only (80%).
        public var writableBytes: Double?
        /// Whether the retention fits in the writable part of each volume.
        public var fits: Bool?
    }
}
