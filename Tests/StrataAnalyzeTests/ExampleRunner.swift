import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataTestSupport

/// Loads a rule example as a repository and runs one rule over it.
enum ExampleRunner {
    /// A file with its markers removed and the places they marked.
    struct MarkedFile {
        var path: String
        var text: String
        var markers: [SourceLocation]
    }

    /// Strips `↓` markers, recording each one's line and column (Unicode scalars, 1-based).
    static func strip(_ text: String, path: String) -> MarkedFile {
        var out = String.UnicodeScalarView()
        var markers: [SourceLocation] = []
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == "↓" {
                markers.append(SourceLocation(path: path, line: line, column: column))
                continue
            }
            out.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return MarkedFile(path: path, text: String(out), markers: markers)
    }

    /// The files of an example with markers stripped.
    static func files(of example: Example) -> [MarkedFile] {
        example.files.map { strip($0.text, path: $0.path) }
    }

    /// Runs `rule` over the files and returns its findings (other rules' and the loader's are left out).
    ///
    /// Without a `clusters/` directory the files form the cluster `example` rooted at the repository root; when
    /// the example also has a `strata.yaml`, that root moves to `example/` (Flux would otherwise try to apply
    /// the configuration file) and reported paths are mapped back.
    static func run(_ rule: any Rule.Type, files: [MarkedFile]) throws -> [Diagnostic] {
        let usesDiscovery = files.contains { $0.path.hasPrefix("clusters/") }
        let hasConfiguration = files.contains { $0.path == Configuration.fileName }
        let prefix = !usesDiscovery && hasConfiguration ? "example/" : ""
        var contents: [String: String] = [:]
        for file in files { contents[file.path == Configuration.fileName ? file.path : prefix + file.path] = file.text }
        let repository = try TemporaryRepository(contents)
        let root = URL(fileURLWithPath: repository.root).resolvingSymlinksInPath().path
        let clusterRoot = prefix.isEmpty ? "." : String(prefix.dropLast())
        let options = usesDiscovery ? LoadOptions() : LoadOptions(clusters: [("example", clusterRoot)])
        let loaded = RepositoryLoader(root: root, options: options).load()
        let collector = DiagnosticCollector()
        let configuration = Configuration.load(root: root, knownRuleIDs: Analyzer.knownIDs, into: collector)
        let result = Analyzer(rules: [rule], sequential: true)
            .analyze(loaded, configuration: configuration, extra: collector.diagnostics)
        let id = rule.description.id
        return result.diagnostics.filter { $0.id == id }.map { diagnostic in
            var mapped = diagnostic
            if let location = mapped.location, !prefix.isEmpty, location.path.hasPrefix(prefix) {
                mapped.location?.path = String(location.path.dropFirst(prefix.count))
            }
            return mapped
        }
    }

    /// The places findings were reported, sorted, for comparison with markers.
    static func places(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { $0.location.map(\.description) ?? "<no location>" }.sorted()
    }

    /// The places markers expect, sorted.
    static func expected(_ files: [MarkedFile]) -> [String] {
        files.flatMap(\.markers).map(\.description).sorted()
    }
}
