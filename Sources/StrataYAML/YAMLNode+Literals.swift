/// Literal syntax for building documents in code: string literals are strings, numbers and booleans
/// keep their type, arrays are sequences and dictionary literals are mappings in the order written.
///
/// ```swift
/// let namespace: YAMLNode = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "\(name)"]]
/// ```
extension YAMLNode: ExpressibleByStringInterpolation {
    /// A string scalar, quoted on output when a plain scalar would read as another type.
    public init(stringLiteral value: String) {
        self.init(.scalar(YAMLScalar(value, style: .doubleQuoted)))
    }
}

extension YAMLNode: ExpressibleByIntegerLiteral {
    /// An integer scalar.
    public init(integerLiteral value: Int) {
        self.init(.scalar(YAMLScalar(String(value))))
    }
}

extension YAMLNode: ExpressibleByBooleanLiteral {
    /// A boolean scalar.
    public init(booleanLiteral value: Bool) {
        self.init(.scalar(YAMLScalar(value ? "true" : "false")))
    }
}

extension YAMLNode: ExpressibleByArrayLiteral {
    /// A sequence of the elements.
    public init(arrayLiteral elements: YAMLNode...) {
        self.init(.sequence(elements))
    }
}

extension YAMLNode: ExpressibleByDictionaryLiteral {
    /// A mapping with string keys, in the order written.
    public init(dictionaryLiteral elements: (String, YAMLNode)...) {
        self.init(.mapping(elements.map { YAMLPair(key: .plain($0.0), value: $0.1) }))
    }
}
