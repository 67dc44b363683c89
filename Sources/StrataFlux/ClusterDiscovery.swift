import StrataCore
import StrataKustomize
public import StrataYAML

/// Where a cluster starts: the directory its root Kustomization builds, and that Kustomization if the
/// repository holds it (a `gotk-sync.yaml`, a FluxInstance's sync, the flux-instance chart's values).
public struct ClusterRoot: Sendable {
    /// The cluster's name.
    public var name: String
    /// The absolute directory the root Kustomization builds.
    public var directory: String
    /// The root Flux Kustomization object, when the repository defines one.
    public var kustomization: YAMLNode?
    /// How the root was found, for messages.
    public var origin: String

    /// Creates a root.
    public init(name: String, directory: String, kustomization: YAMLNode?, origin: String) {
        self.name = name
        self.directory = directory
        self.kustomization = kustomization
        self.origin = origin
    }
}

/// Finds the clusters of a repository in the layouts real repositories use (flux bootstrap's `gotk-sync.yaml`, FluxInstance, the flux-instance chart, `clusters/<name>/`).
enum ClusterDiscovery {
    /// Path components that do not name a cluster.
    static let genericNames: Set<String> = ["flux", "flux-system", "clusters", "kubernetes", "k8s", "deploy", "."]

    static func discover(repositoryRoot: String, context: LoadContext, sink: some DiagnosticSink) -> [ClusterRoot] {
        var roots: [ClusterRoot] = []
        let files = RepositoryScanner.yamlFiles(in: repositoryRoot, context: context)
        // Reading and parsing is the costly part: do it for every file on every core, so the builds, which
        // keep fewer cores busy, find the files in the cache. Only files that can hold a root are looked at
        // here: a flux-system Kustomization, a FluxInstance, or the flux-instance chart.
        let parsed = ConcurrentMap.map(files) { file -> [YAMLDocument] in
            guard case .success(let text) = context.readText(file),
                !RepositoryScanner.isTemplate(path: file, text: text)
            else { return [] }
            let isCandidate =
                ByteSearch.contains(text, "flux-system") || ByteSearch.contains(text, "FluxInstance")
                || ByteSearch.contains(text, "flux-instance")
            guard case .success(let loaded) = context.loadYAML(file, text: text), isCandidate else { return [] }
            return loaded.documents
        }
        for (file, documents) in zip(files, parsed) {
            for document in documents {
                let node = document.root
                let apiVersion = node["apiVersion"]?.string ?? ""
                let kind = node["kind"]?.string ?? ""
                if kind == "Kustomization", apiVersion.hasPrefix("kustomize.toolkit.fluxcd.io/"),
                    node[path: ["metadata", "name"]]?.string == "flux-system",
                    let path = node[path: ["spec", "path"]]?.string
                {
                    let sourceName = node[path: ["spec", "sourceRef", "name"]]?.string
                    guard sourceName == nil || sourceName == "flux-system" else { continue }
                    let directory = LoadContext.normalize(repositoryRoot + "/" + path)
                    guard context.isInsideRoot(directory), context.kind(of: directory) == .directory else { continue }
                    roots.append(
                        ClusterRoot(
                            name: clusterName(for: directory, repositoryRoot: repositoryRoot),
                            directory: directory,
                            kustomization: node,
                            origin: context.relative(file)
                        )
                    )
                } else if kind == "FluxInstance", let path = node[path: ["spec", "sync", "path"]]?.string {
                    addSyncPath(
                        path,
                        node: node,
                        file: file,
                        into: &roots,
                        repositoryRoot: repositoryRoot,
                        context: context
                    )
                } else if kind == "HelmRelease", isFluxInstanceChart(node),
                    let path = node[path: ["spec", "values", "instance", "sync", "path"]]?.string
                {
                    addSyncPath(
                        path,
                        node: node,
                        file: file,
                        into: &roots,
                        repositoryRoot: repositoryRoot,
                        context: context
                    )
                }
            }
        }
        if roots.isEmpty {
            roots = conventionalRoots(repositoryRoot: repositoryRoot, context: context)
        }
        return deduplicated(roots)
    }

    private static func addSyncPath(
        _ path: String,
        node: YAMLNode,
        file: String,
        into roots: inout [ClusterRoot],
        repositoryRoot: String,
        context: LoadContext
    ) {
        guard !path.contains("${") else { return }
        let directory = LoadContext.normalize(repositoryRoot + "/" + path)
        guard context.isInsideRoot(directory), context.kind(of: directory) == .directory else { return }
        roots.append(
            ClusterRoot(
                name: clusterName(for: directory, repositoryRoot: repositoryRoot),
                directory: directory,
                kustomization: nil,
                origin: context.relative(file)
            )
        )
    }

    private static func isFluxInstanceChart(_ node: YAMLNode) -> Bool {
        if node[path: ["spec", "chart", "spec", "chart"]]?.string == "flux-instance" { return true }
        if let name = node[path: ["spec", "chartRef", "name"]]?.string, name.contains("flux-instance") { return true }
        return node[path: ["metadata", "name"]]?.string == "flux-instance"
    }

    /// `clusters/<name>/` and `kubernetes/clusters/<name>/`, or `kubernetes/flux/cluster/`, when nothing declares a root.
    private static func conventionalRoots(repositoryRoot: String, context: LoadContext) -> [ClusterRoot] {
        var roots: [ClusterRoot] = []
        for parent in ["clusters", "kubernetes/clusters"] {
            let directory = repositoryRoot + "/" + parent
            guard context.kind(of: directory) == .directory else { continue }
            for name in context.entries(of: directory) where !name.hasPrefix(".") {
                let path = directory + "/" + name
                if context.kind(of: path) == .directory {
                    roots.append(ClusterRoot(name: name, directory: path, kustomization: nil, origin: parent))
                }
            }
        }
        let single = repositoryRoot + "/kubernetes/flux/cluster"
        if roots.isEmpty, context.kind(of: single) == .directory {
            roots.append(
                ClusterRoot(name: "cluster", directory: single, kustomization: nil, origin: "kubernetes/flux/cluster")
            )
        }
        return roots
    }

    /// A cluster's name: the last component of its directory that is not a generic word.
    static func clusterName(for directory: String, repositoryRoot: String) -> String {
        let relative = directory.dropFirst(repositoryRoot.count).split(separator: "/").map(String.init)
        for component in relative.reversed() where !genericNames.contains(component) {
            return component
        }
        return "cluster"
    }

    /// One root per directory (a gotk-sync root wins over others), names made unique.
    private static func deduplicated(_ roots: [ClusterRoot]) -> [ClusterRoot] {
        var byDirectory: [String: ClusterRoot] = [:]
        for root in roots {
            if let existing = byDirectory[root.directory], existing.kustomization != nil { continue }
            byDirectory[root.directory] = root
        }
        var result = byDirectory.values.sorted { $0.directory < $1.directory }
        var counts: [String: Int] = [:]
        for root in result { counts[root.name, default: 0] += 1 }
        for i in result.indices where (counts[result[i].name] ?? 0) > 1 {
            result[i].name = result[i].directory.split(separator: "/").suffix(2).joined(separator: "-")
        }
        return result.sorted { $0.name < $1.name }
    }
}
