import StrataCore
import StrataSchema
import StrataYAML
import Testing

/// One schema, one object, and the findings expected (`id line:column message`).
struct KeywordCase: CustomTestStringConvertible, Sendable {
    var name: String
    var schema: String
    var spec: String
    var expected: [String]

    var testDescription: String { name }

    /// The object: `spec` starts on line 5.
    var object: String {
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n"
            + spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}

private func specSchema(_ properties: String, extra: String = "") -> String {
    let body = properties.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
    return """
        type: object
        properties:
          spec:
            type: object
        \(extra.isEmpty ? "" : extra.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n")    properties:
        \(body)
        """
}

let keywordCases: [KeywordCase] = [
    KeywordCase(
        name: "type",
        schema: specSchema("replicas: {type: integer}\nname: {type: string}\nratio: {type: number}"),
        spec: "replicas: '3'\nname: 3\nratio: 2",
        expected: [
            "schema/type 5:13 spec.replicas: must be of type integer, got string '3'",
            "schema/type 6:9 spec.name: must be of type string, got integer '3'",
        ]
    ),
    KeywordCase(
        name: "integral floats are integers",
        schema: specSchema("replicas: {type: integer}"),
        spec: "replicas: 2.0",
        expected: []
    ),
    KeywordCase(
        name: "required",
        schema: specSchema("a: {type: string}\nb: {type: string, default: x}", extra: "required: [a, b]"),
        spec: "{}",
        expected: ["schema/required 4:1 spec.a: required field is missing"]
    ),
    KeywordCase(
        name: "unknown field",
        schema: specSchema("a: {type: object, properties: {b: {type: string}}}"),
        spec: "a: {b: x, c: y}\nd: 1",
        expected: [
            "schema/unknown-field 5:13 unknown field 'spec.a.c'",
            "schema/unknown-field 6:3 unknown field 'spec.d'",
        ]
    ),
    KeywordCase(
        name: "preserve unknown fields",
        schema: specSchema("a: {type: object, x-kubernetes-preserve-unknown-fields: true}"),
        spec: "a: {anything: {goes: here}}",
        expected: []
    ),
    KeywordCase(
        name: "additionalProperties map",
        schema: specSchema("m: {type: object, additionalProperties: {type: integer}}"),
        spec: "m: {a: 1, b: two}",
        expected: ["schema/type 5:16 spec.m[b]: must be of type integer, got string 'two'"]
    ),
    KeywordCase(
        name: "enum",
        schema: specSchema("policy: {type: string, enum: [Always, Never]}"),
        spec: "policy: Sometimes",
        expected: ["schema/enum 5:11 spec.policy: unsupported value 'Sometimes'; supported values: 'Always', 'Never'"]
    ),
    KeywordCase(
        name: "pattern",
        schema: specSchema("name: {type: string, pattern: '^[a-z]+$'}"),
        spec: "name: Abc",
        expected: ["schema/pattern 5:9 spec.name: 'Abc' does not match pattern '^[a-z]+$'"]
    ),
    KeywordCase(
        name: "numeric bounds",
        schema: specSchema(
            "a: {type: integer, minimum: 1}\nb: {type: integer, maximum: 10, exclusiveMaximum: true}\nc: {type: number, multipleOf: 0.5}"
        ),
        spec: "a: 0\nb: 10\nc: 0.7",
        expected: [
            "schema/bounds 5:6 spec.a: '0' must be at least 1",
            "schema/bounds 6:6 spec.b: '10' must be less than 10",
            "schema/bounds 7:6 spec.c: '0.7' must be a multiple of 0.5",
        ]
    ),
    KeywordCase(
        name: "length and count bounds",
        schema: specSchema(
            "s: {type: string, maxLength: 3}\nl: {type: array, minItems: 2, items: {type: string}}\no: {type: object, maxProperties: 1, additionalProperties: {type: string}}"
        ),
        spec: "s: abcd\nl: [a]\no: {a: x, b: y}",
        expected: [
            "schema/bounds 5:6 spec.s: length 4 is more than the maximum 3",
            "schema/bounds 6:6 spec.l: has 1 items, fewer than the minimum 2",
            "schema/bounds 7:3 spec.o: has 2 properties, more than the maximum 1",
        ]
    ),
    KeywordCase(
        name: "list-type set",
        schema: specSchema("tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}"),
        spec: "tags: [a, b, a]",
        expected: ["schema/list-unique 5:16 spec.tags[2]: duplicate value 'a', also at index 0"]
    ),
    KeywordCase(
        name: "list-type map with a defaulted key",
        schema: specSchema(
            """
            ports:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [port, protocol]
              items:
                type: object
                required: [port]
                properties:
                  port: {type: integer}
                  protocol: {type: string, default: TCP}
            """
        ),
        spec: "ports:\n- {port: 80}\n- {port: 80, protocol: UDP}\n- {port: 80, protocol: TCP}",
        expected: [
            "schema/list-unique 8:5 spec.ports[2]: duplicate entry with port='80', protocol='TCP', also at index 0"
        ]
    ),
    KeywordCase(
        name: "nullable",
        schema: specSchema("a: {type: string, nullable: true}\nb: {type: string}\nc: {type: string, default: x}"),
        spec: "a: null\nb: null\nc: null",
        expected: ["schema/type 6:6 spec.b: must be of type string, got null"]
    ),
    KeywordCase(
        name: "int-or-string",
        schema: specSchema(
            "a: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}\nb: {x-kubernetes-int-or-string: true}"
        ),
        spec: "a: 1\nb: true",
        expected: ["schema/type 6:6 spec.b: must be of type string or integer, got boolean 'true'"]
    ),
    KeywordCase(
        name: "oneOf",
        schema: specSchema(
            "a: {type: string}\nb: {type: string}",
            extra: "oneOf: [{required: [a]}, {required: [b]}]"
        ),
        spec: "a: x\nb: y",
        expected: ["schema/one-of 5:3 spec: must match exactly one of the 2 schemas in oneOf, matches 2"]
    ),
    KeywordCase(
        name: "anyOf and not",
        schema: specSchema(
            "a: {type: string, anyOf: [{pattern: '^x'}, {pattern: '^y'}]}\nb: {type: string, not: {enum: [forbidden]}}"
        ),
        spec: "a: z\nb: forbidden",
        expected: [
            "schema/one-of 5:6 spec.a: must match at least one of the 2 schemas in anyOf",
            "schema/one-of 6:6 spec.b: must not match the schema in 'not'",
        ]
    ),
    KeywordCase(
        name: "allOf",
        schema: specSchema("a: {type: string, allOf: [{minLength: 2}, {maxLength: 3}]}"),
        spec: "a: abcd",
        expected: ["schema/bounds 5:6 spec.a: length 4 is more than the maximum 3"]
    ),
    KeywordCase(
        name: "embedded resource",
        schema: specSchema(
            "template: {type: object, x-kubernetes-embedded-resource: true, properties: {spec: {type: object, x-kubernetes-preserve-unknown-fields: true}}}"
        ),
        spec: "template:\n  apiVersion: v1\n  metadata: {labels: {app: x}}\n  spec: {a: 1}",
        expected: ["schema/required 5:3 spec.template.kind: required field is missing"]
    ),
]

@Suite("Schema keywords")
struct KeywordTests {
    @Test("each keyword reports at the offending node", arguments: keywordCases)
    func keyword(_ c: KeywordCase) {
        let findings = SchemaFixture.findings(schema: c.schema, object: c.object)
        #expect(SchemaFixture.summary(findings) == c.expected)
    }

    @Test(
        "formats",
        arguments: [
            ("date-time", "2024-05-01T10:00:00Z", true), ("date-time", "2024-05-01T10:00:00.5+02:00", true),
            ("date-time", "2024-02-30T10:00:00Z", false), ("date-time", "yesterday", false),
            ("date", "2024-02-29", true), ("date", "2023-02-29", false),
            ("duration", "1h30m", true), ("duration", "1.5s", true), ("duration", "3 days", true),
            ("duration", "1w", true), ("duration", "soon", false), ("duration", "10", false),
            ("byte", "aGVsbG8=", true), ("byte", "not base64!", false),
            ("ipv4", "10.0.0.1", true), ("ipv4", "10.0.0.01", false), ("ipv4", "::1", false),
            ("ipv6", "fd00::1", true), ("ipv6", "::ffff:10.0.0.1", true), ("ipv6", "10.0.0.1", false),
            ("ipv6", "1::2::3", false),
            ("cidr", "10.0.0.0/8", true), ("cidr", "fd00::/64", true), ("cidr", "10.0.0.0/33", false),
            ("cidr", "10.0.0.0", false),
            ("mac", "00:1a:2b:3c:4d:5e", true), ("mac", "00:1a:2b", false),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", true), ("uuid", "123", false),
            ("hostname", "example.com", true), ("hostname", "-bad.com", false),
            ("int32", "anything", true), ("idn-hostname", "anything", true),
        ] as [(String, String, Bool)]
    )
    func format(name: String, value: String, valid: Bool) {
        let findings = SchemaFixture.findings(
            schema: specSchema("v: {type: string, format: \(name)}"),
            object: KeywordCase(name: "", schema: "", spec: "v: '\(value)'", expected: []).object
        )
        #expect(findings.map(\.id) == (valid ? [] : ["schema/format"]))
    }

    @Test("metadata is checked as ObjectMeta, not as unknown fields")
    func metadata() {
        let schema = "type: object\nproperties:\n  spec: {type: object}"
        let object = """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              namespace: apps
              labels:
                enabled: true
                app: "has space"
              annotations: {example.com/note: x}
              finalizers: [example.com/cleanup]
              owner: me
            """
        #expect(
            SchemaFixture.summary(SchemaFixture.findings(schema: schema, object: object)) == [
                "schema/required 3:1 metadata.name: required field is missing (or set 'generateName')",
                "schema/type 6:14 metadata.labels[enabled]: must be of type string, got boolean 'true'",
                "schema/format 7:10 metadata.labels[app]: 'has space' is not a valid label value: at most 63 "
                    + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                "schema/unknown-field 10:3 unknown field 'metadata.owner'",
            ]
        )
        let generated = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {generateName: w-}"
        #expect(SchemaFixture.findings(schema: schema, object: generated).isEmpty)
    }

    @Test("the CRD's constraints on metadata.name apply")
    func metadataName() {
        let schema =
            "type: object\nproperties:\n  metadata:\n    type: object\n    properties:\n      name: {type: string, maxLength: 3}"
        let findings = SchemaFixture.findings(
            schema: schema,
            object: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: toolong}"
        )
        #expect(
            SchemaFixture.summary(findings) == ["schema/bounds 3:18 metadata.name: length 7 is more than the maximum 3"]
        )
    }
}
