internal import CYaml
import StrataCore

/// A collection under construction.
///
/// Declared outside the generic parser on purpose: a type nested in a generic type is generic itself,
/// and the parser is called unspecialized, so every use of a nested frame went through runtime metadata.
private struct ParseFrame {
    var isMapping: Bool
    var items: [YAMLNode] = []
    var pairs: [YAMLPair] = []
    var pendingKey: YAMLNode?
    var anchor: String?
    var tag: String?
    var origin: NodeOrigin
    var size = 1
}

/// Builds ``YAMLNode`` trees straight from libyaml's events, without an intermediate tree.
///
/// Aliases are expanded by value (copies share storage), and every expansion is charged its full node
/// count against a budget, so a document that would expand exponentially is refused before anything walks
/// it. Merge keys (`<<`) are merged and duplicate keys reported when their mapping ends.
struct EventParser<Sink: DiagnosticSink> {
    let path: String
    let fileNumber: UInt32
    let budget: Int
    let sink: Sink

    /// The outcome of one document.
    enum Outcome {
        case document(YAMLNode)
        case end
        case failed
    }

    func parse(_ text: String) -> [YAMLDocument] {
        var text = text
        return text.withUTF8 { bytes -> [YAMLDocument] in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return [] }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
            var documents: [YAMLDocument] = []
            var anchors: [String: (node: YAMLNode, size: Int)] = [:]
            var stack: [ParseFrame] = []
            var spent = 0
            var documentRoot: YAMLNode?
            var documentStart = NodeOrigin.none
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    reportError(parser)
                    return documents
                }
                defer { yaml_event_delete(&event) }
                let mark = NodeOrigin(
                    file: fileNumber,
                    line: Int(event.start_mark.line) + 1,
                    column: Int(event.start_mark.column) + 1
                )
                var produced: (node: YAMLNode, size: Int, anchor: String?)?
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return documents
                case YAML_DOCUMENT_START_EVENT:
                    documentRoot = nil
                    documentStart = mark
                    anchors.removeAll(keepingCapacity: true)
                case YAML_DOCUMENT_END_EVENT:
                    let root = documentRoot ?? YAMLNode(.scalar(YAMLScalar("")), origin: documentStart)
                    documents.append(
                        YAMLDocument(root: root, index: documents.count, isSOPSEncrypted: YAMLLoader.isSOPS(root))
                    )
                case YAML_ALIAS_EVENT:
                    let name = string(event.data.alias.anchor) ?? ""
                    guard let target = anchors[name] else {
                        sink.emit(
                            "yaml/syntax",
                            .error,
                            "found undefined alias '\(name)'",
                            at: mark.location
                        )
                        return documents
                    }
                    produced = (target.node, target.size, nil)
                case YAML_SCALAR_EVENT:
                    let scalar = event.data.scalar
                    let value =
                        scalar.value.map {
                            String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                        } ?? ""
                    let style: ScalarStyle =
                        switch scalar.style {
                        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                        case YAML_LITERAL_SCALAR_STYLE: .literal
                        case YAML_FOLDED_SCALAR_STYLE: .folded
                        default: .plain
                        }
                    let node = YAMLNode(
                        .scalar(YAMLScalar(value, style: style)),
                        tag: customTag(string(scalar.tag)),
                        origin: mark
                    )
                    produced = (node, 1, string(scalar.anchor))
                case YAML_SEQUENCE_START_EVENT:
                    let start = event.data.sequence_start
                    stack.append(
                        ParseFrame(
                            isMapping: false,
                            anchor: string(start.anchor),
                            tag: customTag(string(start.tag)),
                            origin: mark
                        )
                    )
                case YAML_MAPPING_START_EVENT:
                    let start = event.data.mapping_start
                    stack.append(
                        ParseFrame(
                            isMapping: true,
                            anchor: string(start.anchor),
                            tag: customTag(string(start.tag)),
                            origin: mark
                        )
                    )
                case YAML_SEQUENCE_END_EVENT:
                    guard let frame = stack.popLast() else { break }
                    produced = (
                        YAMLNode(.sequence(frame.items), tag: frame.tag, origin: frame.origin), frame.size, frame.anchor
                    )
                case YAML_MAPPING_END_EVENT:
                    guard let frame = stack.popLast() else { break }
                    let node = YAMLNode(.mapping(finish(frame.pairs)), tag: frame.tag, origin: frame.origin)
                    produced = (node, frame.size, frame.anchor)
                default:
                    break
                }
                guard let (node, size, anchor) = produced else { continue }
                // A parsed node costs one (its children were charged as they came); an alias costs the
                // whole subtree it repeats.
                spent += event.type == YAML_ALIAS_EVENT ? size : 1
                if spent > budget {
                    sink.emit(
                        "yaml/alias-expansion",
                        .error,
                        "document expands to more than \(budget) nodes through aliases; not loaded",
                        at: documentStart.location ?? SourceLocation(path: path, line: 1, column: 1)
                    )
                    return documents
                }
                if let anchor { anchors[anchor] = (node, size) }
                if stack.isEmpty {
                    documentRoot = node
                } else {
                    let top = stack.count - 1
                    stack[top].size += size
                    if stack[top].isMapping {
                        if let key = stack[top].pendingKey {
                            stack[top].pairs.append(YAMLPair(key: key, value: node))
                            stack[top].pendingKey = nil
                        } else {
                            stack[top].pendingKey = node
                        }
                    } else {
                        stack[top].items.append(node)
                    }
                }
            }
        }
    }

    /// Applies merge keys and reports duplicate keys, as the mapping closes.
    private func finish(_ raw: [YAMLPair]) -> [YAMLPair] {
        var pairs: [YAMLPair] = []
        pairs.reserveCapacity(raw.count)
        var merges: [YAMLNode] = []
        // Small mappings (nearly all of them) look for an earlier key by scanning what was kept: cheaper
        // than hashing every key.
        let indexed = raw.count > 16
        var seen: [String: NodeOrigin] = [:]
        for pair in raw {
            guard case .scalar(let key) = pair.key.content else {
                pairs.append(pair)
                continue
            }
            if key.style == .plain, key.text == "<<" {
                merges.append(pair.value)
                continue
            }
            if let first = indexed ? seen[key.text] : Self.firstOrigin(of: key.text, in: pairs) {
                sink.emit(
                    "yaml/duplicate-key",
                    .warning,
                    "duplicate key '\(key.text)' in mapping; the last value is used",
                    at: pair.key.location,
                    notes: [Diagnostic.Note("first defined here", at: first.location)]
                )
            } else if indexed {
                seen[key.text] = pair.key.origin
            }
            pairs.append(pair)
        }
        guard !merges.isEmpty else { return pairs }
        // Merge keys: entries of the merged mappings that the mapping does not set itself, earlier sources first.
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
        return pairs
    }

    /// The origin of the first kept entry whose key is the scalar `text`.
    private static func firstOrigin(of text: String, in pairs: [YAMLPair]) -> NodeOrigin? {
        for pair in pairs {
            if case .scalar(let key) = pair.key.content, key.text == text { return pair.key.origin }
        }
        return nil
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func customTag(_ tag: String?) -> String? {
        guard let tag, !tag.isEmpty, tag != "?", tag != "!", !tag.hasPrefix("tag:yaml.org,2002:") else { return nil }
        return tag
    }

    private func reportError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "cannot parse YAML"
        switch parser.error {
        case YAML_READER_ERROR:
            sink.emit(
                "yaml/syntax",
                .error,
                "cannot read YAML: \(problem) at byte \(parser.problem_offset)",
                at: SourceLocation(path: path, line: 1, column: 1)
            )
        default:
            var message = problem
            if let context = parser.context.map({ String(cString: $0) }) {
                message +=
                    " (\(context) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
            }
            sink.emit(
                "yaml/syntax",
                .error,
                message,
                at: SourceLocation(
                    path: path,
                    line: Int(parser.problem_mark.line) + 1,
                    column: Int(parser.problem_mark.column) + 1
                )
            )
        }
    }
}
