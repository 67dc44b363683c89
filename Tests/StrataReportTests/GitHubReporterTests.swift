import StrataCore
import StrataReport
import Testing

@Suite("The GitHub Actions reporter")
struct GitHubReporterTests {
    @Test("one workflow command per finding, notice for notes, no file properties without a file")
    func full() {
        let expected = """
            ::notice title=yaml/unused-anchor::anchor 'base' is never used%0Asecond line
            ::warning file=apps/café 1/deploy.yaml,line=4,col=12,title=images/tag-latest::\
            image 'nginx:latest' uses <latest> | a,b & 100%25
            ::error file=clusters/prod/apps.yaml,line=11,col=7,title=flux/dependency-not-found::\
            dependency 'infra' not found%0Aclusters/prod:1:1: note: kustomizations are looked up here

            """
        #expect(GitHubReporter.render(ReportSamples.full) == expected)
    }

    @Test("a clean report writes nothing")
    func clean() {
        #expect(GitHubReporter.render(ReportSamples.clean).isEmpty)
    }

    @Test(
        "messages escape percent and line breaks; properties also colon and comma",
        arguments: [
            ("100% done", "100%25 done", "100%25 done"),
            ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
            ("k: v, w", "k: v, w", "k%3A v%2C w"),
            ("%0A", "%250A", "%250A"),
        ]
    )
    func escaping(raw: String, data: String, property: String) {
        let diagnostic = Diagnostic(
            id: raw,
            severity: .error,
            message: raw,
            location: StrataCore.SourceLocation(path: raw, line: 1, column: 2)
        )
        let out = GitHubReporter.render(Report(diagnostics: [diagnostic], counts: [:]))
        #expect(out == "::error file=\(property),line=1,col=2,title=\(property)::\(data)\n")
    }
}
