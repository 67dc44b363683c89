import StrataCore
import StrataYAML

/// Reads `platform.yaml` into a ``PlatformSpec``, reporting every problem with its position.
///
/// Every key and value is checked against the field table (the same one the JSON Schema is written from):
/// unknown keys (with a did-you-mean), missing keys, values of the wrong type, and values the program that
/// reads them would refuse (CIDRs with host bits, cron schedules, durations, sizes, names). All problems
/// are reported in one pass; nothing throws. Contradictions between values are the validator's job
/// (``PlatformSpecValidator``).
public enum PlatformSpecDecoder {
    /// Reads the text of the file at `path` (as it should appear in messages).
    public static func decode(_ text: String, path: String) -> PlatformSpecDocument {
        let collector = DiagnosticCollector()
        let documents = YAMLLoader.load(text, path: path, into: collector)
        var decoding = SpecDecoding(file: path)
        var syntaxBroken = false
        for diagnostic in collector.diagnostics {
            var converted = diagnostic
            // A spec must be unambiguous, so what the YAML layer only warns about is an error here.
            converted.severity = .error
            switch diagnostic.id {
            case "yaml/syntax":
                converted.id = "spec/yaml-syntax"
                syntaxBroken = true
            case "yaml/duplicate-key":
                converted.id = "spec/duplicate-key"
            default:
                converted.id = "spec/yaml-" + diagnostic.id.split(separator: "/").dropFirst().joined(separator: "/")
            }
            decoding.diagnostics.append(converted)
        }
        // After a syntax error the rest of the file is unknown; reporting its keys as missing would mislead.
        guard !syntaxBroken else { return document(spec: nil, decoding) }
        let nonEmpty = documents.filter { !$0.root.isNull }
        guard let root = nonEmpty.first?.root else {
            decoding.fail(
                "empty",
                "the spec is empty; `strata init` writes a commented default to start from",
                at: SourceLocation(path: path, line: 1, column: 1)
            )
            return document(spec: nil, decoding)
        }
        for extra in nonEmpty.dropFirst() {
            decoding.report(
                "multiple-documents",
                "the spec is one YAML document; this second one is ignored",
                at: extra.root.location
            )
        }
        decoding.locations[""] = root.location
        let spec = PlatformFields.platform.read(root, path: "", &decoding)
        return document(spec: decoding.isComplete ? spec : nil, decoding)
    }

    private static func document(spec: PlatformSpec?, _ decoding: SpecDecoding) -> PlatformSpecDocument {
        PlatformSpecDocument(
            spec: spec,
            diagnostics: decoding.diagnostics.sorted(by: Diagnostic.reportOrder),
            locations: decoding.locations
        )
    }
}
