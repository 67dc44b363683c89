public import StrataCore

/// The compiler-style text report: `path:line:col: severity: message [id]`, then a summary line.
public enum TextReporter {
    /// The report as text; `sourceLine` gives a file's line for the excerpt under each finding, when known.
    public static func render(_ report: Report, sourceLine: (SourceLocation) -> String? = { _ in nil }) -> String {
        var out = ""
        for d in report.diagnostics {
            if let location = d.location { out += "\(location): " }
            out += "\(d.severity.rawValue): \(d.message) [\(d.id)]\n"
            if let location = d.location, let line = sourceLine(location) {
                out += "    \(line)\n"
                out += "    " + String(repeating: " ", count: caretOffset(line, column: location.column)) + "^\n"
            }
            for note in d.notes {
                if let location = note.location { out += "\(location): " }
                out += "note: \(note.message)\n"
            }
        }
        let objects = report.counts["objects"] ?? 0
        let clusters = report.counts["clusters"] ?? 0
        out += "Checked \(objects) objects in \(clusters) cluster\(clusters == 1 ? "" : "s"): "
        out += "\(report.count(.error)) errors, \(report.count(.warning)) warnings, \(report.count(.note)) notes\n"
        return out
    }

    /// The offset in characters of a 1-based column counted in Unicode scalars, tabs kept as one.
    private static func caretOffset(_ line: String, column: Int) -> Int {
        max(0, min(column - 1, line.unicodeScalars.count))
    }
}
