/// A CEL type value, the result of `type(x)` and the meaning of names such as `int` or `string` in expressions.
public struct CELType: Sendable, Hashable, CustomStringConvertible {
    /// The type's CEL name, such as `int` or `google.protobuf.Duration`.
    public var name: String

    /// Creates a type with the given CEL name.
    public init(name: String) { self.name = name }

    /// The type's CEL name.
    public var description: String { name }

    /// `null_type`.
    public static let null = CELType(name: "null_type")
    /// `bool`.
    public static let bool = CELType(name: "bool")
    /// `int`.
    public static let int = CELType(name: "int")
    /// `uint`.
    public static let uint = CELType(name: "uint")
    /// `double`.
    public static let double = CELType(name: "double")
    /// `string`.
    public static let string = CELType(name: "string")
    /// `bytes`.
    public static let bytes = CELType(name: "bytes")
    /// `list`.
    public static let list = CELType(name: "list")
    /// `map`.
    public static let map = CELType(name: "map")
    /// `google.protobuf.Duration`.
    public static let duration = CELType(name: "google.protobuf.Duration")
    /// `google.protobuf.Timestamp`.
    public static let timestamp = CELType(name: "google.protobuf.Timestamp")
    /// `type`.
    public static let type = CELType(name: "type")
    /// `optional_type`.
    public static let optional = CELType(name: "optional_type")
    /// `kubernetes.Quantity`.
    public static let quantity = CELType(name: "kubernetes.Quantity")
    /// `kubernetes.URL`.
    public static let url = CELType(name: "kubernetes.URL")
    /// `net.IP`.
    public static let ip = CELType(name: "net.IP")
    /// `net.CIDR`.
    public static let cidr = CELType(name: "net.CIDR")
    /// `kubernetes.Semver`.
    public static let semver = CELType(name: "kubernetes.Semver")
    /// `kubernetes.NamedFormat`.
    public static let format = CELType(name: "kubernetes.NamedFormat")

    /// The types that can be named directly in an expression, by their name.
    static let named: [String: CELType] = [
        "null_type": .null, "bool": .bool, "int": .int, "uint": .uint, "double": .double, "string": .string,
        "bytes": .bytes, "list": .list, "map": .map, "type": .type,
        "google.protobuf.Duration": .duration, "google.protobuf.Timestamp": .timestamp,
    ]
}
