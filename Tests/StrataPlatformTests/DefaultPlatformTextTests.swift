import StrataCore
import StrataYAML
import Testing

@testable import StrataPlatform

@Suite("Default platform text")
struct DefaultPlatformTextTests {
    @Test("The default text decodes without diagnostics to exactly the default spec")
    func decodesToDefault() throws {
        let document = SpecText.decode(DefaultPlatformText.text)
        #expect(document.diagnostics.isEmpty, "\(SpecText.describe(document.diagnostics))")
        let spec = try #require(document.spec)
        #expect(spec == DefaultPlatform.spec)
    }

    @Test("The default text validates without findings")
    func validatesClean() {
        let diagnostics = PlatformSpecValidator.validate(SpecText.decode(DefaultPlatformText.text))
        #expect(diagnostics.isEmpty, "\(SpecText.describe(diagnostics))")
    }

    @Test("The default text writes out every key the spec has, defaults included, so each can be explained")
    func everyKeyWritten() throws {
        let collector = DiagnosticCollector()
        let root = try #require(
            YAMLLoader.load(DefaultPlatformText.text, path: SpecText.path, into: collector).first?.root
        )
        let encoded = PlatformSchema.json(of: DefaultPlatform.spec)
        let encodedRoot = try #require(YAMLLoader.load(encoded, path: "encoded.json", into: collector).first?.root)
        #expect(Self.keyPaths(root) == Self.keyPaths(encodedRoot))
    }

    @Test("The default text is commented: a comment precedes every top-level section")
    func commented() {
        let lines = DefaultPlatformText.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.first?.isLetter == true {
            #expect(index > 0 && lines[index - 1].hasPrefix("#"), "no comment above '\(line)'")
        }
    }

    /// Every path of mapping keys in a node, with list items as `[]`.
    static func keyPaths(_ node: YAMLNode, prefix: String = "") -> Set<String> {
        switch node.content {
        case .scalar: return []
        case .sequence(let items): return items.reduce(into: []) { $0.formUnion(keyPaths($1, prefix: prefix + "[]")) }
        case .mapping(let pairs):
            return pairs.reduce(into: []) { paths, pair in
                let path = prefix + "." + (pair.key.scalar?.text ?? "?")
                paths.insert(path)
                paths.formUnion(keyPaths(pair.value, prefix: path))
            }
        }
    }
}
