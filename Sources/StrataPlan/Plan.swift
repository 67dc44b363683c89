/// What `strata plan` computes for a repository: capacity, backup coverage, the Flux bootstrap path, the network
/// plan and the failure scenarios, each figure set against the declared objective.
///
/// Every quantity carries its unit in its name (`…Bytes`, `…Seconds`); a `nil` figure means it cannot be known
/// from the repository and its facts, or, for a recovery point, that nothing protects the data.
public struct Plan: Sendable, Codable, Equatable {
    /// The format version of the JSON output.
    public var version = 1
    /// The model's assumptions, in sentences, for the reader of a report.
    public var assumptions: [String]
    /// Where the VictoriaMetrics bytes-per-sample figure comes from.
    public var calibration: CalibrationInfo
    /// How fast a restore reads from the backup store (`facts.restoreThroughput`), in bytes per second.
    public var restoreThroughputBytesPerSecond: Double?
    /// Each cluster's plan, by name.
    public var clusters: [ClusterPlan]
    /// The routers' BGP configuration found in the repository.
    public var routers: [Router]
    /// The failure scenarios.
    public var scenarios: [Scenario]

    /// Creates a plan.
    public init(
        assumptions: [String],
        calibration: CalibrationInfo,
        restoreThroughputBytesPerSecond: Double?,
        clusters: [ClusterPlan],
        routers: [Router],
        scenarios: [Scenario]
    ) {
        self.assumptions = assumptions
        self.calibration = calibration
        self.restoreThroughputBytesPerSecond = restoreThroughputBytesPerSecond
        self.clusters = clusters
        self.routers = routers
        self.scenarios = scenarios
    }

    /// The cluster of a name.
    public func cluster(_ name: String) -> ClusterPlan? {
        clusters.first { $0.name == name }
    }

    /// The bytes-per-sample calibration.
    public struct CalibrationInfo: Sendable, Codable, Equatable {
        /// Bytes on disk per sample.
        public var bytesPerSample: Double
        /// The day it was measured.
        public var date: String
        /// The VictoriaMetrics version measured.
        public var victoriaMetricsVersion: String
        /// How it was measured.
        public var method: String

        /// The figure `scripts/calibrate-vm-bytes-per-sample.py` measured.
        public static let measured = CalibrationInfo(
            bytesPerSample: Calibration.bytesPerSample,
            date: Calibration.date,
            victoriaMetricsVersion: Calibration.victoriaMetricsVersion,
            method: Calibration.method
        )
    }

    /// One cluster's plan.
    public struct ClusterPlan: Sendable, Codable, Equatable {
        /// The cluster's name.
        public var name: String
        /// Its Ceph clusters' capacity.
        public var ceph: [CephCluster]
        /// Each node's memory budget.
        public var memory: [MemoryBudget]
        /// Its VictoriaMetrics stores.
        public var metrics: [MetricsStore]
        /// Every persistent volume and what protects it.
        public var volumes: [Volume]
        /// Backups whose volume the cluster does not have.
        public var unmatchedBackups: [Protection]
        /// The Flux bootstrap order and its critical path.
        public var bootstrap: Bootstrap
        /// Subnets, pools and BGP.
        public var network: Network

        /// Creates a cluster plan.
        public init(
            name: String,
            ceph: [CephCluster],
            memory: [MemoryBudget],
            metrics: [MetricsStore],
            volumes: [Volume],
            unmatchedBackups: [Protection],
            bootstrap: Bootstrap,
            network: Network
        ) {
            self.name = name
            self.ceph = ceph
            self.memory = memory
            self.metrics = metrics
            self.volumes = volumes
            self.unmatchedBackups = unmatchedBackups
            self.bootstrap = bootstrap
            self.network = network
        }
    }
}
