import StrataCore
import Testing

@testable import StrataYAML

@Suite("YAML loading with positions")
struct YAMLLoaderTests {
    private func load(_ text: String) -> ([YAMLDocument], [Diagnostic]) {
        let sink = DiagnosticCollector()
        let docs = YAMLLoader.load(text, path: "f.yaml", into: sink)
        return (docs, sink.diagnostics)
    }

    @Test("every node keeps its 1-based line and column, across documents")
    func positions() throws {
        let (docs, diags) = load("a: 1\nb:\n  c: [x, y]\n---\n# c\nkind: K\n")
        #expect(diags.isEmpty)
        #expect(docs.count == 2)
        let c = try #require(docs[0].root[path: ["b", "c"]])
        #expect(c.location == SourceLocation(path: "f.yaml", line: 3, column: 6))
        #expect(c.items?[1].location?.column == 10)
        #expect(docs[1].root["kind"]?.location?.line == 6)
        #expect(docs[1].root.keyLocation("kind") == SourceLocation(path: "f.yaml", line: 6, column: 1))
    }

    @Test("columns count Unicode scalars, and CRLF endings give the same positions")
    func unicodeAndCRLF() throws {
        let (docs, _) = load("# ✓ ünïcödé 👩‍👩‍👧\nname: ünï\nimage: x\n".replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(docs[0].root["image"]?.location == SourceLocation(path: "f.yaml", line: 3, column: 8))
        let (docs2, _) = load("k: 👩‍👩‍👧\nv: 1\n")
        #expect(docs2[0].root["v"]?.location?.column == 4)
    }

    @Test("a duplicate key is a finding with both places, and the file still loads")
    func duplicateKey() throws {
        let (docs, diags) = load("metadata:\n  name: a\n  name: b\n---\nkind: Next\n")
        #expect(docs.count == 2)
        #expect(docs[0].root[path: ["metadata", "name"]]?.string == "b")
        let d = try #require(diags.first)
        #expect(d.id == "yaml/duplicate-key")
        #expect(d.location == SourceLocation(path: "f.yaml", line: 3, column: 3))
        #expect(d.notes.first?.location == SourceLocation(path: "f.yaml", line: 2, column: 3))
    }

    @Test("a syntax error is reported at its position and earlier documents are kept")
    func syntaxError() throws {
        let (docs, diags) = load("a: 1\n---\nb: [1, 2\nc: 3\n")
        #expect(docs.count == 1)
        let d = try #require(diags.first)
        #expect(d.id == "yaml/syntax")
        #expect(d.location?.line == 4)
    }

    @Test("anchors, aliases and merge keys are expanded")
    func aliases() throws {
        let (docs, diags) = load("base: &b {x: 1, y: 2}\nname: &app plex\napp: *app\nm:\n  <<: *b\n  y: 3\n")
        #expect(diags.isEmpty)
        let root = docs[0].root
        #expect(root["app"]?.string == "plex")
        #expect(root[path: ["m", "x"]]?.int == 1)
        #expect(root[path: ["m", "y"]]?.int == 3)
    }

    @Test("a billion-laughs document is refused with a finding, quickly")
    func billionLaughs() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<12 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        let (docs, diags) = load(text)
        #expect(docs.isEmpty)
        #expect(diags.map(\.id) == ["yaml/alias-expansion"])
    }

    @Test("a deep but honest document is not mistaken for an alias bomb")
    func deepDocument() throws {
        let depth = 200
        let leaves = (0..<10_000).map(String.init).joined(separator: ", ")
        let text = "v: " + String(repeating: "[", count: depth) + leaves + String(repeating: "]", count: depth) + "\n"
        let (docs, diags) = load(text)
        #expect(diags.isEmpty)
        var node = try #require(docs.first?.root["v"])
        for _ in 1..<depth { node = try #require(node.items?.first) }
        #expect(node.items?.count == 10_000)
    }

    @Test("custom tags and a plain '=' scalar are tolerated")
    func customTags() throws {
        let (docs, diags) = load("a: !env_var HOME\nmatchType: =\nb: !!python/name:foo.bar ''\n")
        #expect(diags.isEmpty)
        #expect(docs[0].root["a"]?.tag == "!env_var")
        #expect(docs[0].root["a"]?.string == "HOME")
        #expect(docs[0].root["matchType"]?.string == "=")
    }

    @Test("SOPS documents are recognised")
    func sops() throws {
        let (docs, _) = load(
            "kind: Secret\nstringData:\n  k: ENC[AES256_GCM,data:x]\nsops:\n  mac: ENC[x]\n  version: 3.9.0\n"
        )
        #expect(docs[0].isSOPSEncrypted)
    }

    @Test("scalar types resolve as Kubernetes tools read them")
    func resolution() {
        #expect(ScalarResolver.resolve("3") == .int(3))
        #expect(ScalarResolver.resolve("true") == .bool(true))
        #expect(ScalarResolver.resolve("~") == .null)
        #expect(ScalarResolver.resolve("1.5") == .float("1.5"))
        #expect(ScalarResolver.resolve("1.2.3") == .string("1.2.3"))
        #expect(ScalarResolver.resolve("0x1F") == .int(31))
        #expect(ScalarResolver.resolve("-") == .string("-"))
        #expect(YAMLScalar("3", style: .doubleQuoted).resolved == .string("3"))
    }
}
