import Foundation
import StrataCore
import StrataYAML

/// Reads the key/value pairs of a generator entry (`envs`, `literals`, `files`), following kustomize's
/// rules, with the location each value came from.
struct KeyValueSources {
    /// One key and its value.
    struct Pair {
        var key: String
        var value: [UInt8]
        var location: SourceLocation?
    }

    let directory: String
    let context: LoadContext
    let kind: String
    let name: String

    /// All pairs of an entry in kustomize's order: env files, then literals, then files; `nil` after
    /// reporting when a source is unusable or a key repeats.
    func pairs(of entry: YAMLNode, sink: some DiagnosticSink) -> [Pair]? {
        var result: [Pair] = []
        var ok = true
        // `env` is the deprecated single-file form; kustomize reads it before `envs`.
        for node in strings(entry["env"]) + strings(entry["envs"]) {
            guard let more = envFile(node, sink: sink) else {
                ok = false
                continue
            }
            result += more
        }
        for node in strings(entry["literals"]) {
            guard let pair = literal(node, sink: sink) else {
                ok = false
                continue
            }
            result.append(pair)
        }
        for node in strings(entry["files"]) {
            guard let pair = file(node, sink: sink) else {
                ok = false
                continue
            }
            result.append(pair)
        }
        guard ok else { return nil }
        var seen: [String: SourceLocation?] = [:]
        for pair in result {
            if let first = seen[pair.key] {
                sink.emit(
                    "kustomize/generator-duplicate-key",
                    .error,
                    "\(kind.lowercased()) '\(name)' repeats the key '\(pair.key)'",
                    at: pair.location,
                    notes: [Diagnostic.Note("first defined here", at: first)]
                )
                return nil
            }
            seen[pair.key] = pair.location
        }
        return result
    }

    private func strings(_ node: YAMLNode?) -> [YAMLNode] {
        guard let node, !node.isNull else { return [] }
        if node.scalar != nil { return [node] }
        return node.items ?? []
    }

    /// `key=value`; the value loses one pair of matching surrounding quotes.
    private func literal(_ node: YAMLNode, sink: some DiagnosticSink) -> Pair? {
        let source = node.scalar?.text ?? ""
        guard let equals = source.firstIndex(of: "="), equals != source.startIndex else {
            sink.emit(
                "kustomize/invalid-literal",
                .error,
                "invalid literal source '\(source)', expected key=value",
                at: node.location
            )
            return nil
        }
        let key = String(source[..<equals])
        var value = String(source[source.index(after: equals)...])
        if let first = value.first, let last = value.last, value.count >= 2, first == last,
            first == "\"" || first == "'"
        {
            value = String(value.dropFirst().dropLast())
        } else if value == "\"" || value == "'" {
            value = ""
        }
        return Pair(key: key, value: Array(value.utf8), location: node.location)
    }

    /// `path` (the key is the file's base name) or `key=path`.
    private func file(_ node: YAMLNode, sink: some DiagnosticSink) -> Pair? {
        let source = node.scalar?.text ?? ""
        var key: String
        var path: String
        if let equals = source.firstIndex(of: "=") {
            key = String(source[..<equals])
            path = String(source[source.index(after: equals)...])
            let problem: String? =
                if key.isEmpty {
                    "missing key name for file path '\(path)' in source '\(source)'"
                } else if path.contains("=") {
                    "source '\(source)' key name or file path contains '='"
                } else if path.isEmpty {
                    "missing file path for key name '\(key)' in source '\(source)'"
                } else {
                    nil
                }
            if let problem {
                sink.emit("kustomize/invalid-file-source", .error, problem, at: node.location)
                return nil
            }
        } else {
            path = source
            key = source.split(separator: "/").last.map(String.init) ?? source
        }
        guard let (bytes, _) = read(path, at: node.location, sink: sink) else { return nil }
        return Pair(key: key, value: bytes, location: node.location)
    }

    /// An env file: `KEY=value` lines; blank lines and lines starting with `#` (after leading white
    /// space) are skipped, a line without `=` gives an empty value, and nothing else is interpreted
    /// (no quote stripping, no `export`).
    private func envFile(_ node: YAMLNode, sink: some DiagnosticSink) -> [Pair]? {
        let path = node.scalar?.text ?? ""
        guard let (bytes, absolute) = read(path, at: node.location, sink: sink) else { return nil }
        let fileName = context.relative(absolute)
        var pairs: [Pair] = []
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") { lines.removeLast() }
        for (number, rawLine) in lines.enumerated() {
            var line = Array(rawLine)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let location = SourceLocation(path: fileName, line: number + 1, column: 1)
            guard var text = String(validating: line, as: UTF8.self) else {
                sink.emit("kustomize/invalid-env-file", .error, "line \(number + 1) has invalid UTF-8", at: location)
                return nil
            }
            if number == 0, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let trimmed = text.drop { $0.isWhitespace }
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            if let equals = trimmed.firstIndex(of: "=") {
                let value = String(trimmed[trimmed.index(after: equals)...])
                pairs.append(Pair(key: String(trimmed[..<equals]), value: Array(value.utf8), location: location))
            } else {
                pairs.append(Pair(key: String(trimmed), value: [], location: location))
            }
        }
        return pairs
    }

    /// Reads a file named relative to the kustomization directory, inside the build's root.
    private func read(_ path: String, at location: SourceLocation?, sink: some DiagnosticSink) -> ([UInt8], String)? {
        let absolute: String
        switch context.resolve(path, relativeTo: directory) {
        case .failure(let error):
            sink.emit("kustomize/generator-source-unreadable", .error, error.description, at: location)
            return nil
        case .success(let resolved):
            absolute = resolved
        }
        guard context.kind(of: absolute) == .file else {
            sink.emit(
                "kustomize/generator-source-unreadable",
                .error,
                LoadError.notFound(context.relative(absolute)).description,
                at: location
            )
            return nil
        }
        guard let data = FileManager.default.contents(atPath: absolute) else {
            sink.emit(
                "kustomize/generator-source-unreadable",
                .error,
                LoadError.unreadable(context.relative(absolute), reason: "permission denied").description,
                at: location
            )
            return nil
        }
        guard data.count <= LoadContext.maximumFileSize else {
            let reason = "file is \(data.count) bytes, above the \(LoadContext.maximumFileSize)-byte limit"
            sink.emit(
                "kustomize/generator-source-unreadable",
                .error,
                LoadError.unreadable(context.relative(absolute), reason: reason).description,
                at: location
            )
            return nil
        }
        return ([UInt8](data), absolute)
    }
}
