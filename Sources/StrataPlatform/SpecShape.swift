/// What the JSON Schema says about one value of `platform.yaml`; every codec of the field table carries one,
/// so the schema is written from the same table the decoder reads with.
indirect enum SpecShape {
    /// A string, with an optional pattern, list of allowed values and length limit.
    case string(pattern: String?, values: [String]?, maxLength: Int? = nil)
    /// An integer within bounds.
    case integer(minimum: Int64?, maximum: Int64?)
    /// A number within bounds.
    case number(minimum: Double?, maximum: Double?)
    /// `true` or `false`.
    case boolean
    /// Any scalar, read as its text.
    case scalar
    /// A non-negative integer, or a string of a pattern (sizes, and objectives' `0`).
    case integerOrString(pattern: String, maximum: Int64?)
    /// A list.
    case list(SpecShape, minItems: Int)
    /// A mapping of free keys (matching `keyPattern`) to values of one shape.
    case map(SpecShape, keyPattern: String?)
    /// A mapping of fixed keys.
    case object(SpecObjectShape)
}

/// The schema of a mapping with fixed keys.
struct SpecObjectShape {
    /// The name it is defined under in the schema's `$defs`, or `nil` to write it inline.
    var name: String?
    /// What it describes.
    var doc: String
    /// Its keys, in table order.
    var properties: [SpecProperty]
    /// Groups of keys of which exactly one must be present.
    var exclusive: [[String]]

    /// The keys that must be present.
    var required: [String] { properties.filter(\.isRequired).map(\.name) }
}

/// One key of a mapping.
struct SpecProperty {
    /// The key.
    var name: String
    /// What it means, for editors and `--help`-like documentation.
    var doc: String
    /// Its value's schema.
    var shape: SpecShape
    /// Whether the key must be present.
    var isRequired: Bool
    /// The value used when it is absent.
    var defaultValue: SpecJSON?
}

extension SpecShape {
    /// The JSON Schema of this shape; named objects go into `definitions` and are referenced.
    func schema(definitions: inout [(String, SpecJSON)]) -> SpecJSON {
        switch self {
        case .string(let pattern, let values, let maxLength):
            var entries: [(String, SpecJSON)] = [("type", .string("string"))]
            if let values { entries.append(("enum", .array(values.map(SpecJSON.string)))) }
            if let maxLength { entries.append(("maxLength", .int(Int64(maxLength)))) }
            if let pattern { entries.append(("pattern", .string(pattern))) }
            return .object(entries)
        case .integer(let minimum, let maximum):
            var entries: [(String, SpecJSON)] = [("type", .string("integer"))]
            if let minimum { entries.append(("minimum", .int(minimum))) }
            if let maximum { entries.append(("maximum", .int(maximum))) }
            return .object(entries)
        case .number(let minimum, let maximum):
            var entries: [(String, SpecJSON)] = [("type", .string("number"))]
            if let minimum { entries.append(("minimum", .number(minimum))) }
            if let maximum { entries.append(("maximum", .number(maximum))) }
            return .object(entries)
        case .boolean:
            return .object([("type", .string("boolean"))])
        case .scalar:
            return .object([("type", .array([.string("string"), .string("number"), .string("boolean")]))])
        case .integerOrString(let pattern, let maximum):
            var entries: [(String, SpecJSON)] = [
                ("type", .array([.string("integer"), .string("string")])), ("minimum", .int(0)),
            ]
            if let maximum { entries.append(("maximum", .int(maximum))) }
            entries.append(("pattern", .string(pattern)))
            return .object(entries)
        case .list(let item, let minItems):
            var entries: [(String, SpecJSON)] = [("type", .string("array"))]
            if minItems > 0 { entries.append(("minItems", .int(Int64(minItems)))) }
            entries.append(("items", item.schema(definitions: &definitions)))
            return .object(entries)
        case .map(let value, let keyPattern):
            var entries: [(String, SpecJSON)] = [("type", .string("object"))]
            if let keyPattern { entries.append(("propertyNames", .object([("pattern", .string(keyPattern))]))) }
            entries.append(("additionalProperties", value.schema(definitions: &definitions)))
            return .object(entries)
        case .object(let object):
            guard let name = object.name else { return object.schema(definitions: &definitions) }
            if !definitions.contains(where: { $0.0 == name }) {
                // Reserve the slot first so definitions stay in the order they are first met.
                definitions.append((name, .null))
                let body = object.schema(definitions: &definitions)
                if let index = definitions.firstIndex(where: { $0.0 == name }) { definitions[index].1 = body }
            }
            return .object([("$ref", .string("#/$defs/\(name)"))])
        }
    }
}

extension SpecObjectShape {
    /// The object's schema, written inline.
    func schema(definitions: inout [(String, SpecJSON)]) -> SpecJSON {
        var entries: [(String, SpecJSON)] = [("type", .string("object"))]
        if !doc.isEmpty { entries.append(("description", .string(doc))) }
        var propertySchemas: [(String, SpecJSON)] = []
        for property in properties {
            var schema = property.shape.schema(definitions: &definitions)
            if case .object(var parts) = schema {
                // A `$ref` keeps its siblings in 2020-12, so descriptions and defaults sit beside it.
                parts.append(("description", .string(property.doc)))
                if let value = property.defaultValue { parts.append(("default", value)) }
                schema = .object(parts)
            }
            propertySchemas.append((property.name, schema))
        }
        entries.append(("properties", .object(propertySchemas)))
        let required = self.required
        if !required.isEmpty { entries.append(("required", .array(required.map(SpecJSON.string)))) }
        let choices = exclusive.map { group in
            SpecJSON.object([("oneOf", .array(group.map { .object([("required", .array([.string($0)]))]) }))])
        }
        if choices.count == 1, case .object(let parts) = choices[0] {
            entries.append(contentsOf: parts)
        } else if !choices.isEmpty {
            entries.append(("allOf", .array(choices)))
        }
        entries.append(("additionalProperties", .bool(false)))
        return .object(entries)
    }
}
