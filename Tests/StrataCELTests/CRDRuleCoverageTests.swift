import Foundation
import StrataCEL
import StrataCore
import StrataYAML
import Testing

/// The CRD collection kept next to the package (`../shared/crds` from the package root), when present.
private let crdFolder: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/crds")

private let haveCRDs = FileManager.default.fileExists(atPath: crdFolder.path)

/// Every `x-kubernetes-validations` rule in a node tree, with the file it came from.
private func rules(
    in node: YAMLNode,
    file: String,
    into out: inout [(file: String, rule: String, messageExpression: String?)]
) {
    if let pairs = node.pairs {
        for pair in pairs {
            if pair.key.scalar?.text == "x-kubernetes-validations", let items = pair.value.items {
                for item in items {
                    if let rule = item["rule"]?.string {
                        out.append((file, rule, item["messageExpression"]?.string))
                    }
                }
            }
            rules(in: pair.value, file: file, into: &out)
        }
    } else if let items = node.items {
        for item in items { rules(in: item, file: file, into: &out) }
    }
}

@Suite("CEL rules of real CRDs")
struct CRDRuleCoverageTests {
    @Test(
        "at least 90% of the x-kubernetes-validations rules in the CRD collection compile as supported",
        .enabled(if: haveCRDs, "the CRD collection (../shared/crds next to the package) is absent")
    )
    func coverage() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: crdFolder.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        var found: [(file: String, rule: String, messageExpression: String?)] = []
        for file in files {
            let text = try String(contentsOf: crdFolder.appendingPathComponent(file), encoding: .utf8)
            for doc in YAMLLoader.load(text, path: file, into: DiagnosticCollector()) {
                rules(in: doc.root, file: file, into: &found)
            }
        }
        try #require(!found.isEmpty)
        var supported = 0
        var transition = 0
        var unsupported: [String] = []
        for entry in found {
            switch CELProgram.compile(entry.rule) {
            case .success(let program):
                supported += 1
                if program.isTransitionRule { transition += 1 }
            case .failure(let error):
                // A genuine syntax error in a published CRD would be a bug in this parser.
                #expect(error.unsupported, "\(entry.file): \(entry.rule): \(error)")
                unsupported.append("\(entry.file): \(entry.rule) — \(error.message)")
            }
            if let expression = entry.messageExpression {
                if case .failure(let error) = CELProgram.compile(expression) {
                    unsupported.append("\(entry.file): messageExpression \(expression) — \(error.message)")
                }
            }
        }
        let ratio = Double(supported) / Double(found.count)
        print(
            "CEL coverage: \(supported)/\(found.count) rules (\(String(format: "%.1f", ratio * 100))%) in \(files.count) CRD files compile as supported; \(transition) are transition rules"
        )
        for line in unsupported { print("unsupported: \(line)") }
        #expect(ratio >= 0.9)
    }

    @Test(
        "the Flux HelmRelease CRD's own schema rejects a release with both chart and chartRef",
        .enabled(if: haveCRDs, "the CRD collection (../shared/crds next to the package) is absent")
    )
    func helmReleaseCRD() throws {
        let text = try String(
            contentsOf: crdFolder.appendingPathComponent("helm.toolkit.fluxcd.io_helmreleases.yaml"),
            encoding: .utf8
        )
        let crd = try #require(YAMLLoader.load(text, path: "crd.yaml", into: DiagnosticCollector()).first?.root)
        let version = try #require(crd[path: ["spec", "versions"]]?.items?.first { $0["name"]?.string == "v2" })
        let validator = CELSchemaValidator(schema: try #require(version[path: ["schema", "openAPIV3Schema"]]))
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: podinfo, namespace: apps}
            spec:
              interval: 10m
              chart:
                spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}
              chartRef: {kind: OCIRepository, name: podinfo}
            """
        let object = try #require(YAMLLoader.load(release, path: "hr.yaml", into: DiagnosticCollector()).first?.root)
        let failures = validator.validate(object).filter { if case .failed = $0.outcome { true } else { false } }
        #expect(failures.count == 1)
        #expect(failures.first?.fieldPath == "spec")
        #expect(failures.first?.location?.line == 5)
        var fixed = object
        fixed.modify("spec") { _ = $0.remove("chartRef") }
        #expect(validator.validate(fixed).allSatisfy { if case .failed = $0.outcome { false } else { true } })
    }

    @Test(
        "every CRD version's schema compiles into a validator that judges a minimal object without invalid rules",
        .enabled(if: haveCRDs, "the CRD collection (../shared/crds next to the package) is absent")
    )
    func everySchema() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: crdFolder.path).filter { $0.hasSuffix(".yaml") }
        var schemas = 0
        for file in files {
            let text = try String(contentsOf: crdFolder.appendingPathComponent(file), encoding: .utf8)
            for doc in YAMLLoader.load(text, path: file, into: DiagnosticCollector()) {
                for version in doc.root[path: ["spec", "versions"]]?.items ?? [] {
                    guard let schema = version[path: ["schema", "openAPIV3Schema"]] else { continue }
                    schemas += 1
                    let validator = CELSchemaValidator(schema: schema)
                    let object = YAMLNode.mapping([
                        ("apiVersion", .string("x/v1")), ("kind", .string("X")),
                        ("metadata", .mapping([("name", .string("x"))])), ("spec", .mapping([])),
                    ])
                    for finding in validator.validate(object) {
                        if case .error(let message) = finding.outcome {
                            #expect(!message.hasPrefix("invalid rule"), "\(file): \(finding.rule): \(message)")
                        }
                    }
                }
            }
        }
        #expect(schemas > 0)
    }
}
