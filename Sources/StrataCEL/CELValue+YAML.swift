import Foundation
public import StrataYAML

extension CELValue {
    /// Converts a YAML node the way the API server sees the decoded JSON object, without a schema: plain
    /// integers are ints, other numbers doubles, mapping keys strings.
    ///
    /// Entries whose value is null are left out, as the API server prunes them from non-nullable fields;
    /// `has()` therefore reports them absent.
    public init(node: YAMLNode) {
        self.init(node: node, schema: nil)
    }

    /// Converts a YAML node guided by its OpenAPI v3 schema (a CRD's `openAPIV3Schema` or a part of it):
    /// `type: number` makes integers doubles, `type: string` keeps plain scalars as text, `format: date-time`,
    /// `date`, `duration` and `byte` strings become timestamps, durations and bytes as in the API server, and
    /// `nullable: true` keeps null entries.
    public init(node: YAMLNode, schema: YAMLNode?) {
        switch node.content {
        case .scalar(let scalar):
            self = CELValue.scalar(scalar, schema: schema)
        case .sequence(let items):
            let itemSchema = schema?["items"]
            self = .list(items.map { CELValue(node: $0, schema: itemSchema) })
        case .mapping(let pairs):
            let properties = schema?["properties"]
            let additional = schema?["additionalProperties"]
            var map = CELMap()
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                let childSchema = properties?[key] ?? (additional?.isMapping == true ? additional : nil)
                if pair.value.isNull, childSchema?["nullable"]?.bool != true { continue }
                map.insert(.string(key), CELValue(node: pair.value, schema: childSchema), replacing: true)
            }
            self = .map(map)
        }
    }

    private static func scalar(_ scalar: YAMLScalar, schema: YAMLNode?) -> CELValue {
        let resolved = scalar.resolved
        if case .null = resolved { return .null }
        let type = schema?["type"]?.string
        let intOrString = schema?["x-kubernetes-int-or-string"]?.bool == true
        switch type {
        case "string":
            guard case .string = resolved else { return natural(resolved) }
            switch schema?["format"]?.string {
            case "date-time":
                if let t = CELTimestamp(parsing: scalar.text) { return .timestamp(t) }
            case "date":
                if let t = CELTimestamp(parsing: scalar.text + "T00:00:00Z") { return .timestamp(t) }
            case "duration":
                if let d = CELDuration(parsing: scalar.text) { return .duration(d) }
            case "byte":
                if let data = Data(base64Encoded: scalar.text) { return .bytes(Array(data)) }
            default: break
            }
            return .string(scalar.text)
        case "number":
            if case .int(let i) = resolved { return .double(Double(i)) }
            return natural(resolved)
        case "integer":
            if case .float(let text) = resolved, let d = double(text), let i = Int64(exactly: d) { return .int(i) }
            return natural(resolved)
        default:
            if intOrString, case .float = resolved { return .string(scalar.text) }
            return natural(resolved)
        }
    }

    private static func natural(_ resolved: ResolvedScalar) -> CELValue {
        switch resolved {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .float(let text): return double(text).map(CELValue.double) ?? .string(text)
        case .string(let s): return .string(s)
        }
    }

    private static func double(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return Double(text)
        }
    }
}
