import ArgumentParser
import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataKustomize

/// Options shared by the commands that load a whole repository.
struct RepositoryOptions: ParsableArguments {
    @Argument(help: "The repository to load (default: the current directory).")
    var path: String = "."

    @Option(
        name: .customLong("cluster"),
        help: ArgumentHelp(
            "A cluster: NAME=PATH declares its root directory (repeatable; turns discovery off); NAME alone selects it.",
            valueName: "NAME[=PATH]"
        )
    )
    var clusters: [String] = []

    @Option(
        name: .customLong("source"),
        help: ArgumentHelp(
            "A local directory for a Flux source, like flux build's --local-sources (repeatable).",
            valueName: "KIND/NAMESPACE/NAME=PATH"
        )
    )
    var sources: [String] = []

    func validate() throws {
        for source in sources {
            guard parseSource(source) != nil else {
                throw ValidationError("--source '\(source)' is not KIND/NAMESPACE/NAME=PATH")
            }
        }
        for cluster in clusters where cluster.hasPrefix("=") || cluster.isEmpty {
            throw ValidationError("--cluster '\(cluster)' has no name")
        }
    }

    /// The cluster names selected without a path.
    var selectedClusters: Set<String> {
        Set(clusters.filter { !$0.contains("=") })
    }

    private func parseSource(_ text: String) -> (FluxObjectKey, String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let parts = text[..<eq].split(separator: "/").map(String.init)
        let path = String(text[text.index(after: eq)...])
        guard parts.count == 3, !path.isEmpty else { return nil }
        return (FluxObjectKey(kind: parts[0], namespace: parts[1], name: parts[2]), path)
    }

    /// The absolute repository root, or throws when it is not a directory.
    func resolvedRoot() throws -> String {
        let root = LoadContext.normalize(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError.failed(.unreadablePath(path, reason: "no such directory"))
        }
        return root
    }

    /// Loads the repository, or throws when the path cannot be read.
    ///
    /// Clusters and sources given on the command line win over those of `strata.yaml`.
    func load(configuration: Configuration = Configuration()) throws -> Repository {
        let root = try resolvedRoot()
        var explicit: [(name: String, path: String)] = clusters.compactMap { value in
            guard let eq = value.firstIndex(of: "=") else { return nil }
            return (String(value[..<eq]), String(value[value.index(after: eq)...]))
        }
        if explicit.isEmpty { explicit = configuration.clusters }
        var sourceMap: [FluxObjectKey: String] = [:]
        for (key, path) in configuration.sources {
            if let (parsed, _) = parseSource(key + "=" + path) { sourceMap[parsed] = path }
        }
        for source in sources {
            if let (key, path) = parseSource(source) { sourceMap[key] = path }
        }
        let cache = FileCache()
        ProcessLifetime.keep(cache)
        var repository = RepositoryLoader(
            root: root,
            options: LoadOptions(clusters: explicit, sources: sourceMap),
            cache: cache
        )
        .load()
        let selected = selectedClusters
        if !selected.isEmpty {
            let known = Set(repository.clusters.map(\.name))
            for name in selected.sorted() where !known.contains(name) {
                throw CLIError.failed(
                    .notFound(
                        "no cluster named '\(name)'; clusters: \(known.sorted().joined(separator: ", "))"
                    )
                )
            }
            repository.clusters = repository.clusters.filter { selected.contains($0.name) }
        }
        ProcessLifetime.keep(repository)
        return repository
    }
}

/// Output formats of the inventory commands.
enum InventoryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, yaml
}

/// Writes text to standard output.
func writeOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Encodes a value as stable, pretty JSON with sorted keys and a final newline.
func encodeJSON<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "" }
    return text + "\n"
}

/// Renders rows as an aligned table with a header.
func renderTable(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func line(_ cells: [String]) -> String {
        var out = ""
        for (i, cell) in cells.enumerated() {
            if i == cells.count - 1 {
                out += cell
            } else {
                out += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }
        }
        return out + "\n"
    }
    return line(header) + rows.map(line).joined()
}
