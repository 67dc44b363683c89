import StrataCore
import StrataYAML

/// A group and kind: how objects find their CustomResourceDefinition.
struct GroupKind: Hashable, Sendable {
    var group: String
    var kind: String
}

/// What the validator needs from one CustomResourceDefinition: its versions, their flags and compiled schemas.
struct CustomResourceDefinition: Sendable {
    /// One entry of `spec.versions`.
    struct Version: Sendable {
        var name: String
        var served: Bool
        var deprecated: Bool
        var deprecationWarning: String?
        var schema: CompiledSchema?
    }

    var group: String
    var kind: String
    var name: String
    var versions: [Version]
    var location: SourceLocation?

    /// The names of the served versions, in the CRD's order.
    var servedVersions: [String] { versions.filter(\.served).map(\.name) }

    /// Reads a CRD object; reports what makes it unusable and returns `nil` when nothing can be used.
    static func parse(_ node: YAMLNode, into sink: some DiagnosticSink) -> CustomResourceDefinition? {
        let id = SchemaDiagnosticID.invalidCRD.id
        let crdName = node[path: ["metadata", "name"]]?.string ?? "<unnamed>"
        guard node["apiVersion"]?.string == "apiextensions.k8s.io/v1" else {
            sink.emit(
                id,
                .error,
                "CustomResourceDefinition '\(crdName)' is '\(node["apiVersion"]?.string ?? "")'; "
                    + "only 'apiextensions.k8s.io/v1' is supported",
                at: node["apiVersion"]?.location ?? node.location
            )
            return nil
        }
        let spec = node["spec"]
        guard let group = spec?["group"]?.string, !group.isEmpty else {
            sink.emit(id, .error, "CustomResourceDefinition '\(crdName)' has no 'spec.group'", at: node.location)
            return nil
        }
        guard let kind = spec?[path: ["names", "kind"]]?.string, !kind.isEmpty else {
            sink.emit(id, .error, "CustomResourceDefinition '\(crdName)' has no 'spec.names.kind'", at: node.location)
            return nil
        }
        guard let entries = spec?["versions"]?.items, !entries.isEmpty else {
            sink.emit(
                id,
                .error,
                "CustomResourceDefinition '\(crdName)' has no 'spec.versions'",
                at: spec?.location ?? node.location
            )
            return nil
        }
        var versions: [Version] = []
        for entry in entries {
            guard let name = entry["name"]?.string, !name.isEmpty else {
                sink.emit(id, .error, "a version of '\(crdName)' has no 'name'", at: entry.location)
                continue
            }
            var version = Version(
                name: name,
                served: entry["served"]?.bool ?? false,
                deprecated: entry["deprecated"]?.bool ?? false,
                deprecationWarning: entry["deprecationWarning"]?.string
            )
            if let root = entry[path: ["schema", "openAPIV3Schema"]] {
                var compiler = SchemaCompiler(
                    name: "\(crdName) \(name)",
                    dialect: .structural,
                    diagnosticID: .invalidCRD,
                    sink: sink
                )
                compiler.compileRoot(root, in: nil)
                version.schema = compiler.output
            } else if version.served {
                sink.emit(
                    id,
                    .error,
                    "version '\(name)' of '\(crdName)' has no 'schema.openAPIV3Schema'",
                    at: entry.location
                )
            }
            versions.append(version)
        }
        return CustomResourceDefinition(
            group: group,
            kind: kind,
            name: crdName,
            versions: versions,
            location: node.location
        )
    }
}
