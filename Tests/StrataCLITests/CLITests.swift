import Foundation
import StrataCore
import StrataFlux
import StrataTestSupport
import StrataYAML
import Testing

/// Writes the embedded example to a temporary repository.
func demoRepository() throws -> TemporaryRepository {
    try TemporaryRepository(Dictionary(uniqueKeysWithValues: DemoRepository.files.map { ($0.path, $0.content) }))
}

@Suite("The strata command line", .enabled(if: StrataProcess.executable != nil, "the strata executable is not built"))
struct CLITests {
    @Test(
        "get objects -o json is a sorted array of {cluster, kustomization, apiVersion, kind, namespace, name, file, line}"
    )
    func objectsJSON() throws {
        let repo = try demoRepository()
        let result = try StrataProcess.run(["get", "objects", repo.root, "-o", "json"])
        #expect(result.code == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(
                Set(row.keys) == [
                    "cluster", "kustomization", "apiVersion", "kind", "namespace", "name", "file", "line",
                ]
            )
        }
        let keys = rows.map { row in
            ["cluster", "kustomization", "apiVersion", "kind", "namespace", "name"].map { row[$0] as? String ?? "" }
        }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        let lbPool = try #require(
            rows.first { $0["kind"] as? String == "CiliumLoadBalancerIPPool" && $0["cluster"] as? String == "infra" }
        )
        #expect(lbPool["kustomization"] as? String == "flux-system/config")
        #expect(lbPool["file"] as? String == "infrastructure/config/lb-pool.yaml")
        #expect(lbPool["line"] as? Int == 2)
    }

    @Test("check -o json prints {diagnostics, summary} and exits 1 on errors")
    func checkJSON() throws {
        let repo = try demoRepository()
        let result = try StrataProcess.run(["check", repo.root, "-o", "json"])
        #expect(result.code == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(document["summary"] is [String: Any])
        for diagnostic in diagnostics {
            for field in ["id", "severity", "message", "file", "line", "column"] {
                #expect(diagnostic.keys.contains(field), "missing \(field)")
            }
        }
        #expect(diagnostics.contains { $0["id"] as? String == "flux/dependency-not-found" && $0["line"] as? Int == 11 })
    }

    @Test("exit codes: 0 clean, 1 findings, 2 unreadable input and usage errors")
    func exitCodes() throws {
        let clean = try TemporaryRepository([
            "clusters/one/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\n"
        ])
        #expect(try StrataProcess.run(["check", clean.root]).code == 0)
        #expect(try StrataProcess.run(["check", clean.root + "/missing"]).code == 2)
        #expect(try StrataProcess.run(["check", "--no-such-flag"]).code == 2)
        #expect(try StrataProcess.run(["get", "objects", clean.root, "--cluster", "nope"]).code == 2)
        let broken = try TemporaryRepository(["clusters/one/cm.yaml": "a: [\n"])
        #expect(try StrataProcess.run(["check", broken.root]).code == 2, "malformed input is an input error")
    }

    @Test("output is byte-identical between runs")
    func deterministic() throws {
        let repo = try demoRepository()
        for arguments in [
            ["check", "-o", "json"], ["get", "objects", "-o", "yaml"], ["graph", "-o", "dot"],
            ["get", "hr", "-o", "json"],
        ] {
            let a = try StrataProcess.run(arguments + [repo.root])
            let b = try StrataProcess.run(arguments + [repo.root])
            #expect(a.stdout == b.stdout)
            #expect(!a.stdout.isEmpty)
        }
    }

    @Test("build ks prints one Kustomization's objects with Flux's owner labels")
    func buildKustomization() throws {
        let repo = try demoRepository()
        let result = try StrataProcess.run(["build", "ks", "config", repo.root, "--cluster", "infra"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("kind: CiliumLoadBalancerIPPool"))
        #expect(result.stdout.contains("kustomize.toolkit.fluxcd.io/name: config"))
        let ambiguous = try StrataProcess.run(["build", "ks", "config", repo.root])
        #expect(ambiguous.code == 2)
        #expect(ambiguous.stderr.contains("ambiguous"))
    }

    @Test("graph -o mermaid draws each cluster's dependsOn edges, the missing target marked")
    func graph() throws {
        let repo = try demoRepository()
        let result = try StrataProcess.run(["graph", repo.root, "-o", "mermaid"])
        #expect(result.code == 0)
        #expect(result.stdout.hasPrefix("flowchart LR\n"))
        #expect(result.stdout.contains("infra_flux_system_crds --> infra_flux_system_controllers"))
        #expect(result.stdout.contains("flux-system/storage (missing)"))
    }

    @Test("demo runs the embedded example and shows its findings")
    func demo() throws {
        let result = try StrataProcess.run(["demo"])
        #expect(result.code == 0)
        #expect(result.stdout.contains("flux/dependency-not-found"))
        #expect(result.stdout.contains("Checked "))
    }
}

@Suite(
    "strata kustomize against kubectl kustomize",
    .enabled(if: StrataProcess.executable != nil && Kubectl.isAvailable, "needs the strata executable and kubectl")
)
struct KustomizeCommandTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/kustomize").path

    @Test(
        "prints the same objects as kubectl kustomize, as a YAML stream",
        arguments: ["transformer-order", "generators-configmap", "patches-target-selectors", "components-nested"]
    )
    func sameObjects(_ fixture: String) throws {
        let directory = Self.fixtures + "/" + fixture
        let ours = try StrataProcess.run(["kustomize", directory, "--root", Self.fixtures])
        #expect(ours.code == 0, "\(ours.stderr)")
        let reference = try Kubectl.kustomize(directory).get()
        let sink = DiagnosticCollector()
        let expected = YAMLLoader.load(reference, path: "kubectl", into: sink).map(\.root)
        let actual = YAMLLoader.load(ours.stdout, path: "strata", into: sink).map(\.root)
        #expect(sink.diagnostics.isEmpty)
        #expect(canonicalObjects(actual) == canonicalObjects(expected))
    }
}
