/// The identifiers of every finding the schema stage reports.
///
/// Value findings (`type` … `cel`) are errors, because the API server would reject the object; version
/// deprecation is a warning; rules that could not be evaluated are notes.
public enum SchemaDiagnosticID: String, CaseIterable, Sendable {
    /// A field the schema does not declare (the API server's strict field validation rejects it).
    case unknownField = "schema/unknown-field"
    /// A value of the wrong type, including `null` where the schema is not nullable.
    case type = "schema/type"
    /// A required field is missing.
    case required = "schema/required"
    /// A value outside the schema's `enum`.
    case `enum` = "schema/enum"
    /// A string that does not match the schema's `pattern`.
    case pattern = "schema/pattern"
    /// A string that is not in the schema's `format` (date-time, duration, byte, cidr, …).
    case format = "schema/format"
    /// A number, length, item count or property count outside the schema's bounds, or not a `multipleOf`.
    case bounds = "schema/bounds"
    /// A duplicate entry in a list that must be unique (`uniqueItems`, list-type `set` or `map`).
    case listUnique = "schema/list-unique"
    /// A value that fails a `oneOf`, `anyOf` or `not` clause.
    case oneOf = "schema/one-of"
    /// An object whose apiVersion the CRD marks deprecated.
    case deprecatedVersion = "schema/deprecated-version"
    /// An object whose apiVersion the CRD does not serve.
    case unservedVersion = "schema/unserved-version"
    /// Objects of a kind for which no schema is known (reported once per kind).
    case unknownKind = "schema/unknown-kind"
    /// A failed `x-kubernetes-validations` rule.
    case cel = "schema/cel"
    /// An `x-kubernetes-validations` rule that could not be evaluated (reported once per rule).
    case celNotEvaluated = "schema/cel-not-evaluated"
    /// A CustomResourceDefinition that cannot be used: missing names or versions, or a schema that does not compile.
    case invalidCRD = "schema/invalid-crd"
    /// A JSON schema file that cannot be used: unreadable, unparsable, or with a `$ref` that does not resolve.
    case invalidSchema = "schema/invalid-schema"

    /// The identifier as reported.
    public var id: String { rawValue }
}
