import Foundation
import StrataCore
import StrataSchema
import StrataYAML

/// Small helpers to build a catalog from inline YAML and validate inline objects.
enum SchemaFixture {
    /// A CRD of kind `Widget` in `example.com` whose `v1` schema is `schema` (YAML, any indentation).
    static func crd(schema: String, versions: String? = nil) -> String {
        let indented = schema.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "          " + $0 }.joined(separator: "\n")
        let versionList =
            versions ?? """
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                """ + "\n" + indented
        return """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names:
                kind: Widget
                plural: widgets
              scope: Namespaced
              versions:
            \(versionList)
            """
    }

    /// A catalog holding the CRDs in `yaml`, and the diagnostics adding them gave.
    static func catalog(_ yaml: String) -> (SchemaCatalog, [Diagnostic]) {
        let sink = DiagnosticCollector()
        var catalog = SchemaCatalog()
        for document in YAMLLoader.load(yaml, path: "crd.yaml", into: sink) {
            catalog.addObjects(document.root, into: sink)
        }
        return (catalog, sink.diagnostics)
    }

    /// The diagnostics of validating every document of `object` against the CRD schema `schema`.
    static func findings(
        schema: String,
        object: String,
        evaluator: (any ValidationRuleEvaluator)? = nil
    ) -> [Diagnostic] {
        let (catalog, crdFindings) = Self.catalog(crd(schema: schema))
        precondition(crdFindings.isEmpty, "CRD findings: \(crdFindings)")
        return validate(object, with: SchemaValidator(catalog: catalog, evaluator: evaluator))
    }

    /// The diagnostics of validating every document of `yaml` (file `obj.yaml`).
    static func validate(_ yaml: String, with validator: SchemaValidator) -> [Diagnostic] {
        let sink = DiagnosticCollector()
        for document in YAMLLoader.load(yaml, path: "obj.yaml", into: sink) {
            validator.validate(document.root, into: sink)
        }
        return sink.diagnostics
    }

    /// `id line:column message` for each finding, for compact expectations.
    static func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { d in
            "\(d.id) \(d.location.map { "\($0.line):\($0.column)" } ?? "-") \(d.message)"
        }
    }
}
