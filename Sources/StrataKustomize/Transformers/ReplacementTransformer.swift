public import StrataCore
public import StrataYAML

/// kustomize's `replacements:` field.
public enum ReplacementTransformer {
    /// Copies values from a source field into target fields, entry by entry.
    public static func apply(_ replacements: [YAMLNode], to resources: inout [Resource], sink: some DiagnosticSink) {
    }
}
