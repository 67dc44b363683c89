import Foundation
import StrataAnalyze
import StrataCore
import Testing

/// Every rule's examples, run as tests with the robustness variants: the examples are the documentation,
/// so a rule cannot document what it does not do.
@Suite("Rule examples")
struct RuleExampleTests {
    static let rules = RuleRegistry.all.map { RuleCase(type: $0) }

    struct RuleCase: CustomTestStringConvertible, Sendable {
        let type: any Rule.Type
        var testDescription: String { type.description.id }
    }

    @Test("passing examples produce no findings", arguments: rules)
    func passing(_ rule: RuleCase) throws {
        for example in rule.type.description.passing {
            let found = try ExampleRunner.run(rule.type, files: ExampleRunner.files(of: example))
            #expect(
                found.isEmpty,
                "\(found.map { "\($0.location?.description ?? "-"): \($0.message)" })",
                sourceLocation: location(of: example)
            )
        }
    }

    @Test("failing examples report exactly at the ↓ markers", arguments: rules)
    func failing(_ rule: RuleCase) throws {
        let description = rule.type.description
        for example in description.failing {
            let files = ExampleRunner.files(of: example)
            let found = try ExampleRunner.run(rule.type, files: files)
            #expect(
                ExampleRunner.places(found) == ExampleRunner.expected(files),
                "\(found.map { "\($0.location?.description ?? "-"): \($0.message)" })",
                sourceLocation: location(of: example)
            )
            #expect(found.allSatisfy { $0.severity <= description.severity }, sourceLocation: location(of: example))
            #expect(
                found.allSatisfy { !$0.message.hasSuffix(".") },
                "messages have no final period",
                sourceLocation: location(of: example)
            )
        }
    }

    @Test("a multi-byte comment before the example moves findings down one line", arguments: rules)
    func multiByteComment(_ rule: RuleCase) throws {
        for example in rule.type.description.failing {
            var files = ExampleRunner.files(of: example)
            for index in files.indices where !files[index].markers.isEmpty {
                files[index].text = "# ✓ ünïcödé 👩‍👩‍👧 comment\n" + files[index].text
                files[index].markers = files[index].markers.map { shifted($0, by: 1) }
            }
            let found = try ExampleRunner.run(rule.type, files: files)
            #expect(ExampleRunner.places(found) == ExampleRunner.expected(files), sourceLocation: location(of: example))
        }
    }

    @Test("the example as a second document reports at the shifted places", arguments: rules)
    func secondDocument(_ rule: RuleCase) throws {
        let preamble = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated, namespace: default}\n---\n"
        for example in rule.type.description.failing {
            var files = ExampleRunner.files(of: example)
            for index in files.indices where !files[index].markers.isEmpty && isManifest(files[index]) {
                files[index].text = preamble + files[index].text
                files[index].markers = files[index].markers.map { shifted($0, by: 4) }
            }
            let found = try ExampleRunner.run(rule.type, files: files)
            #expect(ExampleRunner.places(found) == ExampleRunner.expected(files), sourceLocation: location(of: example))
        }
    }

    @Test("CRLF line endings report at the same places", arguments: rules)
    func crlf(_ rule: RuleCase) throws {
        for example in rule.type.description.failing {
            var files = ExampleRunner.files(of: example)
            for index in files.indices {
                files[index].text = files[index].text.replacingOccurrences(of: "\n", with: "\r\n")
            }
            let found = try ExampleRunner.run(rule.type, files: files)
            #expect(ExampleRunner.places(found) == ExampleRunner.expected(files), sourceLocation: location(of: example))
        }
    }

    @Test("a disable-next-line comment above each marker silences the rule", arguments: rules)
    func suppressed(_ rule: RuleCase) throws {
        let id = rule.type.description.id
        for example in rule.type.description.failing {
            var files = ExampleRunner.files(of: example)
            for index in files.indices where !files[index].markers.isEmpty {
                var lines = files[index].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for line in Set(files[index].markers.map(\.line)).sorted(by: >) {
                    let indent = lines[line - 1].prefix { $0 == " " }
                    lines.insert("\(indent)# strata:disable-next-line \(id) -- example", at: line - 1)
                }
                files[index].text = lines.joined(separator: "\n")
            }
            let found = try ExampleRunner.run(rule.type, files: files)
            #expect(found.isEmpty, "\(ExampleRunner.places(found))", sourceLocation: location(of: example))
        }
    }

    @Test("every rule is documented and has both kinds of example", arguments: rules)
    func metadata(_ rule: RuleCase) {
        let d = rule.type.description
        #expect(!d.passing.isEmpty && !d.failing.isEmpty)
        #expect(d.failing.allSatisfy { example in example.files.contains { $0.text.contains("↓") } })
        #expect(!d.summary.hasSuffix("."))
        #expect(!d.rationale.isEmpty && !d.remediation.isEmpty && !d.name.isEmpty)
        #expect(d.domain != nil, "the id starts with a known domain")
        let name = d.id.split(separator: "/").last.map(String.init) ?? ""
        #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } && !name.hasSuffix("-rule"))
        let typeName = name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        #expect(String(describing: rule.type) == typeName, "the type is named after the id")
    }

    @Test("ids are unique")
    func uniqueIDs() {
        let ids = RuleRegistry.all.map { $0.description.id }
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids).isDisjoint(with: PipelineDiagnostics.all.map(\.id)))
    }

    private func shifted(_ location: StrataCore.SourceLocation, by lines: Int) -> StrataCore.SourceLocation {
        StrataCore.SourceLocation(path: location.path, line: location.line + lines, column: location.column)
    }

    private func isManifest(_ file: ExampleRunner.MarkedFile) -> Bool {
        (file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml")) && file.text.contains("apiVersion:")
            && !file.path.hasSuffix("kustomization.yaml") && file.path != "strata.yaml"
    }

    private func location(of example: Example) -> Testing.SourceLocation {
        Testing.SourceLocation(
            fileID: "StrataAnalyze/\((example.sourceFile as NSString).lastPathComponent)",
            filePath: example.sourceFile,
            line: example.sourceLine,
            column: 1
        )
    }
}
