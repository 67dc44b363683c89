import Foundation
import StrataCore
import StrataKustomize
import StrataYAML
import Synchronization

/// How to load a repository.
public struct LoadOptions: Sendable {
    /// Clusters given explicitly (`--cluster NAME=PATH`, paths relative to the repository); discovery is
    /// skipped when any are given.
    public var clusters: [(name: String, path: String)]
    /// Local directories for sources the repository references (`Kind/namespace/name` → repository-relative
    /// path), like `flux build --local-sources`.
    public var sources: [FluxObjectKey: String]

    /// Creates options.
    public init(clusters: [(name: String, path: String)] = [], sources: [FluxObjectKey: String] = [:]) {
        self.clusters = clusters
        self.sources = sources
    }
}

/// Loads a repository the way Flux would, cluster by cluster (kustomize-controller, helm-controller and source-controller semantics).
///
/// From each cluster's root Kustomization it builds `spec.path` in its source (generated kustomization,
/// Flux's overlay, load rule), substitutes `postBuild` variables, applies `commonMetadata`, records every
/// object with the chain of Kustomizations that applied it, and follows the Kustomization objects it finds.
/// HelmReleases get their chart source and merged values. Every problem becomes a diagnostic.
public struct RepositoryLoader: Sendable {
    /// The absolute repository root.
    public let root: String
    /// The options.
    public let options: LoadOptions
    /// The parsed files, file-system answers and nested builds the load fills.
    public let cache: FileCache

    /// Creates a loader for the repository at `root`.
    ///
    /// A caller that keeps `cache` after the load keeps the parsed files with it; the command line does, so
    /// freeing them does not delay its exit.
    public init(root: String, options: LoadOptions = LoadOptions(), cache: FileCache = FileCache()) {
        self.root = LoadContext.normalize(root)
        self.options = options
        self.cache = cache
    }

    /// Loads every cluster.
    public func load() -> Repository {
        let sink = DiagnosticCollector()
        let context = LoadContext(root: root, repositoryRoot: root, cache: cache)
        var roots: [ClusterRoot]
        if options.clusters.isEmpty {
            roots = ClusterDiscovery.discover(repositoryRoot: root, context: context, sink: sink)
        } else {
            roots = options.clusters.map { cluster in
                ClusterRoot(
                    name: cluster.name,
                    directory: LoadContext.normalize(root + "/" + cluster.path),
                    kustomization: nil,
                    origin: "--cluster"
                )
            }
        }
        roots = roots.filter { cluster in
            guard context.kind(of: cluster.directory) == .directory else {
                sink.emit(
                    "flux/path-not-found",
                    .error,
                    "cluster '\(cluster.name)' path '\(context.relative(cluster.directory))' is not a directory",
                    at: nil
                )
                return false
            }
            return true
        }
        if roots.isEmpty {
            sink.emit(
                "flux/no-clusters",
                .warning,
                "no cluster root found (no flux-system Kustomization, FluxInstance, clusters/<name>/ directory); pass --cluster NAME=PATH",
                at: nil
            )
        }
        let results = ConcurrentMap.map(roots) { root in
            ClusterLoader(root: root, repositoryRoot: self.root, context: context, options: options, sink: sink).load()
        }
        return Repository(root: root, clusters: results, diagnostics: sink.diagnostics)
    }
}

/// Runs a function over items on all cores, keeping the input order.
enum ConcurrentMap {
    static func map<T: Sendable, U: Sendable>(_ items: [T], _ body: @Sendable (T) -> U) -> [U] {
        guard items.count > 1 else { return items.map(body) }
        let results = ResultBox<U>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            results.set(i, body(items[i]))
        }
        return results.values()
    }
}

final class ResultBox<U: Sendable>: Sendable {
    private let storage: Mutex<[U?]>

    init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: U) { storage.withLock { $0[index] = value } }

    func values() -> [U] { storage.withLock { $0.compactMap { $0 } } }
}
