import StrataCore
import StrataReport
import Testing

@Suite("The Markdown reporter")
struct MarkdownReporterTests {
    @Test("heading, counts, a findings table and the fired rules")
    func full() {
        let expected = """
            # Strata check report

            Checked 40 objects in 2 clusters: 1 errors, 1 warnings, 1 notes, 3 suppressed.

            | Severity | Count |
            | --- | ---: |
            | Errors | 1 |
            | Warnings | 1 |
            | Notes | 1 |
            | Suppressed | 3 |

            ## Findings

            | Severity | Rule | Location | Message |
            | --- | --- | --- | --- |
            | note | `yaml/unused-anchor` | (ConfigMap/settings) | anchor 'base' is never used second line |
            | warning | `images/tag-latest` | `apps/café 1/deploy.yaml:4:12` | \
            image 'nginx:latest' uses \\<latest\\> \\| a,b \\& 100% |
            | error | `flux/dependency-not-found` | `clusters/prod/apps.yaml:11:7` (Kustomization/flux-system/apps) | \
            dependency 'infra' not found; note: `clusters/prod:1:1` kustomizations are looked up here |

            ## Rules

            ### `flux/dependency-not-found` Dependency Not Found

            A Kustomization depends on one that does not exist.

            Default severity: error.

            **Remediation:** Fix the name in `spec.dependsOn`.

            More: <https://example.com/rules/dependency-not-found>

            ### `images/tag-latest` Image Tag Latest

            An image uses the tag 'latest'.

            Default severity: warning.

            **Remediation:** Pin a version.

            ### `yaml/unused-anchor`

            No description.

            """
        #expect(MarkdownReporter.render(ReportSamples.full) == expected)
    }

    @Test("a clean report says so and has no findings table")
    func clean() {
        let out = MarkdownReporter.render(ReportSamples.clean)
        #expect(out.hasSuffix("| Notes | 0 |\n\nNo findings.\n"))
        #expect(!out.contains("## Findings"))
        #expect(!out.contains("Suppressed"))
    }

    @Test(
        "cells keep the table intact whatever the text holds",
        arguments: [
            ("a | b", "a \\| b"),
            ("*bold* _it_ `code` [link](x)", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x)"),
            ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
            ("one\ntwo\r\nthree", "one two  three"),
        ]
    )
    func escaping(raw: String, cell: String) {
        let diagnostic = Diagnostic(id: "r/x", severity: .error, message: raw, location: nil)
        let out = MarkdownReporter.render(Report(diagnostics: [diagnostic], counts: [:]))
        #expect(out.contains("| error | `r/x` |  | \(cell) |\n"))
    }

    @Test("a location with backticks or pipes gets a longer fence and escaped pipes")
    func codeSpans() {
        let diagnostic = Diagnostic(
            id: "r/x",
            severity: .warning,
            message: "m",
            location: StrataCore.SourceLocation(path: "we``ird|name.yaml", line: 1, column: 1)
        )
        let out = MarkdownReporter.render(Report(diagnostics: [diagnostic], counts: [:]))
        #expect(out.contains("| ```we``ird\\|name.yaml:1:1``` |"))
    }
}
