import ArgumentParser
import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataKustomize
import StrataReport

/// `strata check [PATH]`: loads the repository as Flux would, runs the rule catalogue and reports.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a repository as Flux would and report every cross-resource mistake, with file:line:column",
        discussion: """
            Reporters: text (default), json, sarif, junit, github, markdown. Repeat -o to write several in one \
            run; FORMAT=FILE writes to a file, and at most one format may go to standard output.

            Suppress a finding with a comment on the line above it (# strata:disable-next-line RULE -- reason), \
            an annotation on the object (ignore.strata.dev/<domain>.<name>: "reason"), or a baseline file.

            Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on; 2 usage error, \
            malformed input (YAML that does not parse, an invalid strata.yaml) or a file that cannot be read or \
            written.

            Examples:
              strata check .                                 Report as text.
              strata check . -o sarif=out.sarif -o text      SARIF file and text.
              strata check . --write-baseline baseline.json  Accept today's findings ...
              strata check . --baseline baseline.json        ... and report only new ones.
            """
    )

    @OptionGroup var repository: RepositoryOptions

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "A report format, optionally written to a file (repeatable): text, json, sarif, junit, github, markdown.",
            valueName: "FORMAT[=FILE]"
        )
    )
    var outputs: [String] = []

    @Option(help: "The lowest severity that makes the command exit 1: note, warning or error.")
    var failOn: Severity = .error

    @Option(help: "Leave out the findings recorded in this baseline file.")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Record the findings in this baseline file and exit 0.")
    var writeBaseline: String?

    @Option(help: "A directory of Helm charts (CHART/values.yaml and values.schema.json) to check values against.")
    var charts: String?

    @Option(
        name: .customLong("crds"),
        help: ArgumentHelp(
            "A file or directory of CustomResourceDefinitions to validate objects against (repeatable).",
            valueName: "PATH"
        )
    )
    var crds: [String] = []

    @Option(
        name: .customLong("schema-location"),
        help: ArgumentHelp(
            "A directory of JSON schemas in kubeconform's template syntax, e.g. 'schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json' (repeatable).",
            valueName: "TEMPLATE"
        )
    )
    var schemaLocations: [String] = []

    @Option(help: "Colour in text output: auto (only on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorMode = .auto

    @Flag(help: "Run the rules one at a time (for debugging; the output is identical).")
    var sequential = false

    func validate() throws {
        var toStandardOutput = 0
        for output in outputs {
            let (format, file) = Self.split(output)
            guard ReportFormat(rawValue: format) != nil else {
                throw ValidationError(
                    "unknown output format '\(format)'; use one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if file == nil { toStandardOutput += 1 }
            if file?.isEmpty == true { throw ValidationError("-o \(output): the file name is empty") }
        }
        if toStandardOutput > 1 {
            throw ValidationError("only one -o format can go to standard output; give the others a file (FORMAT=FILE)")
        }
    }

    /// A path or template made absolute against a directory unless it already is.
    static func resolve(_ path: String, under directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    static func split(_ output: String) -> (String, String?) {
        guard let eq = output.firstIndex(of: "=") else { return (output, nil) }
        return (String(output[..<eq]), String(output[output.index(after: eq)...]))
    }

    mutating func run() throws {
        let root = try repository.resolvedRoot()
        let configurationFindings = DiagnosticCollector()
        var configuration = Configuration.load(
            root: root,
            knownRuleIDs: Analyzer.knownIDs,
            into: configurationFindings
        )
        if let charts {
            configuration.charts = LoadContext.normalize(charts)
        } else if let charts = configuration.charts, !charts.hasPrefix("/") {
            configuration.charts = root + "/" + charts
        }
        let loaded = try repository.load(configuration: configuration)
        var accepted: Baseline?
        if let baseline {
            do {
                accepted = try Baseline.read(path: baseline)
            } catch {
                throw CLIError.failed(error)
            }
        }
        let schemaFindings = DiagnosticCollector()
        let schemas = SchemaCheck(
            crdPaths: crds.map(LoadContext.normalize) + configuration.crds.map { Self.resolve($0, under: root) },
            schemaLocations: schemaLocations.map { Self.resolve($0, under: FileManager.default.currentDirectoryPath) }
                + configuration.schemaLocations.map { Self.resolve($0, under: root) }
        )
        do {
            try schemas.run(loaded, into: schemaFindings)
        } catch {
            throw CLIError.failed(error)
        }
        let analyzer = Analyzer(sequential: sequential)
        let result = analyzer.analyze(
            loaded,
            configuration: configuration,
            extra: configurationFindings.diagnostics + schemaFindings.diagnostics,
            baseline: accepted
        )
        if let writeBaseline {
            try write(Baseline(diagnostics: result.unbaselined).encoded(), to: writeBaseline)
            FileHandle.standardError.write(
                Data("recorded \(result.unbaselined.count) findings in '\(writeBaseline)'\n".utf8)
            )
            return
        }
        var counts = loaded.counts
        counts["rules"] = analyzer.rules.count
        let report = Report(
            diagnostics: result.diagnostics,
            counts: counts,
            rules: Self.metadata,
            suppressed: result.suppressed
        )
        let requested = outputs.isEmpty ? ["text"] : outputs
        let lines = SourceLines(root: loaded.root)
        for output in requested {
            let (name, file) = Self.split(output)
            guard let format = ReportFormat(rawValue: name) else { continue }
            let colored =
                format == .text
                && color.usesColor(
                    isTTY: file == nil && isatty(STDOUT_FILENO) != 0,
                    environment: ProcessInfo.processInfo.environment
                )
            let text = format.render(
                report,
                toolVersion: StrataCommand.configuration.version,
                color: colored,
                sourceLine: { lines.line(at: $0) }
            )
            if let file {
                try write(text, to: file)
            } else {
                writeOutput(text)
            }
        }
        let all = loaded.diagnostics + configurationFindings.diagnostics
        if all.contains(where: { Self.malformedInput.contains($0.id) }) { throw ExitCode(2) }
        if report.diagnostics.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }

    /// Findings that mean the input itself is malformed: the run exits 2 whatever the suppressions say.
    static let malformedInput: Set<String> = [
        "yaml/syntax", "yaml/alias-expansion", "config/invalid", "config/unknown-key", "config/unknown-rule",
    ]

    /// The catalogue as the reporters describe it: every rule, then the loader's own findings.
    static var metadata: [RuleMetadata] {
        RuleRegistry.descriptions.map {
            RuleMetadata(
                id: $0.id,
                name: $0.name,
                summary: $0.summary,
                rationale: $0.rationale,
                remediation: $0.remediation,
                severity: $0.severity
            )
        }
            + PipelineDiagnostics.all.map {
                RuleMetadata(id: $0.id, name: $0.id, summary: $0.summary, severity: .error)
            }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError.failed(.unwritableOutput(path, reason: error.localizedDescription))
        }
    }
}

extension Severity: ExpressibleByArgument {}

extension ColorMode: ExpressibleByArgument {}

extension Repository {
    /// The counts that summarise a load.
    var counts: [String: Int] {
        [
            "clusters": clusters.count,
            "kustomizations": clusters.reduce(0) { $0 + $1.kustomizations.count },
            "helmReleases": clusters.reduce(0) { $0 + $1.helmReleases.count },
            "objects": clusters.reduce(0) { $0 + $1.objects.count },
        ]
    }
}

/// Reads source lines for excerpts, each file once.
final class SourceLines {
    private let root: String
    private var files: [String: [Substring]] = [:]

    init(root: String) { self.root = root }

    func line(at location: SourceLocation) -> String? {
        if files[location.path] == nil {
            let text = (try? String(contentsOfFile: root + "/" + location.path, encoding: .utf8)) ?? ""
            files[location.path] = text.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = files[location.path], location.line >= 1, location.line <= lines.count else { return nil }
        return String(lines[location.line - 1].trimmingCharacters(in: CharacterSet(charactersIn: "\r")))
    }
}
