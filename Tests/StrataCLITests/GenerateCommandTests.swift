import Foundation
import StrataTestSupport
import Testing

@Suite(
    "strata generate and init",
    .enabled(if: StrataProcess.executable != nil, "the strata executable is not built")
)
struct GenerateCommandTests {
    private func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test("the embedded default is written once, then found up to date; --check agrees")
    func defaultSpec() throws {
        let out = try TemporaryRepository([:])
        let first = try StrataProcess.run(["generate", "-o", out.root])
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("create   router/srx320.conf"))
        #expect(read(out.path("strata.lock")) != nil)
        let second = try StrataProcess.run(["generate", "-o", out.root])
        #expect(second.code == 0)
        #expect(second.stdout.hasPrefix("0 file(s) changed"))
        let check = try StrataProcess.run(["generate", "--check", "-o", out.root])
        #expect(check.code == 0)
        #expect(check.stdout.contains("up to date"))
    }

    @Test("a file changed by hand stops generate and --check with exit 1 until --force")
    func handEdits() throws {
        let out = try TemporaryRepository([:])
        #expect(try StrataProcess.run(["generate", "-o", out.root]).code == 0)
        let router = out.path("router/srx320.conf")
        let generated = try #require(read(router))
        try out.write("router/srx320.conf", generated + "set system host-name edited\n")
        try out.write("notes.txt", "mine\n")
        let refused = try StrataProcess.run(["generate", "-o", out.root])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("conflict router/srx320.conf: changed by hand"))
        #expect(read(router)?.hasSuffix("set system host-name edited\n") == true)
        #expect(try StrataProcess.run(["generate", "--check", "-o", out.root]).code == 1)
        let forced = try StrataProcess.run(["generate", "--force", "-o", out.root])
        #expect(forced.code == 0)
        #expect(read(router) == generated)
        #expect(read(out.path("notes.txt")) == "mine\n", "files strata did not write are never touched")
    }

    @Test("--check reports what a changed spec would change and writes nothing")
    func checkMode() throws {
        let out = try TemporaryRepository([:])
        #expect(try StrataProcess.run(["init", "-o", out.path("platform.yaml")]).code == 0)
        #expect(try StrataProcess.run(["generate", "-o", out.root]).code == 0)
        let spec = try #require(read(out.path("platform.yaml")))
        try out.write("platform.yaml", spec.replacingOccurrences(of: "mtu: 9000", with: "mtu: 1500"))
        let before = read(out.path("talos/infra/nodes/prod-01.yaml"))
        let check = try StrataProcess.run(["generate", "--check", "-o", out.root])
        #expect(check.code == 1)
        #expect(check.stdout.contains("update   talos/infra/nodes/prod-01.yaml"))
        #expect(read(out.path("talos/infra/nodes/prod-01.yaml")) == before)
    }

    @Test("a spec that contradicts itself is refused with every reason and exit 2, before anything is written")
    func invalidSpec() throws {
        let out = try TemporaryRepository([:])
        #expect(try StrataProcess.run(["init", "-o", out.path("platform.yaml")]).code == 0)
        var spec = try #require(read(out.path("platform.yaml")))
        spec = spec.replacingOccurrences(of: "podCIDR: 10.246.0.0/16", with: "podCIDR: 10.244.0.0/16")
        spec = spec.replacingOccurrences(of: "  scrapeInterval:", with: "  scrapeIntervall:")
        try out.write("platform.yaml", spec)
        let result = try StrataProcess.run(["generate", "-o", out.root])
        #expect(result.code == 2)
        #expect(result.stderr.contains("[spec/overlapping-cidrs]"))
        #expect(result.stderr.contains("did you mean 'scrapeInterval'?"))
        #expect(result.stderr.contains("platform.yaml:"))
        #expect(read(out.path("strata.lock")) == nil)
    }

    @Test("init writes the commented default, which generates what the embedded default does")
    func initMatchesDefault() throws {
        let a = try TemporaryRepository([:])
        let b = try TemporaryRepository([:])
        let initialised = try StrataProcess.run(["init", "-o", a.path("platform.yaml"), "--schema", a.path("s.json")])
        #expect(initialised.code == 0)
        #expect(read(a.path("platform.yaml"))?.contains("#") == true)
        let schema = try #require(read(a.path("s.json")))
        #expect(try JSONSerialization.jsonObject(with: Data(schema.utf8)) is [String: Any])
        #expect(try StrataProcess.run(["init", "-o", a.path("platform.yaml")]).code == 2, "no silent overwrite")
        #expect(try StrataProcess.run(["generate", "-o", a.root]).code == 0)
        #expect(try StrataProcess.run(["generate", "-o", b.root]).code == 0)
        #expect(read(a.path("strata.lock")) == read(b.path("strata.lock")))
    }

    @Test("init --schema points the spec's first line at the schema, for editors")
    func schemaModeline() throws {
        let dir = try TemporaryRepository([:])
        let result = try StrataProcess.run(
            ["init", "-o", "config/platform.yaml", "--schema", "schemas/platform.json"],
            in: dir.root
        )
        #expect(result.code == 0, "\(result.stderr)")
        let spec = try #require(read(dir.path("config/platform.yaml")))
        #expect(spec.hasPrefix("# yaml-language-server: $schema=../schemas/platform.json\n"))
        #expect(read(dir.path("schemas/platform.json"))?.contains("\"$schema\"") == true)
    }
}
