import ArgumentParser
import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataReport

/// `strata demo`: loads the embedded two-cluster example and shows what Strata sees in it.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the embedded two-cluster example repository and show its inventory and findings",
        discussion: """
            The example has two clusters (infra and apps) sharing infrastructure layers and an app with
            per-cluster overlays, and a few deliberate mistakes. Use --write DIR to get its files and try the
            other commands on them: strata check DIR, strata explain RULE.
            """
    )

    @Option(help: "Write the example repository to this directory (which must not exist) instead of a temporary one.")
    var write: String?

    mutating func run() throws {
        let fileManager = FileManager.default
        let directory: String
        var temporary = false
        if let write {
            guard !fileManager.fileExists(atPath: write) else {
                throw CLIError.failed(.invalidArgument("'\(write)' already exists; give a new directory to --write"))
            }
            directory = write
        } else {
            directory = fileManager.temporaryDirectory.appendingPathComponent("strata-demo-\(UUID().uuidString)").path
            temporary = true
        }
        defer { if temporary { try? fileManager.removeItem(atPath: directory) } }
        do {
            for file in DemoRepository.files {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.content.utf8).write(to: url)
            }
        } catch {
            throw CLIError.failed(.unwritableOutput(directory, reason: "\(error.localizedDescription)"))
        }
        let repository = RepositoryLoader(root: directory).load()
        var out = "Example repository: \(DemoRepository.files.count) files"
        out += temporary ? "\n\n" : " written to \(directory)\n\n"
        out += "Kustomizations (strata get ks):\n"
        var rows: [[String]] = []
        for cluster in repository.clusters {
            for ks in cluster.kustomizations {
                rows.append([
                    cluster.name, ks.key.description, ks.path, ks.status.rawValue, String(ks.objectCount),
                    ks.dependsOn.map(\.key.name).joined(separator: ","),
                ])
            }
        }
        out += renderTable(["CLUSTER", "KUSTOMIZATION", "PATH", "STATUS", "OBJECTS", "DEPENDS ON"], rows)
        out += "\nHelmReleases (strata get hr):\n"
        var releases: [[String]] = []
        for cluster in repository.clusters {
            for hr in cluster.helmReleases {
                releases.append([
                    cluster.name, hr.key.description, hr.chart, hr.version ?? "",
                    hr.source.map { "\($0.kind)/\($0.name)" } ?? "",
                ])
            }
        }
        out += renderTable(["CLUSTER", "HELMRELEASE", "CHART", "VERSION", "SOURCE"], releases)
        out += "\nFindings (strata check: the loader and the rule catalogue):\n"
        let result = Analyzer().analyze(repository, configuration: Configuration())
        let report = Report(
            diagnostics: result.diagnostics,
            counts: repository.counts,
            rules: Check.metadata,
            suppressed: result.suppressed
        )
        let lines = SourceLines(root: repository.root)
        out += TextReporter.render(report) { lines.line(at: $0) }
        writeOutput(out)
    }
}
