import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataGenerate
import StrataPlatform
import StrataYAML

/// Writes generated repositories to disk and runs the references over them: `kubectl kustomize`,
/// `strata check` with the upstream CRDs, Kubernetes schemas and charts, and `promtool`.
enum GenerationHarness {
    /// The upstream references beside the repository (`../shared`).
    static let shared: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared").path

    /// Whether the upstream CRDs, schemas and charts are there.
    static var hasShared: Bool { FileManager.default.fileExists(atPath: shared + "/crds") }

    /// Whether `kubectl` is installed.
    static var hasKubectl: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") }

    /// Whether `promtool` is installed.
    static var hasPromtool: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") }

    /// Writes a repository into a new temporary directory and returns its path.
    static func write(_ repository: GeneratedRepository) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-generated-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let writer = GeneratedTreeWriter(root: directory)
        try writer.apply(try writer.plan(repository), repository: repository)
        return directory
    }

    /// Every directory holding a `kustomization.yaml`, relative to `root`.
    static func kustomizationDirectories(in root: String) -> [String] {
        let entries = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return entries.filter { ($0 as NSString).lastPathComponent == "kustomization.yaml" }
            .map { ($0 as NSString).deletingLastPathComponent }
            .sorted()
    }

    /// Runs a program; returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The kustomize directories `kubectl kustomize` fails on, with its message.
    static func kustomizeFailures(in root: String) throws -> [String] {
        var failures: [String] = []
        for directory in kustomizationDirectories(in: root) {
            let result = try run("/usr/bin/kubectl", ["kustomize", root + "/" + directory])
            if result.status != 0 { failures.append("\(directory): \(result.output)") }
        }
        return failures
    }

    /// What `strata check --crds … --schema-location … --charts …` reports on a directory.
    static func check(_ directory: String) -> [Diagnostic] {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let loaded = RepositoryLoader(root: root).load()
        let collector = DiagnosticCollector()
        var configuration = Configuration.load(root: root, knownRuleIDs: Analyzer.knownIDs, into: collector)
        if hasShared {
            configuration.charts = shared + "/charts"
            let schemas = SchemaCheck(
                crdPaths: [shared + "/crds"],
                schemaLocations: [shared + "/schemas/kubernetes/v1.36.0/{{ .ResourceKind }}.json"]
            )
            try? schemas.run(loaded, into: collector)
        }
        return Analyzer().analyze(loaded, configuration: configuration, extra: collector.diagnostics).diagnostics
    }

    /// Every VMRule's and PrometheusRule's `spec` (its `groups`) in the generated YAML files, by file.
    static func ruleGroups(in repository: GeneratedRepository) -> [(path: String, groups: YAMLNode)] {
        var found: [(String, YAMLNode)] = []
        for path in repository.paths where path.hasSuffix(".yaml") {
            let documents = YAMLLoader.load(repository.files[path] ?? "", path: path, into: DiagnosticCollector())
            for document in documents {
                let kind = document.root["kind"]?.string
                guard kind == "VMRule" || kind == "PrometheusRule",
                    let groups = document.root[path: ["spec", "groups"]]
                else { continue }
                found.append((path, groups))
            }
        }
        return found
    }

    /// The groups `promtool check rules` refuses, with its message.
    static func promtoolFailures(in repository: GeneratedRepository) throws -> [String] {
        var failures: [String] = []
        for (index, entry) in ruleGroups(in: repository).enumerated() {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("strata-rules-\(index).yaml")
            let text = YAMLWriter.write(["groups": entry.groups])
            try Data(text.utf8).write(to: file)
            let result = try run("/usr/bin/promtool", ["check", "rules", file.path])
            if result.status != 0 { failures.append("\(entry.path): \(result.output)") }
        }
        return failures
    }
}
