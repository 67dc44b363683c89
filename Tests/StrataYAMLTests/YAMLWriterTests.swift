import StrataCore
import Testing

@testable import StrataYAML

@Suite("YAML writing")
struct YAMLWriterTests {
    private func roundTrip(_ text: String) throws -> (YAMLNode, YAMLNode, String) {
        let sink = DiagnosticCollector()
        let original = try #require(YAMLLoader.load(text, path: "a", into: sink).first).root
        let written = YAMLWriter.write(original)
        let reread = try #require(YAMLLoader.load(written, path: "b", into: sink).first).root
        #expect(sink.diagnostics.isEmpty, "\(written)")
        return (original, reread, written)
    }

    @Test("kustomize layout: two spaces, sequences under keys not indented, literal blocks")
    func layout() throws {
        let (_, _, written) = try roundTrip(
            "a:\n  b:\n    - x: 1\n      y: two\n    - z\nscript: |\n  echo hi\n  exit 0\n"
        )
        #expect(
            written == "a:\n  b:\n  - x: 1\n    y: two\n  - z\nscript: |\n  echo hi\n  exit 0\n"
        )
    }

    @Test(
        "strings that would change type or meaning are quoted and read back equal",
        arguments: [
            "'3'", "'true'", "'yes'", "'null'", "''", "'- x'", "': x'", "'a: b'", "'a #b'", "'#x'", "'*x'", "'&x'",
            "'!x'", "'{x}'", "'[x]'", "'%x'", "'@x'", "'`x'", "' lead'", "'trail '", "'x:'", "\"tab\\there\"",
            "\"bell\\a\"", "'1e3'", "'0x10'", "'.inf'", "'~'", "'---'", "\"line\\nbreak \"", "'é'", "'it''s'",
            "\"a\\r\\nb\"",
        ]
    )
    func quoting(_ literal: String) throws {
        let (original, reread, _) = try roundTrip("v: \(literal)\n")
        #expect(original == reread)
        #expect(original["v"]?.scalar?.text == reread["v"]?.scalar?.text)
    }

    @Test("multi-line strings keep their trailing newlines")
    func chomping() throws {
        for text in [
            "v: |-\n  a\n  b\n", "v: |\n  a\n\n  b\n", "v: |+\n  a\n\n", "v: \"a\\n\\n\"\n", "v: \"a\\nb  \\nc\"\n",
        ] {
            let (original, reread, written) = try roundTrip(text)
            #expect(original["v"]?.scalar?.text == reread["v"]?.scalar?.text, "\(written)")
        }
    }

    @Test("plain scalars keep their types, empty collections stay empty")
    func types() throws {
        let (original, reread, written) = try roundTrip("a: 1\nb: true\nc: null\nd: {}\ne: []\nf: 1.5\ng: ~\n")
        #expect(original == reread)
        #expect(written.contains("d: {}\n"))
        #expect(written.contains("e: []\n"))
    }
}
