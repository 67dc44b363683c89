public import StrataPlatform
import StrataYAML

/// Generates the platform's whole GitOps repository from a spec.
///
/// Each component adds objects to the clusters' layers; the generator then writes every layer's
/// directory with its `kustomization.yaml`, the Flux Kustomizations that apply the layers in dependency
/// order, and the cluster's sources. The same spec always gives the same files.
public struct RepositoryGenerator: Sendable {
    /// The spec.
    public let spec: PlatformSpec
    /// The components, in the order they contribute.
    public let components: [any PlatformComponent]

    /// Creates a generator with every component of the platform.
    public init(spec: PlatformSpec, components: [any PlatformComponent] = PlatformComponents.all) {
        self.spec = spec
        self.components = components
    }

    /// Generates the repository.
    public func generate() -> GeneratedRepository {
        let context = GenerationContext(spec: spec)
        var repository = GeneratedRepository()
        for cluster in spec.clusters {
            var plan = ClusterPlan(cluster: cluster)
            for component in components { component.contribute(to: &plan, in: context) }
            write(plan, into: &repository, context: context)
        }
        for component in components { component.contribute(to: &repository, in: context) }
        return repository
    }

    private func write(_ plan: ClusterPlan, into repository: inout GeneratedRepository, context: GenerationContext) {
        let name = plan.cluster.name
        let present = Set(plan.layers.keys)
        for layer in plan.layers.keys.sorted() {
            guard let content = plan.layers[layer] else { continue }
            let directory = layer.directory(cluster: name)
            for file in content.files.keys.sorted() {
                repository.write(
                    "\(directory)/\(file)",
                    documents: content.files[file] ?? [],
                    comment: content.comments[file]
                )
            }
            let kustomization: YAMLNode = [
                "apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization",
                "resources": .sequence(content.files.keys.sorted().map { .string($0) }),
            ]
            repository.write("\(directory)/kustomization.yaml", documents: [kustomization])
        }
        let kustomizations = plan.layers.keys.sorted().map { layer in
            fluxKustomization(
                layer,
                cluster: name,
                dependsOn: Self.dependencies(of: layer, present: present),
                expressions: plan.layers[layer]?.healthCheckExpressions ?? []
            )
        }
        repository.write(
            "clusters/\(name)/layers.yaml",
            documents: kustomizations,
            comment: "The layers, each applied once the layers it depends on are healthy."
        )
        if !plan.sources.isEmpty {
            repository.write(
                "clusters/\(name)/sources.yaml",
                documents: plan.sources.keys.sorted().compactMap { plan.sources[$0] }
            )
        }
    }

    /// The nearest present layers a layer depends on, skipping layers this cluster does not have.
    static func dependencies(of layer: Layer, present: Set<Layer>) -> [Layer] {
        var result: Set<Layer> = []
        var pending = layer.dependsOn
        var seen: Set<Layer> = []
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            if present.contains(next) { result.insert(next) } else { pending.append(contentsOf: next.dependsOn) }
        }
        // A dependency already implied by another is left out, so each edge says something.
        let implied = result.filter { candidate in
            result.contains { other in other != candidate && reaches(other, candidate, present: present) }
        }
        return result.subtracting(implied).sorted()
    }

    private static func reaches(_ from: Layer, _ to: Layer, present: Set<Layer>) -> Bool {
        var pending = from.dependsOn
        var seen: Set<Layer> = []
        while let next = pending.popLast() {
            if next == to { return true }
            guard seen.insert(next).inserted else { continue }
            pending.append(contentsOf: next.dependsOn)
        }
        return false
    }

    private func fluxKustomization(
        _ layer: Layer,
        cluster: String,
        dependsOn: [Layer],
        expressions: [YAMLNode]
    ) -> YAMLNode {
        let timing = spec.flux.timing(of: layer.rawValue)
        var specNode: YAMLNode = [:]
        if !dependsOn.isEmpty {
            specNode.set("dependsOn", .sequence(dependsOn.map { ["name": "\($0.kustomizationName)"] }))
        }
        specNode.set("interval", .string(spec.flux.interval))
        specNode.set("retryInterval", .string(timing.retryInterval))
        specNode.set("timeout", .string(timing.timeout))
        specNode.set("path", .string("./\(layer.directory(cluster: cluster))"))
        // CRDs are never pruned: deleting one deletes every object of its kind.
        specNode.set("prune", .bool(layer != .crds))
        specNode.set("wait", .bool(true))
        specNode.set("sourceRef", ["kind": "GitRepository", "name": "flux-system"])
        if !expressions.isEmpty { specNode.set("healthCheckExprs", .sequence(expressions)) }
        return [
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
            "kind": "Kustomization",
            "metadata": ["name": "\(layer.kustomizationName)", "namespace": "flux-system"],
            "spec": specNode,
        ]
    }
}
