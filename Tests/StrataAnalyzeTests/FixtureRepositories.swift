import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux

/// The repository fixtures below `Tests/Fixtures/repos`, and how `check` is run over them.
enum FixtureRepositories {
    /// `Tests/Fixtures/repos`.
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/repos")
        .path

    /// The design document's repository, mistakes included.
    static let seed = root + "/seed-as-written"

    /// The corrected repository.
    static let correct = root + "/correct"

    /// Ids the loader reports itself today; rules describing them may not be registered yet.
    static let loaderIDs: Set<String> = [
        "flux/dependency-cycle", "flux/dependency-not-found", "flux/duplicate-object", "flux/helm-source-not-found",
        "flux/path-not-found", "flux/source-not-found", "flux/substitute-source-not-found",
        "flux/undefined-variable", "flux/values-from-not-found",
    ]

    /// Ids whose findings a check can produce now: registered rules, pipeline findings, loader findings.
    static var reportableIDs: Set<String> {
        Set(RuleRegistry.all.map { $0.description.id })
            .union(PipelineDiagnostics.all.map(\.id))
            .union(loaderIDs)
    }

    /// The upstream CRDs and Kubernetes JSON schemas beside the repository, when they are there.
    static let shared: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared").path

    /// Whether the upstream schemas are available for the schema stage.
    static var hasSharedSchemas: Bool { FileManager.default.fileExists(atPath: shared + "/crds") }

    /// Runs what `strata check --crds ../shared/crds --schema-location …` runs: discovery, loading,
    /// `strata.yaml`, the schema stage (when the upstream schemas are there), every registered rule.
    static func check(_ directory: String) -> [Diagnostic] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let loaded = RepositoryLoader(root: root).load()
        let collector = DiagnosticCollector()
        let configuration = Configuration.load(root: root, knownRuleIDs: Analyzer.knownIDs, into: collector)
        if hasSharedSchemas {
            let schemas = SchemaCheck(
                crdPaths: [shared + "/crds"],
                schemaLocations: [shared + "/schemas/kubernetes/v1.36.0/{{ .ResourceKind }}.json"]
            )
            try? schemas.run(loaded, into: collector)
        }
        return Analyzer().analyze(loaded, configuration: configuration, extra: collector.diagnostics).diagnostics
    }

    /// The findings a correct repository may still have: notes that a source is outside the repository.
    static func isAllowedOnCorrect(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.severity == .note
            && ["flux/external-source", "schema/unknown-kind", "schema/cel-not-evaluated"].contains(diagnostic.id)
    }

    /// Every directory below `directory` holding a `kustomization.yaml`.
    static func kustomizationDirectories(in directory: String) -> [String] {
        let entries = FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []
        return entries.filter { ($0 as NSString).lastPathComponent == "kustomization.yaml" }
            .map { directory + "/" + ($0 as NSString).deletingLastPathComponent }
            .sorted()
    }

    /// The clusters discovery finds in a repository.
    static func clusterNames(_ directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        return RepositoryLoader(root: root).load().clusters.map(\.name).sorted()
    }
}
