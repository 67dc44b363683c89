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

    /// Runs what `strata check` runs: discovery, loading, `strata.yaml`, every registered rule.
    static func check(_ directory: String) -> [Diagnostic] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let loaded = RepositoryLoader(root: root).load()
        let collector = DiagnosticCollector()
        let configuration = Configuration.load(root: root, knownRuleIDs: Analyzer.knownIDs, into: collector)
        return Analyzer().analyze(loaded, configuration: configuration, extra: collector.diagnostics).diagnostics
    }

    /// The findings a correct repository may still have: notes that a source is outside the repository.
    static func isAllowedOnCorrect(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.severity == .note && diagnostic.id == "flux/external-source"
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
