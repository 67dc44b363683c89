import Foundation
import StrataCore
import StrataYAML

/// The JSON types a schema node admits.
struct JSONTypeSet: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let object = JSONTypeSet(rawValue: 1 << 0)
    static let array = JSONTypeSet(rawValue: 1 << 1)
    static let string = JSONTypeSet(rawValue: 1 << 2)
    static let integer = JSONTypeSet(rawValue: 1 << 3)
    static let number = JSONTypeSet(rawValue: 1 << 4)
    static let boolean = JSONTypeSet(rawValue: 1 << 5)
    static let null = JSONTypeSet(rawValue: 1 << 6)

    /// The set for one JSON schema type name; `nil` for a name JSON schema does not define.
    init?(name: String) {
        switch name {
        case "object": self = .object
        case "array": self = .array
        case "string": self = .string
        case "integer": self = .integer
        case "number": self = .number
        case "boolean": self = .boolean
        case "null": self = .null
        default: return nil
        }
    }

    /// The names in the set, for messages (`integer or string`).
    var names: String {
        let all: [(JSONTypeSet, String)] = [
            (.object, "object"), (.array, "array"), (.string, "string"), (.integer, "integer"),
            (.number, "number"), (.boolean, "boolean"), (.null, "null"),
        ]
        return all.filter { contains($0.0) }.map(\.1).joined(separator: " or ")
    }
}

/// Which dialect a schema was written in; it decides what an undeclared field means.
enum SchemaDialect: Sendable {
    /// A CRD's structural OpenAPI v3 schema: undeclared fields are pruned by the API server, so they are unknown.
    case structural
    /// A JSON schema (kubeconform layout): undeclared fields are allowed unless `additionalProperties: false`.
    case jsonSchema
}

/// What a schema says about fields not in `properties`.
enum AdditionalProperties: Sendable {
    /// Nothing: the dialect decides.
    case unspecified
    /// `additionalProperties: true`.
    case allowed
    /// `additionalProperties: false`.
    case forbidden
    /// `additionalProperties: {schema}`: a map whose values follow the schema at this index.
    case schema(Int)
}

/// How a list's items must be unique (`x-kubernetes-list-type`).
enum ListType: Sendable {
    /// No uniqueness (the default, and `atomic`).
    case atomic
    /// Items are unique scalars.
    case set
    /// Items are objects unique by the values of these keys.
    case map([String])
}

/// One `x-kubernetes-validations` rule.
struct RuleInfo: Sendable {
    /// The CEL expression.
    var rule: String
    /// The fixed message, if any.
    var message: String?
    /// The CEL expression computing the message, if any.
    var messageExpression: String?
    /// A relative JSON path (`.spec.x`) naming the field the finding is about.
    var fieldPath: String?
    /// Whether the rule compares with `oldSelf`: such rules only run on updates, never on creation.
    var isTransition: Bool
    /// Where the rule is written.
    var location: SourceLocation?
}

/// One compiled schema node; children are indices into ``CompiledSchema/nodes``, so recursive schemas are finite.
struct SchemaNode: Sendable {
    var types: JSONTypeSet = []
    var nullable = false
    var intOrString = false
    var preserveUnknownFields = false
    var embeddedResource = false
    var properties: [String: Int] = [:]
    var required: [String] = []
    var additional: AdditionalProperties = .unspecified
    var items: Int?
    var enumValues: [YAMLNode]?
    var pattern: Int?
    var format: StringFormat?
    var minimum: Double?
    var maximum: Double?
    var exclusiveMinimum = false
    var exclusiveMaximum = false
    var multipleOf: Double?
    var minLength: Int?
    var maxLength: Int?
    var minItems: Int?
    var maxItems: Int?
    var minProperties: Int?
    var maxProperties: Int?
    var uniqueItems = false
    var listType: ListType = .atomic
    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    var not: Int?
    var defaultValue: YAMLNode?
    var rules: [Int] = []
}

/// A compiled schema: a flat table of nodes, the root at index 0, with its patterns and rules.
struct CompiledSchema: Sendable {
    /// A stable name for the schema (CRD and version, or schema file), used to key its rules.
    var name: String
    var dialect: SchemaDialect
    var nodes: [SchemaNode] = []
    var patterns: [CompiledPattern] = []
    var rules: [RuleInfo] = []

    /// The root node.
    var root: Int { 0 }
}

/// A `pattern` regular expression, compiled once.
struct CompiledPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once built and documented as safe to use from several threads.
    let source: String
    let regex: NSRegularExpression

    /// Whether the pattern matches anywhere in `text` (JSON schema patterns are not anchored).
    func matches(_ text: String) -> Bool {
        let ns = text as NSString
        return regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }
}
