import Foundation
import StrataTestSupport
import Testing

@Suite(
    "strata check, rules and explain",
    .enabled(if: StrataProcess.executable != nil, "the strata executable is not built")
)
struct CheckCommandTests {
    @Test("several outputs in one run: files and standard output carry the same findings")
    func severalOutputs() throws {
        let repo = try demoRepository()
        let out = try TemporaryRepository([:])
        let json = out.path("report.json")
        let result = try StrataProcess.run(["check", repo.root, "-o", "json=\(json)", "-o", "text"])
        #expect(result.code == 1)
        #expect(result.stdout.contains("[flux/dependency-not-found]"))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        )
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["id"] as? String == "flux/dependency-not-found" })
    }

    @Test("two formats on standard output, or an unknown format, are usage errors")
    func outputUsage() throws {
        let repo = try demoRepository()
        let two = try StrataProcess.run(["check", repo.root, "-o", "json", "-o", "text"])
        #expect(two.code == 2)
        #expect(two.stderr.contains("only one -o format"))
        #expect(try StrataProcess.run(["check", repo.root, "-o", "yaml"]).code == 2)
    }

    @Test("--fail-on decides which findings fail the run")
    func failOn() throws {
        let repo = try TemporaryRepository([
            "clusters/one/ks.yaml": """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              dependsOn: [{name: missing}]
              interval: 10m
              path: ./clusters/one
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
            """
        ])
        #expect(try StrataProcess.run(["check", repo.root]).code == 1)
        try repo.write("strata.yaml", "rules:\n  flux/dependency-not-found: warning\n")
        #expect(try StrataProcess.run(["check", repo.root]).code == 0)
        #expect(try StrataProcess.run(["check", repo.root, "--fail-on", "warning"]).code == 1)
    }

    @Test("a written baseline silences today's findings and exits 0; new findings still fail")
    func baseline() throws {
        let repo = try demoRepository()
        let out = try TemporaryRepository([:])
        let baseline = out.path("baseline.json")
        let write = try StrataProcess.run(["check", repo.root, "--write-baseline", baseline])
        #expect(write.code == 0)
        let again = try StrataProcess.run(["check", repo.root, "--baseline", baseline])
        #expect(again.code == 0, "\(again.stdout)")
        #expect(again.stdout.contains("suppressed") || again.stdout.contains("0 errors"))
        let missing = try StrataProcess.run(["check", repo.root, "--baseline", out.path("nope.json")])
        #expect(missing.code == 2)
    }

    @Test("an invalid strata.yaml is reported at its position and exits 2")
    func invalidConfiguration() throws {
        let repo = try demoRepository()
        try repo.write("strata.yaml", "rules:\n  flux/dependency-not-fund: off\n")
        let result = try StrataProcess.run(["check", repo.root])
        #expect(result.code == 2)
        #expect(
            result.stdout.contains(
                "strata.yaml:2:3: error: unknown rule 'flux/dependency-not-fund'; did you mean 'flux/dependency-not-found'?"
            )
        )
    }

    @Test("rules lists the registry; explain prints one rule and suggests on a typo")
    func rulesAndExplain() throws {
        let rules = try StrataProcess.run(["rules"])
        #expect(rules.code == 0)
        #expect(rules.stdout.contains("flux/dependency-not-found"))
        let explain = try StrataProcess.run(["explain", "flux/dependency-not-found"])
        #expect(explain.code == 0)
        #expect(explain.stdout.hasPrefix("# flux/dependency-not-found\n"))
        let typo = try StrataProcess.run(["explain", "flux/dependency-not-fund"])
        #expect(typo.code == 2)
        #expect(typo.stderr.contains("did you mean 'flux/dependency-not-found'?"))
    }

    @Test("check output is byte-identical between runs and with rules run one at a time")
    func deterministic() throws {
        let repo = try demoRepository()
        let a = try StrataProcess.run(["check", repo.root, "-o", "json"])
        let b = try StrataProcess.run(["check", repo.root, "-o", "json", "--sequential"])
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.isEmpty)
    }
}
