import StrataCore

/// The JUnit XML report for CI test tabs: a `<testsuite>` per rule id and a `<testcase>` per file.
///
/// Errors and warnings fail their test case; a file with only notes passes and lists them under `<system-out>`.
/// A report without findings is one passing test case, so the CI tab shows a green check rather than nothing.
public enum JUnitReporter {
    /// The test case name used for findings that have no file.
    public static let noFileName = "(no file)"

    /// The report as a JUnit XML document with a final newline.
    ///
    /// - Parameter report: What to render.
    /// - Returns: The XML text, UTF-8, with `<testsuites>` as the root.
    public static func render(_ report: Report) -> String {
        var suites: [Suite] = []
        for id in report.firedRuleIDs {
            let findings = report.diagnostics.filter { $0.id == id }
            var files: [String: [Diagnostic]] = [:]
            for d in findings { files[d.location?.path ?? noFileName, default: []].append(d) }
            let cases = files.keys.sorted(by: fileOrder).map { file in
                Case(file: file, findings: files[file] ?? [])
            }
            suites.append(Suite(id: id, cases: cases))
        }
        if suites.isEmpty {
            suites = [Suite(id: "strata", cases: [Case(file: "check", findings: [])])]
        }

        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.failures }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"strata\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        for suite in suites {
            out += "  <testsuite name=\"\(attribute(suite.id))\" tests=\"\(suite.cases.count)\""
            out += " failures=\"\(suite.failures)\" errors=\"0\">\n"
            for testCase in suite.cases {
                out += "    <testcase classname=\"\(attribute(suite.id))\" name=\"\(attribute(testCase.file))\""
                let failing = testCase.findings.filter { $0.severity > .note }
                let notes = testCase.findings.filter { $0.severity == .note }
                if failing.isEmpty && notes.isEmpty {
                    out += "/>\n"
                    continue
                }
                out += ">\n"
                if let worst = failing.map(\.severity).max() {
                    let message = failing.count == 1 ? failing[0].message : "\(failing.count) findings"
                    out += "      <failure message=\"\(attribute(message))\" type=\"\(worst.rawValue)\">"
                    out += text(failing.map(line).joined()) + "</failure>\n"
                }
                if !notes.isEmpty {
                    out += "      <system-out>" + text(notes.map(line).joined()) + "</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    private struct Suite {
        var id: String
        var cases: [Case]

        var failures: Int { cases.reduce(0) { $0 + ($1.findings.contains { $0.severity > .note } ? 1 : 0) } }
    }

    private struct Case {
        var file: String
        var findings: [Diagnostic]
    }

    /// Files by path, with findings that have no file last.
    private static func fileOrder(_ lhs: String, _ rhs: String) -> Bool {
        if (lhs == noFileName) != (rhs == noFileName) { return rhs == noFileName }
        return lhs < rhs
    }

    /// One finding as `path:line:col: message`, then its notes indented.
    private static func line(_ d: Diagnostic) -> String {
        var out = (d.location.map { "\($0): " } ?? "") + d.message + "\n"
        for note in d.notes {
            out += "    " + (note.location.map { "\($0): " } ?? "") + "note: " + note.message + "\n"
        }
        return out
    }

    /// Character data: markup characters escaped, characters XML 1.0 cannot carry replaced.
    private static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    /// An attribute value: as `text`, plus quotes and the whitespace an attribute would otherwise normalise.
    private static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "'" where inAttribute: out += "&apos;"
            case "\n" where inAttribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where inAttribute: out += "&#9;"
            default:
                out.unicodeScalars.append(isXMLCharacter(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// The XML 1.0 `Char` production.
    private static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
