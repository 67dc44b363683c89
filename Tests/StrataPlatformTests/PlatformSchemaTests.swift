import Foundation
import StrataCore
import StrataTestSupport
import StrataYAML
import Testing

@testable import StrataPlatform

@Suite("Platform schema")
struct PlatformSchemaTests {
    static let hasJSONSchema: Bool = {
        (try? StrataProcess.runProcess("/usr/bin/env", ["python3", "-c", "import jsonschema"]).code) == 0
    }()

    static func schemaObject() throws -> [String: Any] {
        let data = Data(PlatformSchema.jsonSchema().utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every object in the schema, depth first.
    static func objects(_ value: Any) -> [[String: Any]] {
        if let object = value as? [String: Any] { return [object] + object.values.flatMap(objects) }
        if let array = value as? [Any] { return array.flatMap(objects) }
        return []
    }

    @Test("The schema is draft 2020-12 JSON and the same on every run")
    func deterministic() throws {
        #expect(PlatformSchema.jsonSchema() == PlatformSchema.jsonSchema())
        let schema = try Self.schemaObject()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(PlatformSchema.jsonSchema().hasSuffix("}\n"))
    }

    @Test("Every mapping is closed and every key is described")
    func closedAndDescribed() throws {
        for object in Self.objects(try Self.schemaObject()) where object["type"] as? String == "object" {
            if let properties = object["properties"] as? [String: [String: Any]] {
                #expect(object["additionalProperties"] as? Bool == false)
                for (name, property) in properties {
                    #expect((property["description"] as? String)?.isEmpty == false, "\(name) has no description")
                }
            }
        }
    }

    @Test("Every pattern of the table compiles in Swift, so the decoder applies what the schema states")
    func patternsCompile() throws {
        let patterns = Self.objects(try Self.schemaObject()).compactMap { $0["pattern"] as? String }
        #expect(patterns.count > 10)
        for pattern in Set(patterns) {
            #expect((try? Regex(pattern)) != nil, "\(pattern)")
        }
    }

    @Test("Cluster, node, pool and objective shapes are named definitions with their required keys")
    func definitions() throws {
        let definitions = try #require(try Self.schemaObject()["$defs"] as? [String: [String: Any]])
        let cluster = try #require(definitions["Cluster"])
        #expect(
            cluster["required"] as? [String] == ["name", "id", "asn", "podCIDR", "serviceCIDR", "endpoint", "nodes"]
        )
        let pool = try #require(definitions["CephPool"])
        #expect((pool["oneOf"] as? [Any])?.count == 2)
        let node = try #require(definitions["Node"]?["properties"] as? [String: [String: Any]])
        #expect(node["role"]?["enum"] as? [String] == ["controlplane", "worker"])
        #expect(node["role"]?["default"] as? String == "controlplane")
    }

    /// Mutations of the default text that the decoder refuses, and that the schema must refuse too.
    static let refused: [(String, String)] = [
        ("domain: monosense.io", "domian: monosense.io"),
        ("mtu: 9000", "mtu: big"),
        ("mtu: 9000", "mtu: 100000"),
        ("podCIDR: 10.244.0.0/16", "podCIDR: 10.244.0.0/33"),
        ("ceph: provider", "ceph: provder"),
        ("- name: prod-01", "- name: Prod-01"),
        ("- name: prod-01", "- name: prod-" + String(repeating: "0", count: 60)),
        ("id: 1", "id: 300"),
        ("memory: 64Gi", "memory: 64GB"),
        ("cpus: 12", "cpus: \"12\""),
        ("    cilium: 1.18.3", "    cillium: 1.18.3"),
        ("schedule: \"0 2 * * *\"", "schedule: \"0 2 * * MON\""),
        ("rpo: 24h", "rpo: 1 day"),
        ("multipath: true", "multipath: yes"),
        ("nameservers: [10.25.11.1]", "nameservers: []"),
        (
            "replicated: {size: 3, minSize: 2}\n        failureDomain",
            "replicated: {size: 3, minSize: 2}\n        erasureCoded: {dataChunks: 2, codingChunks: 1}\n        failureDomain"
        ),
        ("        replicated: {size: 3, minSize: 2}\n", ""),
    ]

    @Test(
        "Python's jsonschema accepts the default spec and refuses what the decoder refuses",
        .enabled(if: hasJSONSchema, "python3 with the jsonschema package is not available")
    )
    func pythonValidation() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "strata-schema-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try PlatformSchema.jsonSchema().write(
            to: directory.appendingPathComponent("schema.json"),
            atomically: true,
            encoding: .utf8
        )
        var instances: [(name: String, json: String, valid: Bool)] = [
            ("default", try Self.json(DefaultPlatformText.text), true),
            ("encoded", PlatformSchema.json(of: DefaultPlatform.spec), true),
        ]
        for (index, change) in Self.refused.enumerated() {
            let text = SpecText.mutated([change])
            #expect(!SpecText.decode(text).diagnostics.isEmpty, "the decoder accepts \(change.1)")
            instances.append(("refused-\(index)", try Self.json(text), false))
        }
        for instance in instances {
            try instance.json.write(
                to: directory.appendingPathComponent("\(instance.name).json"),
                atomically: true,
                encoding: .utf8
            )
        }
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            for path in sys.argv[2:]:
                errors = list(validator.iter_errors(json.load(open(path))))
                print(path.rsplit('/', 1)[-1], "ok" if not errors else "invalid: " + errors[0].message[:200])
            """
        let result = try StrataProcess.runProcess(
            "/usr/bin/env",
            ["python3", "-c", script, directory.appendingPathComponent("schema.json").path]
                + instances.map { directory.appendingPathComponent("\($0.name).json").path }
        )
        #expect(result.code == 0, "\(result.stderr)")
        let verdicts = Dictionary(
            uniqueKeysWithValues: result.stdout.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
        )
        for instance in instances {
            let verdict = try #require(verdicts["\(instance.name).json"], "no verdict for \(instance.name)")
            if instance.valid {
                #expect(verdict == "ok", "\(instance.name): \(verdict)")
            } else {
                #expect(verdict.hasPrefix("invalid"), "the schema accepts \(instance.name)")
            }
        }
    }

    /// A YAML text as JSON, typed as StrataYAML resolves its scalars.
    static func json(_ yaml: String) throws -> String {
        let root = try #require(YAMLLoader.load(yaml, path: SpecText.path, into: DiagnosticCollector()).first?.root)
        return String(decoding: try JSONEncoder().encode(root.jsonValue), as: UTF8.self)
    }
}
