public import StrataCore
public import StrataYAML

/// What a repository cannot hold but rules need: node hardware and recovery objectives, from `strata.yaml`.
///
/// Every fact is optional; a rule that needs an absent fact stays silent.
public struct Facts: Sendable {
    /// The nodes, by cluster.
    public var nodes: [NodeFact] = []
    /// Declared recovery objectives.
    public var objectives: [Objective] = []
    /// How fast a restore reads from the backup store, in bytes per second.
    public var restoreThroughput: Double?
    /// The `facts:` mapping as written, for consumers with their own keys.
    public var raw: YAMLNode?

    /// Creates empty facts.
    public init() {}

    /// A node's hardware.
    public struct NodeFact: Sendable {
        /// The cluster the node belongs to, when stated.
        public var cluster: String?
        /// The node's name.
        public var name: String
        /// Memory in bytes.
        public var memory: Double?
        /// CPU cores.
        public var cpu: Double?
        /// Data disks.
        public var disks: [Disk]
        /// Where the node is declared.
        public var location: SourceLocation?

        /// Creates a node fact.
        public init(
            cluster: String?,
            name: String,
            memory: Double?,
            cpu: Double?,
            disks: [Disk],
            location: SourceLocation?
        ) {
            self.cluster = cluster
            self.name = name
            self.memory = memory
            self.cpu = cpu
            self.disks = disks
            self.location = location
        }
    }

    /// One disk of a node.
    public struct Disk: Sendable {
        /// The device name (`nvme0n1`) or path.
        public var device: String
        /// The size in bytes.
        public var size: Double?
        /// Where the disk is declared.
        public var location: SourceLocation?

        /// Creates a disk fact.
        public init(device: String, size: Double?, location: SourceLocation?) {
            self.device = device
            self.size = size
            self.location = location
        }
    }

    /// A recovery objective for a cluster, a namespace, or one named workload or volume.
    public struct Objective: Sendable {
        /// The cluster it applies to, or every cluster.
        public var cluster: String?
        /// The namespace it applies to, or every namespace.
        public var namespace: String?
        /// The workload, volume claim or database it applies to, or everything in scope.
        public var name: String?
        /// The failure scenario it is declared for, when it is scenario-specific.
        public var scenario: String?
        /// The recovery point objective, in seconds.
        public var rpo: Double?
        /// The recovery time objective, in seconds.
        public var rto: Double?
        /// Where it is declared.
        public var location: SourceLocation?

        /// Creates an objective.
        public init(
            cluster: String?,
            namespace: String?,
            name: String?,
            scenario: String?,
            rpo: Double?,
            rto: Double?,
            location: SourceLocation?
        ) {
            self.cluster = cluster
            self.namespace = namespace
            self.name = name
            self.scenario = scenario
            self.rpo = rpo
            self.rto = rto
            self.location = location
        }

        /// How specific the objective is: the more fields set, the more it wins.
        var specificity: Int { [cluster, namespace, name].compactMap { $0 }.count }

        func matches(cluster: String, namespace: String?, name: String?) -> Bool {
            if let c = self.cluster, c != cluster { return false }
            if let n = self.namespace, n != namespace { return false }
            if let w = self.name, w != name { return false }
            return scenario == nil
        }
    }

    /// The nodes of one cluster (nodes without a cluster count for every cluster).
    public func nodes(in cluster: String) -> [NodeFact] {
        nodes.filter { $0.cluster == nil || $0.cluster == cluster }
    }

    /// The most specific objective covering an object, when one is declared.
    public func objective(cluster: String, namespace: String?, name: String?) -> Objective? {
        objectives.filter { $0.matches(cluster: cluster, namespace: namespace, name: name) }
            .max { $0.specificity < $1.specificity }
    }
}
