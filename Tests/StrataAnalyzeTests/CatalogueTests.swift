import Foundation
import StrataAnalyze
import Testing

/// The catalogue's bookkeeping: generated documentation, registration, and ids the loader emits.
@Suite("Rule catalogue")
struct CatalogueTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("docs/rules.md is what the registry generates")
    func documentationIsFresh() throws {
        let path = Self.packageRoot.appendingPathComponent("docs/rules.md").path
        let current = try String(contentsOfFile: path, encoding: .utf8)
        let generated = RuleDocumentation.markdown(RuleRegistry.descriptions)
        #expect(
            current == generated,
            "docs/rules.md is out of date; run: swift run strata rules -o markdown > docs/rules.md"
        )
    }

    @Test("every rule type under Rules/ is registered")
    func everyRuleIsRegistered() throws {
        let directory = Self.packageRoot.appendingPathComponent("Sources/StrataAnalyze/Rules")
        let registered = Set(RuleRegistry.all.map { String(describing: $0) })
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var declared: [String] = []
        while let file = enumerator?.nextObject() as? String {
            guard file.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: directory.appendingPathComponent(file).path, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("struct ") {
                let rest = line.dropFirst("struct ".count)
                let name = rest.prefix { $0.isLetter || $0.isNumber }
                if rest.dropFirst(name.count).hasPrefix(": Rule")
                    || rest.dropFirst(name.count).hasPrefix(": LoaderRule")
                {
                    declared.append(String(name))
                }
            }
        }
        #expect(!declared.isEmpty)
        for name in declared {
            #expect(registered.contains(name), "\(name) is declared but not in its domain's list")
        }
    }

    @Test("every id the pipeline emits is a rule or a described pipeline finding")
    func everyEmittedIDIsKnown() throws {
        let known = Analyzer.knownIDs
        let pattern = try NSRegularExpression(pattern: #""((?:yaml|kustomize|flux|config|strata)/[a-z0-9-]+)""#)
        for module in ["StrataYAML", "StrataKustomize", "StrataFlux", "StrataAnalyze"] {
            let directory = Self.packageRoot.appendingPathComponent("Sources/\(module)")
            let enumerator = FileManager.default.enumerator(atPath: directory.path)
            while let file = enumerator?.nextObject() as? String {
                guard file.hasSuffix(".swift"), !file.hasPrefix("Rules/") else { continue }
                let text = try String(contentsOfFile: directory.appendingPathComponent(file).path, encoding: .utf8)
                let range = NSRange(text.startIndex..., in: text)
                for match in pattern.matches(in: text, range: range) {
                    guard let idRange = Range(match.range(at: 1), in: text) else { continue }
                    let id = String(text[idRange])
                    let isKnown = known.contains(id)
                    #expect(isKnown, "\(module)/\(file) emits '\(id)', which the catalogue does not describe")
                }
            }
        }
    }
}
