import ArgumentParser
import Foundation
import StrataCore
import StrataFlux
import StrataReport

/// `strata check [PATH]`: loads the repository and reports every problem met.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a repository as Flux would and report every problem, with file:line:column",
        discussion: """
            Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on; 2 the repository
            could not be read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var repository: RepositoryOptions
    @Option(name: .shortAndLong, help: "The output format.") var output: Format = .text
    @Option(help: "The lowest severity that makes the command exit 1.") var failOn: Severity = .error

    mutating func run() throws {
        let loaded = try repository.load()
        let report = Report(diagnostics: loaded.diagnostics, counts: loaded.counts)
        switch output {
        case .json:
            writeOutput(JSONReporter.render(report))
        case .text:
            let lines = SourceLines(root: loaded.root)
            writeOutput(TextReporter.render(report) { lines.line(at: $0) })
        }
        if report.diagnostics.contains(where: { $0.severity >= failOn }) { throw ExitCode(1) }
    }
}

extension Severity: ExpressibleByArgument {}

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
