import ArgumentParser
import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataPlan

/// `strata plan [PATH]`: capacity, backup coverage, failure scenarios and recovery times, from the repository
/// and the facts of `strata.yaml`.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compute capacity, backup coverage, failure scenarios and recovery times from the repository",
        discussion: """
            Ceph raw and usable space per pool with the full ratios and the headroom after losing the largest \
            host; each node's memory budget; VictoriaMetrics storage for its retention; every persistent volume \
            with the backup that protects it and the worst-case data loss; the Flux bootstrap critical path; and \
            the failure scenarios (each node, two nodes, each cluster, every cluster, the object store, Ceph \
            corruption) against the objectives in strata.yaml. Hardware, objectives, the ingest rate and the \
            restore throughput come from strata.yaml's facts.

            Formats: text (default), markdown (with Mermaid diagrams), json, html (one self-contained page with \
            SVG pictures). Exit codes: 0 the plan was computed; 2 usage error, an invalid strata.yaml or an \
            unreadable path.

            Examples:
              strata plan .                          The plan as text.
              strata plan . -o html > plan.html      One page to open in a browser.
              strata plan . -o json --cluster infra  One cluster, as JSON.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, json, html }

    @OptionGroup var repository: RepositoryOptions
    @Option(name: .shortAndLong, help: "The output format: text, markdown, json or html.") var output: Format = .text

    mutating func run() throws {
        let root = try repository.resolvedRoot()
        let findings = DiagnosticCollector()
        let configuration = Configuration.load(root: root, knownRuleIDs: Analyzer.knownIDs, into: findings)
        if findings.diagnostics.contains(where: { Check.malformedInput.contains($0.id) }) {
            TextDiagnostics.print(findings.diagnostics, to: FileHandle.standardError)
            throw ExitCode(2)
        }
        let loaded = try repository.load(configuration: configuration)
        if loaded.diagnostics.contains(where: { Check.malformedInput.contains($0.id) }) {
            TextDiagnostics.print(loaded.diagnostics, to: FileHandle.standardError)
            throw ExitCode(2)
        }
        let context = AnalysisContext(
            repository: loaded,
            configuration: configuration,
            files: RepositoryFiles(root: loaded.root)
        )
        let plan = Planner().plan(context)
        switch output {
        case .text: writeOutput(PlanText.render(plan))
        case .markdown: writeOutput(PlanMarkdown.render(plan))
        case .json: writeOutput(PlanJSON.render(plan))
        case .html: writeOutput(PlanHTML.render(plan))
        }
    }
}
