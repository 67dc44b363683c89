extension Plan {
    /// A failure and its consequences: what stops, what data is lost, how long recovery takes, each against the
    /// declared objective.
    public struct Scenario: Sendable, Codable, Equatable {
        /// `node`, `two-nodes`, `cluster`, `all-clusters`, `object-store` or `ceph-corruption`.
        public var id: String
        /// What fails: a node, a cluster, a Ceph cluster, or `nil` when the id says it all.
        public var target: String?
        /// A title for reports.
        public var title: String
        /// The clusters affected.
        public var clusters: [String]
        /// What stops or degrades.
        public var effects: [Effect]
        /// The volumes whose data is lost, with the recovery point.
        public var dataLoss: [Loss]
        /// How long recovery takes, per affected cluster.
        public var recovery: [Recovery]
        /// The declared objectives this scenario is judged against.
        public var objectives: [Judgement]
    }

    /// What happens to one component.
    public struct Effect: Sendable, Codable, Equatable {
        /// The cluster.
        public var cluster: String
        /// The component (`Ceph monitors rook-ceph`, `pool replicapool`, `VMCluster monitoring/vmcluster` …).
        public var component: String
        /// `ok`, `degraded`, `stopped` or `lost`.
        public var state: String
        /// Why.
        public var detail: String
    }

    /// Data lost with one volume.
    public struct Loss: Sendable, Codable, Equatable {
        /// The cluster.
        public var cluster: String
        /// The namespace.
        public var namespace: String
        /// The volume.
        public var volume: String
        /// The data lost: up to this much before the failure; `nil` when nothing off-cluster protects it.
        public var rpoSeconds: Double?
        /// The protection restored from.
        public var restoredFrom: String?
        /// The bytes to restore.
        public var restoreBytes: Double?
    }

    /// How long a cluster takes to come back.
    public struct Recovery: Sendable, Codable, Equatable {
        /// The cluster.
        public var cluster: String
        /// Flux bringing the affected Kustomizations back (the critical path through them).
        public var bootstrapSeconds: Double
        /// Bytes restored from backups.
        public var restoreBytes: Double
        /// `restoreBytes` over the restore throughput; `nil` without the fact.
        public var restoreSeconds: Double?
        /// Everything the model counts: bootstrap + restore; failover time for node scenarios.
        public var totalSeconds: Double?
        /// What the model does not count.
        public var notCounted: [String]
    }

    /// A declared objective and whether the scenario meets it.
    public struct Judgement: Sendable, Codable, Equatable {
        /// The objective's cluster, when it names one.
        public var cluster: String?
        /// The objective's namespace, when it names one.
        public var namespace: String?
        /// The objective's workload or volume, when it names one.
        public var name: String?
        /// Where it is declared (`strata.yaml:12`).
        public var declaredAt: String?
        /// The RPO objective.
        public var rpoObjectiveSeconds: Double?
        /// The worst data loss in scope; `nil` when some data in scope has no off-cluster protection.
        public var rpoSeconds: Double?
        /// Whether data in scope is lost entirely.
        public var rpoUnbounded: Bool
        /// Objective − achieved; negative when missed.
        public var rpoMarginSeconds: Double?
        /// Whether the RPO objective is met.
        public var rpoMet: Bool?
        /// The RTO objective.
        public var rtoObjectiveSeconds: Double?
        /// The recovery time in scope.
        public var rtoSeconds: Double?
        /// Objective − achieved; negative when missed.
        public var rtoMarginSeconds: Double?
        /// Whether the RTO objective is met.
        public var rtoMet: Bool?
    }
}
