import StrataCore

/// A Markdown report for pull-request comments and generated pages: summary, findings table, fired rules.
///
/// It is plain CommonMark with GitHub tables and no HTML, so it renders the same wherever it is pasted.
public enum MarkdownReporter {
    /// The report as Markdown with a final newline.
    ///
    /// - Parameter report: What to render.
    /// - Returns: The document: a heading, the summary table, the findings table and the rules section.
    public static func render(_ report: Report) -> String {
        var out = "# Strata check report\n\n"
        out += report.summaryLine + ".\n\n"
        out += "| Severity | Count |\n| --- | ---: |\n"
        out += "| Errors | \(report.count(.error)) |\n"
        out += "| Warnings | \(report.count(.warning)) |\n"
        out += "| Notes | \(report.count(.note)) |\n"
        if report.suppressed > 0 { out += "| Suppressed | \(report.suppressed) |\n" }

        guard !report.diagnostics.isEmpty else {
            out += "\nNo findings.\n"
            return out
        }

        out += "\n## Findings\n\n"
        out += "| Severity | Rule | Location | Message |\n| --- | --- | --- | --- |\n"
        for d in report.diagnostics {
            var location = d.location.map { codeSpan($0.description) } ?? ""
            if let subject = d.subject {
                location += (location.isEmpty ? "" : " ") + "(" + inline(subject.description) + ")"
            }
            var message = inline(d.message)
            for note in d.notes {
                message += "; note: " + (note.location.map { codeSpan($0.description) + " " } ?? "")
                message += inline(note.message)
            }
            out += "| \(d.severity.rawValue) | \(codeSpan(d.id)) | \(location) | \(message) |\n"
        }

        out += "\n## Rules\n"
        for id in report.firedRuleIDs {
            out += "\n### " + codeSpan(id)
            guard let rule = report.rule(id) else {
                out += "\n\nNo description.\n"
                continue
            }
            if !rule.name.isEmpty { out += " " + inline(rule.name) }
            out += "\n\n"
            if !rule.summary.isEmpty { out += inline(rule.summary) + ".\n\n" }
            out += "Default severity: \(rule.severity.rawValue).\n"
            if !rule.remediation.isEmpty { out += "\n**Remediation:** " + block(rule.remediation) + "\n" }
            if let help = rule.helpURI, !help.isEmpty { out += "\nMore: <\(help)>\n" }
        }
        return out
    }

    /// Text for a single line or table cell: Markdown syntax escaped, line breaks turned into spaces.
    private static func inline(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#", "&":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\n", "\r":
                out += " "
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A code span fenced with more backticks than the text contains in a row; `|` escaped for tables.
    private static func codeSpan(_ value: String) -> String {
        let flat = value.replacingNewlines(with: " ")
        var longest = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = flat.hasPrefix("`") || flat.hasSuffix("`") ? " \(flat) " : flat
        return fence + padded.replacingPipes() + fence
    }

    /// Author-written Markdown (remediation) kept as is, except that it may not open raw HTML.
    private static func block(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            if scalar == "<" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

extension String {
    fileprivate func replacingNewlines(with replacement: String) -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar == "\n" || scalar == "\r" { out += replacement } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    fileprivate func replacingPipes() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar == "|" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
