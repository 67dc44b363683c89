import ArgumentParser
import StrataAnalyze
import StrataCore

/// `strata rules`: the rule catalogue.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rule catalogue",
        discussion: """
            Examples:
              strata rules                       One line per rule: id, severity, summary.
              strata rules -o markdown           The catalogue as docs/rules.md holds it.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Option(name: .shortAndLong, help: "The output format.") var output: Format = .text

    func run() throws {
        let rules = RuleRegistry.descriptions
        switch output {
        case .markdown:
            writeOutput(RuleDocumentation.markdown(rules))
        case .json:
            struct Entry: Encodable {
                var id, name, summary, severity, rationale, remediation: String
                var enabledByDefault: Bool
            }
            writeOutput(
                encodeJSON(
                    rules.map {
                        Entry(
                            id: $0.id,
                            name: $0.name,
                            summary: $0.summary,
                            severity: $0.severity.rawValue,
                            rationale: $0.rationale,
                            remediation: $0.remediation,
                            enabledByDefault: $0.isEnabledByDefault
                        )
                    }
                )
            )
        case .text:
            writeOutput(
                renderTable(
                    ["RULE", "SEVERITY", "SUMMARY"],
                    rules.map { [$0.id, $0.severity.rawValue + ($0.isEnabledByDefault ? "" : " (off)"), $0.summary] }
                )
            )
        }
    }
}

/// `strata explain RULE`: one rule's documentation and examples.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain one rule: why it exists, how to fix what it finds, and its examples",
        discussion: """
            Example:
              strata explain flux/dependency-not-found
            """
    )

    @Argument(help: "The rule id, such as flux/dependency-not-found.") var rule: String

    func run() throws {
        if let found = RuleRegistry.rule(id: rule) {
            writeOutput(RuleDocumentation.section(found.description))
            return
        }
        if let pipeline = PipelineDiagnostics.all.first(where: { $0.id == rule }) {
            writeOutput(
                "# \(pipeline.id)\n\n\(pipeline.summary).\n\nReported by the loader while reading the repository.\n"
            )
            return
        }
        let known = RuleRegistry.all.map { $0.description.id } + PipelineDiagnostics.all.map(\.id)
        throw CLIError.failed(.notFound("no rule '\(rule)'\(DidYouMean.hint(for: rule, among: known))"))
    }
}
