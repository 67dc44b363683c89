public import StrataCore
public import StrataYAML

/// Parses YAML embedded as a string in another YAML file (inline patches), mapping positions back to
/// the enclosing file so findings point at the right line.
public enum InlineYAML {
    /// The documents of the string `value`, located in the enclosing file.
    public static func documents(of value: YAMLNode, sink: some DiagnosticSink) -> [YAMLNode] {
        guard let scalar = value.scalar else { return [] }
        let base = value.location
        let shifter = Shifter(base: base, style: scalar.style)
        let collector = DiagnosticCollector()
        let documents = YAMLLoader.load(scalar.text, path: base?.path ?? "<inline>", into: collector)
        for diagnostic in collector.diagnostics {
            var shifted = diagnostic
            shifted.location = shifter.map(diagnostic.location)
            sink.emit(shifted)
        }
        return documents.map { shifter.apply($0.root) }.filter { !$0.isNull }
    }

    private struct Shifter {
        let base: SourceLocation?
        let style: ScalarStyle

        func map(_ location: SourceLocation?) -> SourceLocation? {
            guard let base else { return location }
            guard let location else { return base }
            switch style {
            case .literal, .folded:
                // Block content starts on the line after the indicator; indentation is not known exactly,
                // so keep the column relative to the block's first column.
                return SourceLocation(
                    path: base.path,
                    line: base.line + location.line,
                    column: location.column + base.column + 1
                )
            default:
                return base
            }
        }

        func apply(_ node: YAMLNode) -> YAMLNode {
            var copy = node
            copy.location = map(node.location)
            switch node.content {
            case .scalar: break
            case .sequence(let items): copy.content = .sequence(items.map(apply))
            case .mapping(let pairs):
                copy.content = .mapping(pairs.map { YAMLPair(key: apply($0.key), value: apply($0.value)) })
            }
            return copy
        }
    }
}
