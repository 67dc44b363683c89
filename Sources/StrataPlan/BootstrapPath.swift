import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// The Flux bootstrap critical path of one cluster through `dependsOn` and the parent chain.
///
/// The model: the root Kustomization applies its children at once; a Kustomization starts when its parent has
/// applied it and each `dependsOn` target is ready, plus up to the dependency requeue delay (30 s) to notice;
/// one that waits for health (`wait: true` or `healthChecks`) costs its timeout, the longest Flux lets it take
/// before the attempt fails, and one that does not wait costs nothing beyond the apply. The critical path is
/// the chain that makes the last Kustomization ready. One failed attempt on it adds that Kustomization's retry
/// interval and cost again.
public enum BootstrapPath {
    /// kustomize-controller's default `--requeue-dependency`.
    public static let requeueDependency = 30.0

    /// A Kustomization as the model sees it.
    public struct Node: Sendable, Hashable {
        /// `namespace/name`.
        public var id: String
        /// The Kustomization that applies it.
        public var parent: String?
        /// What it `dependsOn`.
        public var dependsOn: [String]
        /// Whether it waits for health.
        public var waits: Bool
        /// Its timeout.
        public var timeout: Double
        /// Its retry interval.
        public var retryInterval: Double

        /// Creates a node.
        public init(
            id: String,
            parent: String?,
            dependsOn: [String],
            waits: Bool,
            timeout: Double,
            retryInterval: Double
        ) {
            self.id = id
            self.parent = parent
            self.dependsOn = dependsOn
            self.waits = waits
            self.timeout = timeout
            self.retryInterval = retryInterval
        }
    }

    /// The timeout kustomize-controller applies: `spec.timeout`, else the interval less 30 s, at least 30 s.
    public static func timeout(interval: Double?, timeout: Double?) -> Double {
        max(timeout ?? ((interval ?? 600) - 30), 30)
    }

    /// The model's nodes for a loaded cluster.
    public static func nodes(of cluster: Cluster) -> [Node] {
        cluster.kustomizations.map { kustomization in
            let spec = kustomization.node["spec"] ?? .mapping([])
            let interval = spec["interval"]?.string.flatMap { Units.duration($0) }
            let timeout = timeout(interval: interval, timeout: spec["timeout"]?.string.flatMap { Units.duration($0) })
            let retry = spec["retryInterval"]?.string.flatMap { Units.duration($0) } ?? interval ?? 600
            let waits = spec["wait"]?.bool == true || !(spec["healthChecks"]?.items ?? []).isEmpty
            return Node(
                id: kustomization.key.description,
                parent: kustomization.parent?.description,
                dependsOn: kustomization.dependsOn.map(\.key.description),
                waits: waits,
                timeout: timeout,
                retryInterval: retry
            )
        }
    }

    /// Start and ready times, layers and the critical path.
    public static func compute(_ nodes: [Node], requeue: Double = requeueDependency) -> Plan.Bootstrap {
        var byID: [String: Node] = [:]
        for node in nodes where byID[node.id] == nil { byID[node.id] = node }
        var ready: [String: Double] = [:]
        var start: [String: Double] = [:]
        var layer: [String: Int] = [:]
        /// The predecessor that set each start time, to walk the critical path back.
        var cause: [String: String] = [:]
        var visiting: Set<String> = []

        func visit(_ id: String) {
            guard ready[id] == nil, let node = byID[id], visiting.insert(id).inserted else { return }
            var begin = 0.0
            var depth = 0
            var reason: String?
            if let parent = node.parent, byID[parent] != nil {
                visit(parent)
                // A parent applies its children before it waits for anything.
                if let parentStart = start[parent], parentStart >= begin {
                    begin = parentStart
                    reason = parent
                }
                depth = max(depth, (layer[parent] ?? 0) + 1)
            }
            for dependency in node.dependsOn where byID[dependency] != nil {
                visit(dependency)
                // A dependency in a cycle never gets a time; the cycle is reported by `check`.
                guard let dependencyReady = ready[dependency] else { continue }
                if dependencyReady + requeue > begin || reason == nil {
                    begin = max(begin, dependencyReady + requeue)
                    reason = dependency
                }
                depth = max(depth, (layer[dependency] ?? 0) + 1)
            }
            visiting.remove(id)
            start[id] = begin
            ready[id] = begin + (node.waits ? node.timeout : 0)
            layer[id] = depth
            if let reason { cause[id] = reason }
        }
        for id in byID.keys.sorted() { visit(id) }

        let last = byID.keys.sorted().max { (ready[$0] ?? 0, $1) < (ready[$1] ?? 0, $0) }
        var path: [String] = []
        var current = last
        while let id = current, !path.contains(id) {
            path.insert(id, at: 0)
            current = cause[id]
        }
        let total = last.flatMap { ready[$0] } ?? 0
        let extra = path.compactMap { byID[$0] }.map { $0.retryInterval + ($0.waits ? $0.timeout : 0) }.max() ?? 0
        let critical = Set(path)
        let kustomizations = byID.values.map { node in
            Plan.Kustomization(
                id: node.id,
                layer: layer[node.id] ?? 0,
                dependsOn: node.dependsOn.filter { byID[$0] != nil },
                missingDependencies: node.dependsOn.filter { byID[$0] == nil },
                parent: node.parent,
                waits: node.waits,
                timeoutSeconds: node.timeout,
                retryIntervalSeconds: node.retryInterval,
                costSeconds: node.waits ? node.timeout : 0,
                startSeconds: start[node.id] ?? 0,
                readySeconds: ready[node.id] ?? 0,
                critical: critical.contains(node.id)
            )
        }.sorted { ($0.layer, $0.id) < ($1.layer, $1.id) }
        return Plan.Bootstrap(
            kustomizations: kustomizations,
            criticalPath: path,
            criticalPathSeconds: total,
            withOneRetrySeconds: path.isEmpty ? 0 : total + extra,
            requeueSeconds: requeue
        )
    }
}
