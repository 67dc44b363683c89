public import StrataPlatform
public import StrataYAML

/// What one cluster's Flux layers hold, filled in by the components.
public struct ClusterPlan: Sendable {
    /// The contents of one layer.
    public struct LayerContent: Sendable {
        /// Documents by file path relative to the layer's directory (`cilium.yaml`, `wiki/deployment.yaml`).
        public var files: [String: [YAMLNode]] = [:]
        /// Comments written at the top of a file, by the same path.
        public var comments: [String: String] = [:]
        /// `spec.healthCheckExprs` entries of the layer's Kustomization.
        public var healthCheckExpressions: [YAMLNode] = []
    }

    /// The cluster.
    public let cluster: ClusterSpec
    /// The layers that have content.
    public private(set) var layers: [Layer: LayerContent] = [:]
    /// Flux sources (HelmRepository, OCIRepository) by name, applied with the cluster's sources.
    public private(set) var sources: [String: YAMLNode] = [:]

    /// Creates an empty plan.
    public init(cluster: ClusterSpec) {
        self.cluster = cluster
    }

    /// Appends documents to a file of a layer.
    public mutating func add(_ documents: [YAMLNode], to layer: Layer, file: String, comment: String? = nil) {
        layers[layer, default: LayerContent()].files[file, default: []].append(contentsOf: documents)
        if let comment { layers[layer, default: LayerContent()].comments[file] = comment }
    }

    /// Adds a CEL health expression for a custom kind whose status kstatus cannot read.
    ///
    /// Every layer's Kustomization has `wait: true`, which checks every object it applies (and makes
    /// Flux ignore `healthChecks`), so expressions are the one way to say what "ready" means for a kind.
    public mutating func addHealthCheckExpression(
        apiVersion: String,
        kind: String,
        current: String,
        failed: String?,
        to layer: Layer
    ) {
        var entry: YAMLNode = ["apiVersion": "\(apiVersion)", "kind": "\(kind)", "current": "\(current)"]
        if let failed { entry.set("failed", .string(failed)) }
        if layers[layer, default: LayerContent()].healthCheckExpressions.contains(entry) { return }
        layers[layer, default: LayerContent()].healthCheckExpressions.append(entry)
    }

    /// Registers the Flux source a chart comes from, once.
    public mutating func addSource(for chart: ChartSource) {
        sources[chart.repositoryName] = chart.sourceObject
    }
}
