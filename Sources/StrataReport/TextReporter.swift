public import StrataCore

/// The compiler-style text report: `path:line:col: severity: message [id]`, then a summary line.
public enum TextReporter {
    /// The report as text; `sourceLine` gives a file's line for the excerpt under each finding, when known.
    ///
    /// - Parameters:
    ///   - report: What to render.
    ///   - color: Whether to add ANSI colour; without it the output is plain text.
    ///   - sourceLine: The text of the line at a location, for the excerpt and caret.
    /// - Returns: The report, one finding after another, ending with the summary line and a newline.
    public static func render(
        _ report: Report,
        color: Bool = false,
        sourceLine: (SourceLocation) -> String? = { _ in nil }
    ) -> String {
        let style = Style(enabled: color)
        var out = ""
        for d in report.diagnostics {
            if let location = d.location { out += style.bold("\(location):") + " " }
            out += style.severity(d.severity) + " \(d.message) [\(d.id)]\n"
            if let location = d.location, let line = sourceLine(location) {
                out += "    \(line)\n"
                out += "    " + String(repeating: " ", count: caretOffset(line, column: location.column))
                out += style.caret("^") + "\n"
            }
            for note in d.notes {
                if let location = note.location { out += style.bold("\(location):") + " " }
                out += style.severity(.note) + " \(note.message)\n"
            }
        }
        out += report.summaryLine + "\n"
        return out
    }

    /// The offset in characters of a 1-based column counted in Unicode scalars, tabs kept as one.
    private static func caretOffset(_ line: String, column: Int) -> Int {
        max(0, min(column - 1, line.unicodeScalars.count))
    }

    /// ANSI SGR sequences, or nothing when colour is off so plain output stays byte-identical.
    private struct Style {
        var enabled: Bool

        func wrap(_ text: String, _ code: String) -> String {
            enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }

        func bold(_ text: String) -> String { wrap(text, "1") }

        func caret(_ text: String) -> String { wrap(text, "1;32") }

        func severity(_ severity: Severity) -> String {
            let label = "\(severity.rawValue):"
            switch severity {
            case .error: return wrap(label, "1;31")
            case .warning: return wrap(label, "1;33")
            case .note: return wrap(label, "1;36")
            }
        }
    }
}
