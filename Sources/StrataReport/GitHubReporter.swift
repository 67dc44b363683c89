import StrataCore

/// GitHub Actions workflow commands, one per finding, which show as annotations on pull requests.
///
/// `::error file=P,line=L,col=C,title=ID::message`, with `::warning` for warnings and `::notice` for notes.
/// Notes of a finding follow its message on further lines, since an annotation has no related locations.
public enum GitHubReporter {
    /// The report as workflow commands, one per line; empty when there are no findings.
    ///
    /// - Parameter report: What to render.
    /// - Returns: The commands, each ending in a newline.
    public static func render(_ report: Report) -> String {
        var out = ""
        for d in report.diagnostics {
            var properties: [(String, String)] = []
            if let location = d.location {
                properties.append(("file", location.path))
                properties.append(("line", String(location.line)))
                properties.append(("col", String(location.column)))
            }
            properties.append(("title", d.id))
            var message = d.message
            for note in d.notes {
                message += "\n" + (note.location.map { "\($0): " } ?? "") + "note: " + note.message
            }
            out += "::\(command(d.severity)) "
            out += properties.map { "\($0)=\(escapeProperty($1))" }.joined(separator: ",")
            out += "::\(escapeData(message))\n"
        }
        return out
    }

    private static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
    }

    /// A command's message: `%`, CR and LF percent-encoded, as the runner decodes them.
    private static func escapeData(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property value: as a message, plus `:` and `,`, which would otherwise end the value.
    private static func escapeProperty(_ value: String) -> String {
        var out = ""
        for scalar in escapeData(value).unicodeScalars {
            switch scalar {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
