extension Plan {
    /// The order Flux brings a cluster up in, and how long that takes at worst.
    public struct Bootstrap: Sendable, Codable, Equatable {
        /// Every Kustomization, in layer then name order.
        public var kustomizations: [Kustomization]
        /// The Kustomizations of the longest path, first to last.
        public var criticalPath: [String]
        /// When the last Kustomization is ready, counted from the root's first apply.
        public var criticalPathSeconds: Double
        /// The same when one Kustomization of the path fails once and is retried: the largest retry interval
        /// plus cost on the path, added.
        public var withOneRetrySeconds: Double
        /// How long a Kustomization waits before checking a dependency again (kustomize-controller's
        /// `--requeue-dependency`).
        public var requeueSeconds: Double

        /// Creates a bootstrap plan.
        public init(
            kustomizations: [Kustomization],
            criticalPath: [String],
            criticalPathSeconds: Double,
            withOneRetrySeconds: Double,
            requeueSeconds: Double
        ) {
            self.kustomizations = kustomizations
            self.criticalPath = criticalPath
            self.criticalPathSeconds = criticalPathSeconds
            self.withOneRetrySeconds = withOneRetrySeconds
            self.requeueSeconds = requeueSeconds
        }

        /// The Kustomization of an id.
        public func kustomization(_ id: String) -> Kustomization? {
            kustomizations.first { $0.id == id }
        }
    }

    /// One Flux Kustomization on the bootstrap path.
    public struct Kustomization: Sendable, Codable, Equatable {
        /// `namespace/name`.
        public var id: String
        /// Its layer: 0 for those that wait for nothing, else one more than the deepest thing it waits for.
        public var layer: Int
        /// The Kustomizations it `dependsOn` that the cluster has.
        public var dependsOn: [String]
        /// The `dependsOn` entries the cluster does not have (it never becomes ready).
        public var missingDependencies: [String]
        /// The Kustomization that applies it.
        public var parent: String?
        /// Whether it waits for its objects' health (`wait: true` or `healthChecks`).
        public var waits: Bool
        /// `spec.timeout`, else the interval less 30 s, at least 30 s.
        public var timeoutSeconds: Double
        /// `spec.retryInterval`, else the interval.
        public var retryIntervalSeconds: Double
        /// What one attempt costs in the model: the timeout when it waits, nothing when it does not.
        public var costSeconds: Double
        /// When it starts: its parent has applied it and every dependency is ready (plus the requeue delay).
        public var startSeconds: Double
        /// When it is ready: start + cost.
        public var readySeconds: Double
        /// Whether it is on the critical path.
        public var critical: Bool
    }
}
