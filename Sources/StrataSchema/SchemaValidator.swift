public import StrataCore
public import StrataYAML

/// Validates Kubernetes objects against the schemas of a ``SchemaCatalog``, as the API server would on creation
/// with strict field validation.
///
/// Every finding names the field's path (`spec.ports[0].port`) and points at the offending node, or at the key
/// for unknown and missing fields. Safe to use from several threads at once.
public struct SchemaValidator: Sendable {
    /// The schemas.
    public let catalog: SchemaCatalog
    private let ledger: RuleLedger

    /// Creates a validator; without an evaluator, `x-kubernetes-validations` rules are reported once each as not
    /// evaluated.
    public init(catalog: SchemaCatalog, evaluator: (any ValidationRuleEvaluator)? = nil) {
        self.catalog = catalog
        self.ledger = RuleLedger(evaluator: evaluator)
    }

    /// Validates one object; findings go to `sink`.
    @discardableResult
    public func validate(_ object: YAMLNode, into sink: some DiagnosticSink) -> ValidationOutcome {
        guard let apiVersion = object["apiVersion"]?.string, !apiVersion.isEmpty,
            let kind = object["kind"]?.string, !kind.isEmpty
        else { return .notAnObject }
        let slash = apiVersion.lastIndex(of: "/")
        let group = slash.map { String(apiVersion[..<$0]) } ?? ""
        let version = slash.map { String(apiVersion[apiVersion.index(after: $0)...]) } ?? apiVersion
        let subject = ObjectReference(
            apiVersion: apiVersion,
            kind: kind,
            namespace: object[path: ["metadata", "namespace"]]?.string,
            name: object[path: ["metadata", "name"]]?.string ?? object[path: ["metadata", "generateName"]]?.string
                ?? ""
        )
        let versionLocation = object["apiVersion"]?.location ?? object.location

        let schema: CompiledSchema
        if let crd = catalog.definition(group: group, kind: kind) {
            guard let entry = crd.versions.first(where: { $0.name == version }), entry.served else {
                let served = crd.servedVersions
                let list =
                    served.isEmpty ? "it serves none" : "served: " + served.map { "'\($0)'" }.joined(separator: ", ")
                sink.emit(
                    SchemaDiagnosticID.unservedVersion.id,
                    .error,
                    "version '\(version)' of \(kind) is not served by CustomResourceDefinition '\(crd.name)'; \(list)",
                    at: versionLocation,
                    subject: subject
                )
                return .validated
            }
            if entry.deprecated {
                sink.emit(
                    SchemaDiagnosticID.deprecatedVersion.id,
                    .warning,
                    entry.deprecationWarning ?? "'\(apiVersion)' \(kind) is deprecated",
                    at: versionLocation,
                    subject: subject
                )
            }
            guard let compiled = entry.schema else { return .validated }
            schema = compiled
        } else if let located = catalog.locatedSchema(kind: kind, apiVersion: apiVersion, into: sink) {
            schema = located
        } else {
            return .unknownSchema
        }
        var walk = ValidationWalk(schema: schema, sink: sink, subject: subject, ledger: ledger)
        walk.validateRoot(object)
        return .validated
    }
}
