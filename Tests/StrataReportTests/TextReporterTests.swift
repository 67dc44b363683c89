import StrataCore
import StrataReport
import Testing

@Suite("The text reporter")
struct TextReporterTests {
    private let excerpt: (StrataCore.SourceLocation) -> String? = { location in
        location.path == "clusters/prod/apps.yaml" ? "  dependsOn: [infra]" : nil
    }

    @Test("plain output is the compiler format with excerpt, caret, notes and summary")
    func plain() {
        let report = Report(diagnostics: [ReportSamples.dependency, ReportSamples.fileless], counts: ["objects": 3])
        let expected = """
            clusters/prod/apps.yaml:11:7: error: dependency 'infra' not found [flux/dependency-not-found]
                  dependsOn: [infra]
                      ^
            clusters/prod:1:1: note: kustomizations are looked up here
            note: anchor 'base' is never used
            second line [yaml/unused-anchor]
            Checked 3 objects in 0 clusters: 1 errors, 0 warnings, 1 notes

            """
        #expect(TextReporter.render(report, sourceLine: excerpt) == expected)
    }

    @Test("the caret counts the column in Unicode scalars")
    func caretColumn() {
        let diagnostic = Diagnostic(
            id: "x/y",
            severity: .warning,
            message: "m",
            location: StrataCore.SourceLocation(path: "a.yaml", line: 1, column: 5)
        )
        let out = TextReporter.render(Report(diagnostics: [diagnostic], counts: [:])) { _ in "名前: é" }
        #expect(out.split(separator: "\n")[2] == "        ^")
    }

    @Test("coloured output wraps location, severity labels and caret in ANSI codes")
    func colored() {
        let report = Report(diagnostics: [ReportSamples.dependency], counts: ["objects": 1, "clusters": 1])
        let esc = "\u{1B}["
        let expected = """
            \(esc)1mclusters/prod/apps.yaml:11:7:\(esc)0m \(esc)1;31merror:\(esc)0m dependency 'infra' not found \
            [flux/dependency-not-found]
                  dependsOn: [infra]
                      \(esc)1;32m^\(esc)0m
            \(esc)1mclusters/prod:1:1:\(esc)0m \(esc)1;36mnote:\(esc)0m kustomizations are looked up here
            Checked 1 objects in 1 cluster: 1 errors, 0 warnings, 0 notes

            """
        #expect(TextReporter.render(report, color: true, sourceLine: excerpt) == expected)
    }

    @Test("warnings are yellow and notes cyan", arguments: [(Severity.warning, "1;33"), (.note, "1;36")])
    func severityColors(severity: Severity, code: String) {
        let diagnostic = Diagnostic(id: "x/y", severity: severity, message: "m", location: nil)
        let out = TextReporter.render(Report(diagnostics: [diagnostic], counts: [:]), color: true)
        #expect(out.hasPrefix("\u{1B}[\(code)m\(severity.rawValue):\u{1B}[0m m [x/y]\n"))
    }

    @Test("without colour no escape character is written")
    func noEscapes() {
        let out = TextReporter.render(ReportSamples.full, color: false, sourceLine: excerpt)
        #expect(!out.contains("\u{1B}"))
    }

    @Test(
        "the summary counts suppressed findings only when there are some",
        arguments: [(0, ""), (4, ", 4 suppressed")]
    )
    func suppressed(count: Int, suffix: String) {
        let report = Report(diagnostics: [], counts: ["objects": 2, "clusters": 1], suppressed: count)
        let summary = "Checked 2 objects in 1 cluster: 0 errors, 0 warnings, 0 notes\(suffix)\n"
        #expect(TextReporter.render(report) == summary)
    }
}

@Suite("Colour mode")
struct ColorModeTests {
    @Test(
        "auto colours a terminal unless NO_COLOR is non-empty or TERM is dumb",
        arguments: [
            (true, [:], true),
            (false, [:], false),
            (true, ["NO_COLOR": "1"], false),
            (true, ["NO_COLOR": ""], true),
            (true, ["TERM": "dumb"], false),
            (true, ["TERM": "xterm-256color"], true),
        ] as [(Bool, [String: String], Bool)]
    )
    func auto(isTTY: Bool, environment: [String: String], expected: Bool) {
        #expect(ColorMode.auto.usesColor(isTTY: isTTY, environment: environment) == expected)
    }

    @Test("always and never ignore the destination and NO_COLOR", arguments: [false, true])
    func explicit(isTTY: Bool) {
        #expect(ColorMode.always.usesColor(isTTY: isTTY, environment: ["NO_COLOR": "1"]))
        #expect(!ColorMode.never.usesColor(isTTY: isTTY, environment: [:]))
    }

    @Test("modes parse from their command-line spelling")
    func rawValues() {
        #expect(ColorMode.allCases.map(\.rawValue) == ["auto", "always", "never"])
    }
}
