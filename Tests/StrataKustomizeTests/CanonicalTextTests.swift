import StrataCore
import StrataTestSupport
import StrataYAML
import Testing

@Suite("canonical object text for parity comparisons")
struct CanonicalTextTests {
    private func node(_ text: String) throws -> YAMLNode {
        try #require(YAMLLoader.load(text, path: "t.yaml", into: DiagnosticCollector()).first).root
    }

    @Test("key order, quoting style, comments and anchors do not matter")
    func presentationIsIgnored() throws {
        let a = try node("kind: ConfigMap\ndata: {b: '2', a: x}\nlist: [1, 2]\n")
        let b = try node("# c\ndata:\n  a: \"x\"\n  b: \"2\"\nkind: &k ConfigMap\nlist:\n- 1\n- 2\n")
        #expect(canonicalText(a) == canonicalText(b))
    }

    @Test("resolved types and sequence order do matter")
    func dataMatters() throws {
        #expect(canonicalText(try node("a: 3")) != canonicalText(try node("a: '3'")))
        #expect(canonicalText(try node("a: true")) != canonicalText(try node("a: 'true'")))
        #expect(canonicalText(try node("a: 1.50")) == canonicalText(try node("a: 1.5")))
        #expect(canonicalText(try node("a: [x, y]")) != canonicalText(try node("a: [y, x]")))
        #expect(canonicalText(try node("a: null")) != canonicalText(try node("a: ''")))
    }

    @Test("object sets compare regardless of order, and a difference names the object and the line")
    func objectSets() throws {
        let one = try node("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n")
        let two = try node("apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: n}\n")
        let changed = try node("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: w}\n")
        #expect(canonicalObjects([one, two]) == canonicalObjects([two, one]))
        #expect(objectSetDifference(expected: [one, two], actual: [two, one]) == nil)

        let difference = try #require(objectSetDifference(expected: [one, two], actual: [changed]))
        #expect(difference.contains("only in expected:\n  v1 Service n/a"))
        #expect(difference.contains("first differing object, v1 ConfigMap a"))
        #expect(difference.contains("-     \"k\": \"v\"\n+     \"k\": \"w\""))
    }

    @Test("the line diff keeps a few lines of context and elides the rest")
    func lineDiffContext() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "line 10\n", with: "line ten\n")
        let diff = lineDiff(old, new, context: 2)
        #expect(diff == "@@ … @@\n  line 8\n  line 9\n- line 10\n+ line ten\n  line 11\n  line 12\n@@ … @@")
    }
}
