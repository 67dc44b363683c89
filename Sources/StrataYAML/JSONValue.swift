/// A JSON value, for writing YAML content as JSON with scalars typed as YAML resolves them.
public indirect enum JSONValue: Hashable, Sendable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A number that is not an integer.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; keys unique (the last duplicate wins), order given by the encoder.
    case object([String: JSONValue])

    /// Encodes the value as plain JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let v): try container.encode(v)
        case .int(let v): try container.encode(v)
        case .double(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        case .array(let v): try container.encode(v)
        case .object(let v): try container.encode(v)
        }
    }

    /// Decodes plain JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let v = try? container.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? container.decode(Int.self) {
            self = .int(v)
        } else if let v = try? container.decode(Double.self) {
            self = .double(v)
        } else if let v = try? container.decode(String.self) {
            self = .string(v)
        } else if let v = try? container.decode([JSONValue].self) {
            self = .array(v)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

extension YAMLNode {
    /// The node as a JSON value; mapping keys are their scalar text.
    public var jsonValue: JSONValue {
        switch content {
        case .scalar(let s):
            switch s.resolved {
            case .null: return .null
            case .bool(let v): return .bool(v)
            case .int(let v): return .int(v)
            case .float(let text): return Double(text).map { .double($0) } ?? .string(s.text)
            case .string(let v): return .string(v)
            }
        case .sequence(let items):
            return .array(items.map(\.jsonValue))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                object[pair.key.scalar?.text ?? YAMLWriter.write(pair.key)] = pair.value.jsonValue
            }
            return .object(object)
        }
    }
}
