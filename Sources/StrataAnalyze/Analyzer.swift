import Dispatch
public import StrataCore
public import StrataFlux

/// What a check found, after configuration, suppressions and the baseline.
public struct AnalysisResult: Sendable {
    /// The findings, in report order.
    public var diagnostics: [Diagnostic]
    /// How many findings suppressions and the baseline silenced.
    public var suppressed: Int
    /// The findings before the baseline was applied (what `--write-baseline` records).
    public var unbaselined: [Diagnostic]
}

/// Runs the rules over a loaded repository and applies configuration and suppressions.
///
/// Stages: the loader's diagnostics and every enabled rule's findings are gathered (rules run in
/// parallel, each a pure function of the context); severities and switches from `strata.yaml` are applied;
/// annotation and comment suppressions remove what the repository silences; the baseline removes what the
/// team accepted. The result is sorted, so output does not depend on scheduling.
public struct Analyzer: Sendable {
    /// The rules to run.
    public var rules: [any Rule.Type]
    /// Run rules one at a time (for debugging and the determinism test).
    public var sequential: Bool

    /// Creates an analyzer.
    public init(rules: [any Rule.Type] = RuleRegistry.all, sequential: Bool = false) {
        self.rules = rules
        self.sequential = sequential
    }

    /// Analyses a repository.
    ///
    /// - Parameters:
    ///   - repository: The loaded repository, whose loader diagnostics are part of the result.
    ///   - configuration: `strata.yaml`, already loaded (its own findings are passed in `extra`).
    ///   - extra: Findings from earlier stages (configuration, schema validation) to report alongside.
    ///   - baseline: Accepted findings to leave out.
    /// - Returns: The findings to report and how many were silenced.
    public func analyze(
        _ repository: Repository,
        configuration: Configuration,
        extra: [Diagnostic] = [],
        baseline: Baseline? = nil
    ) -> AnalysisResult {
        let files = RepositoryFiles(root: repository.root)
        let context = AnalysisContext(repository: repository, configuration: configuration, files: files)
        let collector = DiagnosticCollector()
        let enabled = rules.filter { configuration.setting(for: $0.description).enabled }
        let run: @Sendable (Int) -> Void = { index in
            let rule = enabled[index]
            let description = rule.description
            let setting = configuration.setting(for: description)
            let sink = RuleSink(id: description.id, severity: setting.severity ?? description.severity, base: collector)
            rule.init().check(context, into: sink)
        }
        if sequential {
            for index in enabled.indices { run(index) }
        } else {
            DispatchQueue.concurrentPerform(iterations: enabled.count, execute: run)
        }
        var all = collector.diagnostics
        for diagnostic in repository.diagnostics + extra {
            guard let setting = configuration.rules[diagnostic.id] else {
                all.append(diagnostic)
                continue
            }
            guard setting.enabled else { continue }
            var adjusted = diagnostic
            if let severity = setting.severity { adjusted.severity = severity }
            all.append(adjusted)
        }
        let suppressionFindings = DiagnosticCollector()
        let suppressions = Suppressions(repository: repository, files: files, into: suppressionFindings)
        var kept: [Diagnostic] = []
        var suppressed = 0
        for diagnostic in all {
            if suppressions.silences(diagnostic) {
                suppressed += 1
            } else {
                kept.append(diagnostic)
            }
        }
        kept += suppressionFindings.diagnostics
        var seen = Set<Diagnostic>()
        kept = kept.sorted(by: Diagnostic.reportOrder).filter { seen.insert($0).inserted }
        guard let baseline else { return AnalysisResult(diagnostics: kept, suppressed: suppressed, unbaselined: kept) }
        let (remaining, absorbed) = baseline.filter(kept)
        return AnalysisResult(diagnostics: remaining, suppressed: suppressed + absorbed, unbaselined: kept)
    }

    /// Every id a configuration may name: the rules' and the pipeline's.
    public static var knownIDs: Set<String> {
        Set(RuleRegistry.all.map { $0.description.id }).union(PipelineDiagnostics.all.map(\.id))
    }
}
