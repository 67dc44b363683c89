import Foundation
import StrataCore
import StrataYAML
import Synchronization
import Testing

@testable import StrataFlux

private func load(_ text: String) throws -> YAMLNode {
    let sink = DiagnosticCollector()
    let root = try #require(YAMLLoader.load(text, path: "obj.yaml", into: sink).first).root
    #expect(sink.diagnostics.isEmpty)
    return root
}

private func object(spec: String) -> String {
    "apiVersion: v1\nkind: Thing\nmetadata:\n  name: x\nspec:\n" + spec
}

private func substitute(
    spec: String,
    _ variables: [String: String],
    strict: Bool = false
) throws -> (spec: YAMLNode, result: SubstitutionResult) {
    let result = VariableSubstitution.apply(to: try load(object(spec: spec)), variables: variables, strict: strict)
    return (try #require(result.node["spec"]), result)
}

@Suite("Flux post-build substitution of objects")
struct VariableSubstitutionTests {
    @Test("an object without ${ or $$ comes back as it is")
    func untouched() throws {
        let node = try load(object(spec: "  a: plain\n  b: 3\n  c: \"$x and $ {y}\"\n  d: [x, y]\n"))
        let result = VariableSubstitution.apply(to: node, variables: ["x": "1"], strict: true)
        #expect(result.node == node)
        #expect(result.node["spec"]?["c"]?.scalar == node["spec"]?["c"]?.scalar)
        #expect(result.errors.isEmpty && result.undefined.isEmpty)
    }

    @Test(
        "the label or annotation `substitute: disabled` opts out, case-sensitively",
        arguments: [
            ("labels", "disabled", true), ("annotations", "disabled", true), ("annotations", "\"disabled\"", true),
            ("labels", "Disabled", false), ("annotations", "enabled", false), ("annotations", "'disabled '", false),
        ]
    )
    func optOut(_ field: String, _ value: String, _ skipped: Bool) throws {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: x
              \(field):
                kustomize.toolkit.fluxcd.io/substitute: \(value)
            data:
              a: ${v}
            """
        let result = VariableSubstitution.apply(to: try load(text), variables: ["v": "set"], strict: true)
        #expect(result.node["data"]?["a"]?.string == (skipped ? "${v}" : "set"))
        #expect(VariableSubstitution.isOptedOut(try load(text)) == skipped)
    }

    @Test(
        "a whole-value expression is re-typed as Flux's YAML reader types it",
        arguments: [
            ("3", ResolvedScalar.int(3)), ("true", .bool(true)), ("yes", .bool(true)), ("off", .bool(false)),
            ("", .null), ("~", .null), ("null", .null), ("0755", .int(493)), ("1_000", .int(1000)),
            ("0x1F", .int(31)), ("0b101", .int(5)), ("+5", .int(5)), ("08", .int(8)), ("1e3", .float("1000.0")),
            ("2024-01-02", .string("2024-01-02")), ("1:30", .string("1:30")), ("v1", .string("v1")),
            ("x #note", .string("x")), ("  padded  ", .string("padded")), ("'3'", .string("3")),
            ("\"true\"", .string("true")),
        ]
    )
    func retyping(_ value: String, _ expected: ResolvedScalar) throws {
        let (spec, result) = try substitute(spec: "  a: \"${v}\"\n", ["v": value])
        #expect(result.errors.isEmpty)
        #expect(spec["a"]?.scalar?.resolved == expected)
    }

    @Test("a re-typed or changed scalar keeps the location of the original node")
    func locations() throws {
        let text = object(spec: "  a: \"${n}\"\n  b:\n    - x-${n}\n  c: ${list}\n")
        let original = try load(text)
        let result = VariableSubstitution.apply(
            to: original,
            variables: ["n": "3", "list": "[1, {k: v}]"],
            strict: true
        )
        let spec = try #require(result.node["spec"])
        #expect(spec["a"]?.int == 3)
        #expect(spec["a"]?.location == original["spec"]?["a"]?.location)
        #expect(spec["b"]?.items?.first?.string == "x-3")
        #expect(spec["b"]?.items?.first?.location == original["spec"]?["b"]?.items?.first?.location)
        let list = try #require(spec["c"])
        #expect(list == .sequence([.int(1), .mapping([("k", .plain("v"))])]))
        let source = original["spec"]?["c"]?.location
        #expect(list.location == source)
        #expect(list.items?[1].location == source)
        #expect(list.items?[1].pairs?[0].key.location == source)
        #expect(list.items?[1]["k"]?.location == source)
        #expect(result.node["metadata"]?["name"]?.location == original["metadata"]?["name"]?.location)
    }

    @Test(
        "strings Flux writes quoted or as blocks stay strings",
        arguments: [
            ("\"${a}: ${b}\"", "1: 2"),  // ': ' forces single quotes
            ("\"${a} #c\"", "1 #c"),
            ("\" ${a}\"", " 1"),
            ("\"${a} \"", "1 "),
            ("\"*${a}\"", "*1"),
            ("\"- ${a}\"", "- 1"),
            ("\"${a}\\t${b}\"", "1\t2"),  // a tab forces double quotes
            ("\"🙂 ${a}\"", "🙂 1"),  // so does a code point above U+FFFF
            ("\"it's ${a}\"", "it's 1"),
            ("\"${a}\\n\"", "1\n"),  // multi-line: a literal block
            ("\"${a} \\n${b}\"", "1 \n2"),  // a space before a line break: double quotes
        ]
    )
    func quotedStaysString(_ source: String, _ expected: String) throws {
        let (spec, result) = try substitute(spec: "  s: \(source)\n", ["a": "1", "b": "2"])
        #expect(result.errors.isEmpty)
        #expect(spec["s"]?.scalar?.resolved == .string(expected))
    }

    @Test("keys are substituted and stay strings, as YAML → JSON makes them")
    func keys() throws {
        let (spec, result) = try substitute(
            spec: "  ${k}: v\n  \"${p}\": port\n  ${b}: flag\n  x-${k}:\n    ${k}: nested\n",
            ["k": "name", "p": "8080", "b": "yes"]
        )
        #expect(result.errors.isEmpty)
        #expect(spec.keys == ["name", "8080", "true", "x-name"])
        #expect(spec["8080"]?.string == "port")
        #expect(spec.pairs?[1].key.scalar?.resolved == .string("8080"))
        #expect(spec["x-name"]?["name"]?.string == "nested")
        #expect(spec.keyLocation("name") != nil)
    }

    @Test("every newline is removed from variable values")
    func newlines() throws {
        let (spec, _) = try substitute(spec: "  a: ${v}\n  b: \"${n}\"\n", ["v": "line1\nline2\n", "n": "4\n2"])
        #expect(spec["a"]?.string == "line1line2")
        #expect(spec["b"]?.int == 42)
    }

    @Test("$$ is one $ in every string, and $var is left alone")
    func escapes() throws {
        let script = "  script: |\n    echo $$HOME ${who} $$$$ $PATH\n    echo $${kept}\n"
        let (spec, result) = try substitute(spec: script, ["who": "me", "kept": "no"])
        #expect(result.errors.isEmpty)
        #expect(spec["script"]?.string == "echo $HOME me $$ $PATH\necho ${kept}\n")
    }

    @Test("Unicode values and names go through unchanged")
    func unicode() throws {
        let (spec, result) = try substitute(
            spec: "  a: ${v}\n  b: \"→ ${v} ←\"\n  c: ${v^^}\n",
            ["v": "café ☕ 😀"]
        )
        #expect(result.errors.isEmpty)
        #expect(spec["a"]?.string == "café ☕ 😀")
        #expect(spec["b"]?.string == "→ café ☕ 😀 ←")
        #expect(spec["c"]?.string == "CAFÉ ☕ 😀")
    }

    @Test("values can inject YAML structure where Flux's reader would see it")
    func structure() throws {
        let (spec, result) = try substitute(
            spec: "  tolerations: ${t}\n  list:\n    - ${pair}\n    - ${dash}\n",
            ["t": #"[{"key": "a", "operator": "Exists"}]"#, "pair": "a: b", "dash": "- x"]
        )
        #expect(result.errors.isEmpty)
        #expect(spec["tolerations"] == .sequence([.mapping([("key", .string("a")), ("operator", .string("Exists"))])]))
        #expect(spec["list"]?.items?[0] == .mapping([("a", .plain("b"))]))
        #expect(spec["list"]?.items?[1] == .sequence([.plain("x")]))
    }

    @Test(
        "values that break the YAML around them fail the object",
        arguments: [
            ("  a: ${v}\n", "a: b"), ("  a: ${v}\n", "*alias"), ("  a: ${v}\n", "- x"), ("  a: ${v}\n", "{a: 1"),
            ("  a: ${v}\n", "@x"), ("  a: \"${v}: x\"\n", "it's"), ("  a: ${v}\n", ".inf"), ("  ${v}: x\n", ""),
            ("  ${v}: x\n", "{a: 1}"), ("  a: \"x\\t${v}\"\n", "say \"hi\""),
        ]
    )
    func yamlErrors(_ spec: String, _ value: String) throws {
        let (node, result) = try substitute(spec: spec, ["v": value])
        let error = try #require(result.errors.first)
        #expect(error.message.hasPrefix("error converting YAML to JSON"))
        #expect(error.location?.path == "obj.yaml")
        #expect(error.location?.line == 6)
        #expect(node == (try load(object(spec: spec)))["spec"])
    }

    @Test("strict mode reports each undefined variable at its scalar; non-strict lists them")
    func strictness() throws {
        let spec = "  a: ${missing}\n  b: ${other:=fine}\n  c: x-${missing}-${gone^^}\n"
        let (_, strict) = try substitute(spec: spec, [:], strict: true)
        #expect(
            strict.errors.map(\.message) == [
                #"variable not set (strict mode): "missing""#, #"variable not set (strict mode): "missing""#,
            ]
        )
        #expect(strict.errors.map { $0.location?.line } == [6, 8])
        let (node, loose) = try substitute(spec: spec, [:], strict: false)
        #expect(loose.errors.isEmpty)
        #expect(loose.undefined == ["missing", "gone"])
        #expect(node["a"]?.isNull == true)
        #expect(node["b"]?.string == "fine")
        #expect(node["c"]?.string == "x--")
    }

    @Test("parse errors are reported with their Flux message and location")
    func parseErrors() throws {
        let (node, result) = try substitute(spec: "  ok: ${v}\n  bad: ${v-d}\n", ["v": "x"])
        #expect(
            result.errors == [EnvsubstError(message: "missing closing brace", location: result.errors.first?.location)]
        )
        #expect(result.errors.first?.location?.line == 7)
        #expect(node["ok"]?.string == "x")
        #expect(node["bad"]?.string == "${v-d}")
    }

    @Test("objects without expressions come back unchanged; with them, every string is substituted")
    func performance() throws {
        func deployment(_ suffix: String) throws -> YAMLNode {
            try load(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web\(suffix)
                  labels: {app: "web\(suffix)", tier: "frontend\(suffix)", team: "payments\(suffix)"}
                spec:
                  replicas: 3
                  template:
                    spec:
                      containers:
                        - name: web\(suffix)
                          image: registry.example.com/web:1.2.3\(suffix)
                          args: ["--port=8080\(suffix)", "--log-level=info\(suffix)", "--price=$5\(suffix)"]
                          env: [{name: A, value: "not a short value\(suffix)"}, {name: B, value: "b\(suffix)"}]
                """
            )
        }
        let plain = try deployment("")
        let unchanged = VariableSubstitution.apply(to: plain, variables: ["x": "1"], strict: true)
        #expect(unchanged.errors.isEmpty)
        #expect(unchanged.undefined.isEmpty)
        #expect(YAMLWriter.write(unchanged.node) == YAMLWriter.write(plain))
        let templated = VariableSubstitution.apply(to: try deployment("-${x}"), variables: ["x": "1"], strict: true)
        #expect(templated.errors.isEmpty)
        #expect(YAMLWriter.write(templated.node) == YAMLWriter.write(try deployment("-1")))
    }
}

// MARK: - Comparison with the whole-text substitution, using kubectl's go-yaml v2 serialiser

/// A JSON value, for comparing with what kubectl prints.
private indirect enum JSONValue: Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    init(_ node: YAMLNode) {
        switch node.content {
        case .scalar(let s):
            switch s.resolved {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .number(Double(i))
            case .float(let f): self = .number(Double(f) ?? .nan)
            case .string(let t): self = .string(t)
            }
        case .sequence(let items):
            self = .array(items.map(JSONValue.init))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs { object[pair.key.scalar?.text ?? "?"] = JSONValue(pair.value) }
            self = .object(object)
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): "\(n)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o):
            "{" + o.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

private let kubectlPath = "/usr/bin/kubectl"

/// Runs `kubectl label --local` on `yaml`, which reads it with sigs.k8s.io/yaml (YAML → JSON) and prints it
/// back with the same library (JSON → YAML, go-yaml v2): the two halves of Flux's round trip.
private func kubectlRoundTrip(_ yaml: String, output: String) throws -> String? {
    try kubectlRoundTrip(bytes: Array(yaml.utf8), output: output)
}

private func kubectlRoundTrip(bytes yaml: [UInt8], output: String) throws -> String? {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-varsub-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("object.yaml")
    try Data(yaml).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kubectlPath)
    process.arguments = ["label", "--local", "-f", file.path, "nonexistent-", "-o", output]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
}

private let serialisedCache = Mutex<[String: String]>([:])

/// The go-yaml v2 serialisation of `source`, computed once per distinct object.
private func serialised(_ source: String) throws -> String? {
    if let cached = serialisedCache.withLock({ $0[source] }) { return cached }
    guard let written = try kubectlRoundTrip(source, output: "yaml") else { return nil }
    serialisedCache.withLock { $0[source] = written }
    return written
}

/// One object body (under `spec:`) and the variables to substitute.
struct DifferentialCase: CustomTestStringConvertible, Sendable {
    var spec: String
    var variables: [String: String]
    var strict = false
    var testDescription: String { spec.trimmingCharacters(in: .whitespacesAndNewlines) + " with \(variables)" }
}

@Suite("Per-scalar substitution matches Flux's whole-text substitution")
struct VariableSubstitutionDifferentialTests {
    static let cases: [DifferentialCase] = [
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "3"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "true"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "0755"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "1_000"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "08"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "1e3"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "2024-01-02"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "x #comment"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "  padded  "]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "'3'"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "a: b"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "*x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "- x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "@x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "%x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "|"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "&anchor value"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": #"[{"key": "a", "operator": "Exists"}]"#]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "{a: 1, b: [x, 2], 3: yes}"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "café ☕ 😀"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "http://example.com:8080/x?y=1#z"]),
        DifferentialCase(spec: "  a: \"x-${v}\"\n", variables: ["v": "3"]),
        DifferentialCase(spec: "  a: \"${v}-${w}\"\n", variables: ["v": "1", "w": "2"]),
        DifferentialCase(spec: "  a: \"${v}: ${w}\"\n", variables: ["v": "1", "w": "2"]),
        DifferentialCase(spec: "  a: \"${v}: ${w}\"\n", variables: ["v": "it's", "w": "2"]),
        DifferentialCase(spec: "  a: \"${v}: ${w}\"\n", variables: ["v": "it''s", "w": "2"]),
        DifferentialCase(spec: "  a: \" ${v}\"\n", variables: ["v": "x"]),
        DifferentialCase(spec: "  a: \"x\\t${v}\"\n", variables: ["v": #"C:\new"#]),
        DifferentialCase(spec: "  a: \"x\\t${v}\"\n", variables: ["v": #"say "hi""#]),
        DifferentialCase(spec: "  a: \"🙂 ${v}\"\n", variables: ["v": "y"]),
        DifferentialCase(spec: "  a: \"price $$5 ${v}\"\n", variables: ["v": "y"]),
        DifferentialCase(spec: "  a: |\n    echo ${v}\n    exit $$?\n", variables: ["v": "hi"]),
        DifferentialCase(spec: "  a: \"echo ${v} \\nnext\\n\"\n", variables: ["v": #"a\b"#]),
        DifferentialCase(spec: "  a:\n    - \"${v}\"\n    - \"${w}\"\n", variables: ["v": "a: b", "w": "- x"]),
        DifferentialCase(spec: "  a:\n    - \"${v}\"\n", variables: ["v": "[1, 2]"]),
        DifferentialCase(spec: "  ${k}: v\n", variables: ["k": "name"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "8080"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "yes"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "1.5"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "1e6"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "0x10"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": ""]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "a: b"]),
        DifferentialCase(spec: "  \"${k}: x\": v\n", variables: ["k": "a"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "'quoted'"]),
        DifferentialCase(spec: "  a: \"${v}\"\n  b: \"${w:=${v}}\"\n", variables: ["v": "1"], strict: true),
        DifferentialCase(spec: "  a: \"${v}\"\n  b: \"${nope}\"\n", variables: ["v": "1"], strict: true),
        DifferentialCase(spec: "  a: \"${v:0:2}${v:4}\"\n", variables: ["v": "123456"]),
        DifferentialCase(spec: "  a: \"${v,,}\"\n", variables: ["v": "TRUE"]),
        DifferentialCase(spec: "  a: [\"${v}\", \"n=${v}\", 1]\n", variables: ["v": "2"]),

        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "a\rb"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "a\tb"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "x:"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "? x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "---"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "... x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "#x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "-"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "!tag x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "!!str 3"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "<<"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "0o17"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "-0x10"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": ".5"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "+.inf"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "1.0"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "--x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "a\u{85}b"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "a\u{2028}b"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "\u{FEFF}x"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "[a, b"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "\"unterminated"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "a  b"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "Yes"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "y"]),
        DifferentialCase(spec: "  a: \"${v}\"\n", variables: ["v": "=x"]),
        DifferentialCase(spec: "  a:\n    - \"${v}\"\n", variables: ["v": "? x"]),
        DifferentialCase(spec: "  a:\n    - \"${v}\"\n", variables: ["v": "a: b: c"]),
        DifferentialCase(spec: "  a:\n    - \"${v}\"\n", variables: ["v": ""]),
        DifferentialCase(
            spec: "  a: \"this is quite a long line of text that goes past eighty columns ${v:-a b}"
                + " and more text here\"\n",
            variables: [:]
        ),
        DifferentialCase(
            spec: "  a: \"this is quite a long line of text that goes past eighty columns ${v}"
                + " and more text here\"\n",
            variables: ["v": "x: y"]
        ),
        DifferentialCase(spec: "  a: \"l1 ${v}\\nl2\\n\"\n", variables: ["v": "a\rb"]),
        DifferentialCase(spec: "  a: \"l1 ${v}\\nl2\\n\"\n", variables: ["v": "x: y #z"]),
        DifferentialCase(spec: "  a: \"${v}\\n  indented\\n\"\n", variables: ["v": " lead"]),
        DifferentialCase(spec: "  \"l1\\n${k}\": v\n", variables: ["k": "x"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "a\tb"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "~"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "n"]),
        DifferentialCase(spec: "  \"${k}\": v\n  z: 1\n", variables: ["k": "x #c"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "[a]"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "3.14159265"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "0.0001"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "123456"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "1234567"]),
        DifferentialCase(spec: "  \"${k}\": v\n", variables: ["k": "-1.5e-7"]),
        DifferentialCase(
            spec: "  \"" + String(repeating: "${k}", count: 24) + "\": v\n",
            variables: ["k": "abcdef"]
        ),
        DifferentialCase(
            spec: "  \"" + String(repeating: "${k}", count: 24) + "\": v\n",
            variables: ["k": "a: b"]
        ),
        DifferentialCase(spec: "  a: \"a\\n${v}\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \"a\\n${v}\\n\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \"a\\n${v}\\n\\n\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \"${v}\\nb\"\n", variables: ["v": "  x"]),
        DifferentialCase(spec: "  a: \"${v}\\n  b\"\n", variables: ["v": "  x"]),
        DifferentialCase(spec: "  a: \"${v}\\n  b\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \" ${v}\\nb\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \"\\n${v}\\nb\"\n", variables: ["v": "  x"]),
        DifferentialCase(spec: "  a: \"${v}\\nb\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \"a\\n${v}\"\n", variables: ["v": "  "]),
        DifferentialCase(spec: "  a: \"a ${v}\\nb\"\n", variables: ["v": "x\ry"]),
        DifferentialCase(spec: "  a: \"${v}\\n${v}\\n\"\n", variables: ["v": ""]),
        DifferentialCase(spec: "  a: \"${v#?}\"\n", variables: ["v": "éa"]),
        DifferentialCase(spec: "  a: \"${v:0:1}\"\n", variables: ["v": "éa"]),
    ]

    @Test(
        "per-scalar results equal Flux's whole-text substitution read back by go-yaml",
        .enabled(if: FileManager.default.isExecutableFile(atPath: kubectlPath), "kubectl is not installed"),
        arguments: cases
    )
    func matchesWholeText(_ c: DifferentialCase) throws {
        let source = object(spec: c.spec)
        let mine = VariableSubstitution.apply(to: try load(source), variables: c.variables, strict: c.strict)

        // Flux: serialise JSON → YAML, substitute the whole text, read YAML → JSON.
        let written = try #require(try serialised(source))
        let expected: JSONValue?
        do {
            var undefined: [String] = []
            let substituted = try Envsubst.substitute(
                written,
                strict: c.strict,
                lookup: { c.variables[$0] },
                undefined: &undefined
            )
            if let json = try kubectlRoundTrip(bytes: substituted, output: "json") {
                let object = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
                guard case .object(let fields) = object else { throw CancellationError() }
                expected = fields["spec"]
            } else {
                expected = nil
            }
        } catch is EnvsubstError {
            expected = nil
        }

        if let expected {
            #expect(mine.errors.isEmpty, "\(mine.errors)")
            #expect(JSONValue(try #require(mine.node["spec"])) == expected)
        } else {
            #expect(
                !mine.errors.isEmpty,
                "Flux fails this object; got \(mine.node["spec"].map(JSONValue.init)?.description ?? "nil")"
            )
        }
    }
}
