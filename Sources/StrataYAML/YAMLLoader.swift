public import StrataCore
internal import Yams

/// One document of a YAML stream.
public struct YAMLDocument: Sendable {
    /// The document's root node; `null` for an empty document.
    public var root: YAMLNode
    /// The 0-based index of the document within its file.
    public var index: Int
    /// Whether the document is SOPS-encrypted (a top-level `sops:` mapping with its metadata).
    public var isSOPSEncrypted: Bool

    /// Creates a document.
    public init(root: YAMLNode, index: Int, isSOPSEncrypted: Bool = false) {
        self.root = root
        self.index = index
        self.isSOPSEncrypted = isSOPSEncrypted
    }
}

/// Parses YAML text into located nodes, reporting every problem as a diagnostic.
///
/// - Multi-document streams yield one ``YAMLDocument`` each; a syntax error ends the file at that point,
///   keeping the documents before it, and is reported with its position (`yaml/syntax`).
/// - Duplicate keys are kept in the tree and reported (`yaml/duplicate-key`); lookups use the last one.
/// - Aliases are expanded, and merge keys (`<<`) merged, within a budget proportional to the file's size,
///   so "billion laughs" documents are reported (`yaml/alias-expansion`) instead of exhausting memory.
/// - Custom tags are tolerated and kept on the node.
public enum YAMLLoader {
    /// Parses `text`, the content of the file at repository-relative `path`.
    public static func load(_ text: String, path: String, into sink: some DiagnosticSink) -> [YAMLDocument] {
        var documents: [YAMLDocument] = []
        let parser: Parser
        do {
            parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
        } catch {
            report(error, path: path, into: sink)
            return []
        }
        var converter = Converter(path: path, budget: max(200_000, text.utf8.count * 20), sink: sink)
        while true {
            let root: Node?
            do {
                root = try parser.nextRoot()
            } catch {
                report(error, path: path, into: sink)
                break
            }
            guard let root else { break }
            guard let node = converter.convert(root) else {
                sink.emit(
                    "yaml/alias-expansion",
                    .error,
                    "document expands to more than \(converter.initialBudget) nodes through aliases; not loaded",
                    at: root.mark.map { SourceLocation(path: path, line: $0.line, column: $0.column) }
                        ?? SourceLocation(path: path, line: 1, column: 1)
                )
                break
            }
            documents.append(
                YAMLDocument(root: node, index: documents.count, isSOPSEncrypted: isSOPS(node))
            )
        }
        return documents
    }

    /// Whether a document's root carries SOPS metadata.
    static func isSOPS(_ node: YAMLNode) -> Bool {
        guard let sops = node["sops"], sops.isMapping else { return false }
        return sops["mac"] != nil || sops["lastmodified"] != nil || sops["version"] != nil
    }

    private static func report(_ error: any Error, path: String, into sink: some DiagnosticSink) {
        guard let yamlError = error as? YamlError else {
            sink.emit(
                "yaml/syntax",
                .error,
                "cannot parse YAML: \(error)",
                at: SourceLocation(path: path, line: 1, column: 1)
            )
            return
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = problem
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            sink.emit(
                "yaml/syntax",
                .error,
                message,
                at: SourceLocation(path: path, line: mark.line, column: mark.column)
            )
        case .reader(let problem, let offset, _, _):
            sink.emit(
                "yaml/syntax",
                .error,
                "cannot read YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")",
                at: SourceLocation(path: path, line: 1, column: 1)
            )
        default:
            sink.emit("yaml/syntax", .error, "cannot parse YAML", at: SourceLocation(path: path, line: 1, column: 1))
        }
    }
}

/// Turns Yams nodes (not `Sendable`) into ``YAMLNode``s, within a node budget.
private struct Converter<Sink: DiagnosticSink> {
    let path: String
    let fileNumber: UInt32
    let initialBudget: Int
    var budget: Int
    let sink: Sink

    init(path: String, budget: Int, sink: Sink) {
        self.path = path
        self.fileNumber = SourceFiles.shared.number(of: path)
        self.initialBudget = budget
        self.budget = budget
        self.sink = sink
    }

    mutating func convert(_ node: Node) -> YAMLNode? {
        budget -= 1
        if budget < 0 { return nil }
        let origin = node.mark.map { NodeOrigin(file: fileNumber, line: $0.line, column: $0.column) } ?? .none
        switch node {
        case .scalar(let scalar):
            let style: ScalarStyle =
                switch scalar.style {
                case .singleQuoted: .singleQuoted
                case .doubleQuoted: .doubleQuoted
                case .literal: .literal
                case .folded: .folded
                default: .plain
                }
            return YAMLNode(
                .scalar(YAMLScalar(scalar.string, style: style)),
                tag: customTag(scalar.tag),
                origin: origin
            )
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                guard let converted = convert(item) else { return nil }
                items.append(converted)
            }
            return YAMLNode(.sequence(items), tag: customTag(sequence.tag), origin: origin)
        case .mapping(let mapping):
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(mapping.count)
            var merges: [YAMLNode] = []
            var seen: [String: NodeOrigin] = [:]
            for (key, value) in mapping {
                guard let k = convert(key), let v = convert(value) else { return nil }
                if let text = k.scalar?.text, k.scalar?.style == .plain, text == "<<" {
                    merges.append(v)
                    continue
                }
                if let text = k.scalar?.text {
                    if let first = seen[text] {
                        sink.emit(
                            "yaml/duplicate-key",
                            .warning,
                            "duplicate key '\(text)' in mapping; the last value is used",
                            at: k.location,
                            notes: [Diagnostic.Note("first defined here", at: first.location)]
                        )
                    } else {
                        seen[text] = k.origin
                    }
                }
                pairs.append(YAMLPair(key: k, value: v))
            }
            // Merge keys: entries of the merged mappings that the mapping does not set itself, earlier sources first.
            if !merges.isEmpty {
                var sources: [YAMLNode] = []
                for merge in merges {
                    if let list = merge.items { sources.append(contentsOf: list) } else { sources.append(merge) }
                }
                var present = Set(pairs.compactMap { $0.key.scalar?.text })
                for source in sources {
                    for pair in source.pairs ?? [] {
                        guard let text = pair.key.scalar?.text, !present.contains(text) else { continue }
                        present.insert(text)
                        pairs.append(pair)
                    }
                }
            }
            return YAMLNode(.mapping(pairs), tag: customTag(mapping.tag), origin: origin)
        }
    }

    private func customTag(_ tag: Tag) -> String? {
        let name = tag.description
        if name.isEmpty || name == "?" || name == "!" || name.hasPrefix("tag:yaml.org,2002:") { return nil }
        return name
    }
}
