import StrataCore
import Testing

@testable import StrataPlatform

/// The default `platform.yaml` and ways to change it, for tests that start from a valid spec and break it.
enum SpecText {
    /// The file name messages use.
    static let path = "platform.yaml"

    /// The default text with each `(old, new)` applied to the first occurrence of `old`; records an issue
    /// when `old` is missing, so a test never silently checks the unchanged default.
    static func mutated(_ changes: [(String, String)], in text: String = DefaultPlatformText.text) -> String {
        var result = text
        for (old, new) in changes {
            guard let range = result.range(of: old) else {
                Issue.record("'\(old)' is not in the spec text")
                continue
            }
            result.replaceSubrange(range, with: new)
        }
        return result
    }

    /// Decodes text.
    static func decode(_ text: String) -> PlatformSpecDocument {
        PlatformSpecDecoder.decode(text, path: path)
    }

    /// Decodes the text and validates it, with every diagnostic of both.
    static func check(_ text: String) -> (document: PlatformSpecDocument, diagnostics: [Diagnostic]) {
        let document = decode(text)
        return (document, document.diagnostics + PlatformSpecValidator.validate(document))
    }

    /// The 1-based line and column where `needle` first starts in `text` (ASCII text).
    static func position(of needle: String, in text: String, after anchor: String? = nil) -> (line: Int, column: Int)? {
        var start = text.startIndex
        if let anchor, let found = text.range(of: anchor) { start = found.upperBound }
        guard let range = text.range(of: needle, range: start..<text.endIndex) else { return nil }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column =
            before.count
            - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        return (line, column)
    }

    /// A readable list of diagnostics for failure messages.
    static func describe(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { "\($0.location?.description ?? "-") \($0.id) \($0.message)" }.joined(separator: "\n")
    }
}
