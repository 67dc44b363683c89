import Foundation
import StrataCore
import StrataSchema
import StrataTestSupport
import StrataYAML
import Synchronization
import Testing

/// An evaluator for tests: `self.size() > 0`-like rules are not parsed; a rule is "true" or "false" literally.
private struct LiteralEvaluator: ValidationRuleEvaluator {
    struct Rule: CompiledValidationRule {
        var holds: Bool
        func evaluate(self value: YAMLNode) -> ValidationRuleResult { holds ? .passed : .failed(message: nil) }
    }

    func compile(rule: String, messageExpression: String?) -> (any CompiledValidationRule)? {
        switch rule {
        case "true": Rule(holds: true)
        case "false": Rule(holds: false)
        default: nil
        }
    }
}

private let versionedCRD = SchemaFixture.crd(
    schema: "",
    versions: """
              - name: v1alpha1
                served: false
                storage: false
                schema: {openAPIV3Schema: {type: object}}
              - name: v1beta1
                served: true
                storage: false
                deprecated: true
                schema: {openAPIV3Schema: {type: object}}
              - name: v1beta2
                served: true
                storage: false
                deprecated: true
                deprecationWarning: "example.com/v1beta2 Widget is deprecated; use example.com/v1"
                schema: {openAPIV3Schema: {type: object}}
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object}}
        """
)

@Suite("Catalog and versions")
struct CatalogTests {
    @Test(
        "API versions: deprecated, unserved, absent",
        arguments: [
            ("v1", []),
            ("v1beta1", ["schema/deprecated-version warning 'example.com/v1beta1' Widget is deprecated"]),
            (
                "v1beta2",
                ["schema/deprecated-version warning example.com/v1beta2 Widget is deprecated; use example.com/v1"]
            ),
            (
                "v1alpha1",
                [
                    "schema/unserved-version error version 'v1alpha1' of Widget is not served by "
                        + "CustomResourceDefinition 'widgets.example.com'; served: 'v1beta1', 'v1beta2', 'v1'"
                ]
            ),
            (
                "v2",
                [
                    "schema/unserved-version error version 'v2' of Widget is not served by "
                        + "CustomResourceDefinition 'widgets.example.com'; served: 'v1beta1', 'v1beta2', 'v1'"
                ]
            ),
        ] as [(String, [String])]
    )
    func versions(version: String, expected: [String]) {
        let (catalog, crdFindings) = SchemaFixture.catalog(versionedCRD)
        #expect(crdFindings.isEmpty)
        let findings = SchemaFixture.validate(
            "apiVersion: example.com/\(version)\nkind: Widget\nmetadata: {name: w}",
            with: SchemaValidator(catalog: catalog)
        )
        #expect(findings.map { "\($0.id) \($0.severity.rawValue) \($0.message)" } == expected)
        #expect(findings.allSatisfy { $0.location?.line == 1 && $0.location?.column == 13 })
    }

    @Test("rules are noted once when there is no evaluator, and evaluated when there is one")
    func rules() {
        let schema = """
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                x-kubernetes-validations:
                - rule: "self.a == self.b"
                - rule: "false"
                  message: spec is never valid
                - rule: "self.a == oldSelf.a"
                  message: a is immutable
            """
        let objects =
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a}\nspec: {a: 1}\n---\n"
            + "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: b}\nspec: {a: 2}"
        let unevaluated = SchemaFixture.findings(schema: schema, object: objects)
        #expect(unevaluated.map(\.id) == ["schema/cel-not-evaluated", "schema/cel-not-evaluated"])
        #expect(unevaluated.allSatisfy { $0.severity == .note && $0.location?.path == "crd.yaml" })
        let evaluated = SchemaFixture.findings(schema: schema, object: objects, evaluator: LiteralEvaluator())
        #expect(
            SchemaFixture.summary(evaluated) == [
                "schema/cel-not-evaluated 23:23 validation rule 'self.a == self.b' of widgets.example.com v1 was not evaluated",
                "schema/cel 4:7 spec: spec is never valid",
                "schema/cel 9:7 spec: spec is never valid",
            ]
        )
    }

    @Test("CRDs that cannot be used are reported")
    func invalidCRDs() {
        let (_, oldAPI) = SchemaFixture.catalog(
            SchemaFixture.crd(schema: "type: object").replacingOccurrences(
                of: "apiextensions.k8s.io/v1",
                with: "apiextensions.k8s.io/v1beta1"
            )
        )
        #expect(oldAPI.map(\.id) == ["schema/invalid-crd"])
        let (_, badPattern) = SchemaFixture.catalog(
            SchemaFixture.crd(schema: "type: object\nproperties:\n  a: {type: strng, pattern: '(['}")
        )
        #expect(
            SchemaFixture.summary(badPattern) == [
                "schema/invalid-crd 19:23 unknown schema type 'strng'",
                "schema/invalid-crd 19:39 pattern '([' is not a valid regular expression",
            ]
        )
    }

    @Test("unknown kinds are counted once per kind, at their first object")
    func unknownKinds() {
        let validator = SchemaValidator(catalog: SchemaCatalog())
        let sink = DiagnosticCollector()
        var tally = UnknownKindTally()
        let yaml = "apiVersion: a.io/v1\nkind: Foo\n---\napiVersion: a.io/v1\nkind: Foo\n---\napiVersion: v1\nkind: Bar"
        for document in YAMLLoader.load(yaml, path: "x.yaml", into: sink)
        where validator.validate(document.root, into: sink) == .unknownSchema {
            var single = UnknownKindTally()
            single.record(document.root)
            tally.merge(single)
        }
        #expect(
            tally.entries.map { "\($0.apiVersion) \($0.kind) \($0.count) \($0.firstLocation?.line ?? 0)" } == [
                "a.io/v1 Foo 2 1", "v1 Bar 1 7",
            ]
        )
        tally.report(into: sink)
        #expect(
            SchemaFixture.summary(sink.diagnostics) == [
                "schema/unknown-kind 1:1 no schema for kind 'Foo' of 'a.io/v1'; 2 objects not checked",
                "schema/unknown-kind 7:1 no schema for kind 'Bar' of 'v1'; 1 object not checked",
            ]
        )
    }

    @Test("CRD files: several documents, List objects, directories")
    func crdFiles() throws {
        let crd = SchemaFixture.crd(schema: "type: object")
        let list =
            "apiVersion: v1\nkind: List\nitems:\n"
            + crd.replacingOccurrences(of: "widgets.example.com", with: "gadgets.example.com")
            .replacingOccurrences(of: "Widget", with: "Gadget").replacingOccurrences(of: "widgets", with: "gadgets")
            .split(separator: "\n").enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }
            .joined(separator: "\n")
        let repo = try TemporaryRepository([
            "crds/all.yaml": crd + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ignored}\n",
            "crds/nested/list.yaml": list,
            "crds/readme.txt": "not yaml",
        ])
        var catalog = SchemaCatalog()
        let sink = DiagnosticCollector()
        try catalog.addCRDs(atPath: repo.path("crds"), into: sink)
        #expect(sink.diagnostics.isEmpty)
        #expect(catalog.crdCount == 2)
        #expect(throws: StrataError.self) { try catalog.addCRDs(atPath: repo.path("missing"), into: sink) }
    }

    @Test(
        "schema location templates expand as kubeconform's do",
        arguments: [
            ("{{ .ResourceKind }}{{ .KindSuffix }}.json", "Deployment", "apps/v1", "deployment-apps-v1.json"),
            ("{{ .ResourceKind }}{{ .KindSuffix }}.json", "Service", "v1", "service-v1.json"),
            (
                "{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json", "Certificate", "cert-manager.io/v1",
                "cert-manager.io/certificate_v1.json"
            ),
            (
                "{{ .ResourceKind }}{{ .KindSuffix }}.json", "Certificate", "cert-manager.io/v1",
                "certificate-cert-manager-v1.json"
            ),
            ("schemas", "Deployment", "apps/v1", "schemas/v1.36.0-standalone-strict/deployment-apps-v1.json"),
        ] as [(String, String, String, String)]
    )
    func locations(template: String, kind: String, apiVersion: String, expected: String) throws {
        let location = try SchemaLocation(template, kubernetesVersion: "1.36.0", strict: true)
        #expect(location.path(kind: kind, apiVersion: apiVersion) == expected)
    }

    @Test("an unknown template variable is refused")
    func badTemplate() {
        #expect(throws: StrataError.self) { try SchemaLocation("{{ .Kind }}.json") }
    }

    @Test("JSON schema references resolve across files, and are cached")
    func references() throws {
        let repo = try TemporaryRepository([
            "schemas/widget-example-v1.json": """
            {"type": "object", "additionalProperties": false,
             "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
               "metadata": {"type": "object"},
               "spec": {"$ref": "_definitions.json#/definitions/spec"}}}
            """,
            "schemas/_definitions.json": """
            {"definitions": {
              "spec": {"type": "object", "additionalProperties": false,
                       "properties": {"size": {"$ref": "#/definitions/size"}, "child": {"$ref": "#/definitions/spec"}}},
              "size": {"type": ["integer", "null"], "minimum": 1}}}
            """,
        ])
        var catalog = SchemaCatalog()
        try catalog.addSchemaLocation(repo.path("schemas") + "/{{ .ResourceKind }}{{ .KindSuffix }}.json")
        let validator = SchemaValidator(catalog: catalog)
        let object =
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 0, child: {size: 2, extra: 1}}"
        for _ in 0..<2 {
            #expect(
                SchemaFixture.summary(SchemaFixture.validate(object, with: validator)) == [
                    "schema/bounds 4:14 spec.size: '0' must be at least 1",
                    "schema/unknown-field 4:34 unknown field 'spec.child.extra'",
                ]
            )
        }
    }
}
