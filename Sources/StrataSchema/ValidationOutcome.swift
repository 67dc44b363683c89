/// What ``SchemaValidator/validate(_:into:)`` could do with one object.
public enum ValidationOutcome: Hashable, Sendable {
    /// The object was checked against a schema (findings, if any, went to the sink).
    case validated
    /// No schema is known for the object's kind; count it with ``UnknownKindTally``.
    case unknownSchema
    /// The object has no `apiVersion` or `kind`, so it is not a Kubernetes object to check.
    case notAnObject
}
