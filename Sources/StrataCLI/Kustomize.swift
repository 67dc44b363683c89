import ArgumentParser
import Foundation
import StrataCore
import StrataKustomize
import StrataYAML

/// `strata kustomize DIR`: one directory's build, like `kubectl kustomize --load-restrictor LoadRestrictionsNone`.
struct Kustomize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build one kustomize directory and print the YAML stream",
        discussion: """
            Prints what `kubectl kustomize --load-restrictor LoadRestrictionsNone DIR` prints, built in-process:
            paths may go anywhere inside the repository (Flux's rule) but never outside it. Remote resources and
            helmCharts are reported, never fetched. Problems go to standard error as file:line:column lines.
            """
    )

    @Argument(help: "The kustomize directory to build.")
    var directory: String

    @Option(help: "The directory no path may leave (default: the enclosing git repository, or the directory itself).")
    var root: String?

    mutating func run() throws {
        let directory = LoadContext.normalize(self.directory)
        guard FileManager.default.fileExists(atPath: directory) else {
            throw CLIError.failed(StrataError.unreadablePath(self.directory, reason: "no such directory"))
        }
        let root = LoadContext.normalize(self.root ?? RepositoryRoot.find(from: directory))
        let sink = DiagnosticCollector()
        let context = LoadContext(root: root, repositoryRoot: root)
        let resources = KustomizeBuilder(context: context, sink: sink).build(directory: directory)
        let ordered = LegacyOrder.sorted(resources)
        FileHandle.standardOutput.write(Data(YAMLWriter.writeStream(ordered.map(\.node)).utf8))
        let diagnostics = sink.diagnostics
        TextDiagnostics.print(diagnostics, to: .standardError)
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
