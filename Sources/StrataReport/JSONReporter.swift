import Foundation
import StrataCore

/// The versioned JSON report: `{"version", "diagnostics": [...], "summary": {...}}`.
///
/// Every diagnostic carries `id`, `severity`, `message`, `file`, `line` and `column` (null when a finding
/// has no place in a file); fields are only ever added, never renamed. Additions so far: `helpUri` on a
/// diagnostic whose rule has a documentation page, `summary.suppressed`, and `tool` when a version is given.
public enum JSONReporter {
    /// The schema version.
    public static let version = 1

    private struct Document: Encodable {
        var version: Int
        var tool: Tool?
        var diagnostics: [Entry]
        var summary: [String: Int]
    }

    private struct Tool: Encodable {
        var name: String
        var version: String
    }

    private struct Entry: Encodable {
        var id: String
        var severity: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
        var object: ObjectReference?
        var notes: [Note]?
        var helpUri: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(severity, forKey: .severity)
            try c.encode(message, forKey: .message)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encodeIfPresent(object, forKey: .object)
            try c.encodeIfPresent(notes, forKey: .notes)
            try c.encodeIfPresent(helpUri, forKey: .helpUri)
        }

        enum CodingKeys: String, CodingKey {
            case id, severity, message, file, line, column, object, notes, helpUri
        }
    }

    private struct Note: Encodable {
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
    }

    /// The report as JSON text with sorted keys and a final newline.
    ///
    /// - Parameters:
    ///   - report: What to render.
    ///   - toolVersion: The version of strata, written as `tool` when given.
    /// - Returns: Pretty-printed JSON.
    public static func render(_ report: Report, toolVersion: String? = nil) -> String {
        var summary = report.counts
        summary["errors"] = report.count(.error)
        summary["warnings"] = report.count(.warning)
        summary["notes"] = report.count(.note)
        summary["suppressed"] = report.suppressed
        let document = Document(
            version: version,
            tool: toolVersion.map { Tool(name: "strata", version: $0) },
            diagnostics: report.diagnostics.map { d in
                Entry(
                    id: d.id,
                    severity: d.severity.rawValue,
                    message: d.message,
                    file: d.location?.path,
                    line: d.location?.line,
                    column: d.location?.column,
                    object: d.subject,
                    notes: d.notes.isEmpty
                        ? nil
                        : d.notes.map {
                            Note(
                                message: $0.message,
                                file: $0.location?.path,
                                line: $0.location?.line,
                                column: $0.location?.column
                            )
                        },
                    helpUri: report.rule(d.id)?.helpURI
                )
            },
            summary: summary
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }
}
