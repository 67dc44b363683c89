import StrataCore
import StrataYAML

/// How one kind of value is read from YAML, written back as JSON, and described in the schema: a leaf of
/// the field table.
struct SpecCodec<Value> {
    /// Its schema.
    var shape: SpecShape
    /// Reads a (non-null) node at `path`; reports and returns `nil` when it cannot.
    var read: (YAMLNode, String, inout SpecDecoding) -> Value?
    /// The value as JSON, for defaults in the schema and for encoding a spec.
    var write: (Value) -> SpecJSON

    /// A codec that reads with this one and converts, for values the model keeps in another form.
    func mapped<Other>(
        _ forward: @escaping (Value) -> Other,
        _ backward: @escaping (Other) -> Value
    ) -> SpecCodec<Other> {
        let read = self.read
        let write = self.write
        return SpecCodec<Other>(
            shape: shape,
            read: { node, path, decoding in read(node, path, &decoding).map(forward) },
            write: { write(backward($0)) }
        )
    }
}

// MARK: - Scalars

extension SpecCodec where Value == String {
    /// Text of a format.
    static func text(_ format: SpecTextFormat) -> SpecCodec {
        SpecCodec(
            shape: .string(pattern: format.pattern, values: nil, maxLength: format.maxLength),
            read: { node, path, decoding in
                guard let text = Self.string(node, path, &decoding) else { return nil }
                if let reason = Self.problem(text, format, &decoding) {
                    decoding.fail("invalid-value", reason, at: node.location)
                    return nil
                }
                return text
            },
            write: { .string($0) }
        )
    }

    /// One of a fixed list of words.
    static func choice(_ values: [String]) -> SpecCodec {
        SpecCodec(
            shape: .string(pattern: nil, values: values),
            read: { node, path, decoding in
                guard let text = Self.string(node, path, &decoding) else { return nil }
                guard values.contains(text) else {
                    let list = values.map { "'\($0)'" }.joined(separator: ", ")
                    decoding.fail(
                        "invalid-value",
                        "'\(text)' is not one of \(list)\(DidYouMean.hint(for: text, among: values))",
                        at: node.location
                    )
                    return nil
                }
                return text
            },
            write: { .string($0) }
        )
    }

    /// A length of time kept as written, checked against the syntax of the program that reads it.
    static func duration(_ syntax: DurationSyntax) -> SpecCodec {
        SpecCodec(
            shape: .string(pattern: syntax.pattern, values: nil),
            read: { node, path, decoding in
                guard let text = Self.string(node, path, &decoding) else { return nil }
                guard Self.matches(text, syntax.pattern, &decoding), syntax.seconds(text) != nil else {
                    decoding.fail(
                        "invalid-value",
                        "'\(text)' is not a duration here; write it like \(syntax.examples)",
                        at: node.location
                    )
                    return nil
                }
                return text
            },
            write: { .string($0) }
        )
    }

    /// A cron schedule, parsed as its controller parses it, and matching `format` when one is given.
    static func cron(_ syntax: CronExpression.Syntax, format: SpecTextFormat? = nil) -> SpecCodec {
        SpecCodec(
            shape: .string(pattern: format?.pattern, values: nil),
            read: { node, path, decoding in
                guard let text = Self.string(node, path, &decoding) else { return nil }
                do throws(CronSyntaxError) {
                    _ = try CronExpression(text, syntax: syntax)
                } catch {
                    decoding.fail(
                        "invalid-value",
                        "'\(text)' is not a valid schedule: \(error.message)",
                        at: node.location
                    )
                    return nil
                }
                if let format, let reason = Self.problem(text, format, &decoding) {
                    decoding.fail("invalid-value", reason, at: node.location)
                    return nil
                }
                return text
            },
            write: { .string($0) }
        )
    }

    /// Any scalar, kept as its text (Ceph options, which Rook passes on as strings).
    static var scalarText: SpecCodec {
        SpecCodec(
            shape: .scalar,
            read: { node, path, decoding in
                guard let scalar = node.scalar else {
                    decoding.wrongType(node, path: path, expected: "a text, number or boolean")
                    return nil
                }
                return scalar.text
            },
            write: { .string($0) }
        )
    }

    /// The node's text when it resolves to a string; reports numbers and booleans, which need quotes.
    static func string(_ node: YAMLNode, _ path: String, _ decoding: inout SpecDecoding) -> String? {
        guard let scalar = node.scalar, case .string(let text) = scalar.resolved else {
            let quote = node.scalar.map { "; quote it (\"\($0.text)\") to make it one" } ?? ""
            decoding.fail(
                "invalid-type",
                "'\(path)' must be a text, not \(SpecDecoding.kind(of: node))\(quote)",
                at: node.location
            )
            return nil
        }
        return text
    }

    /// Why `text` is not of `format`, or `nil` when it is.
    static func problem(_ text: String, _ format: SpecTextFormat, _ decoding: inout SpecDecoding) -> String? {
        if let maxLength = format.maxLength, text.count > maxLength {
            return "'\(text)' is longer than \(maxLength) characters; it must be \(format.summary)"
        }
        if let pattern = format.pattern, !matches(text, pattern, &decoding) {
            return "'\(text)' is not \(format.summary)"
        }
        return format.check?(text)
    }

    /// Whether the whole of `text` matches `pattern`.
    static func matches(_ text: String, _ pattern: String, _ decoding: inout SpecDecoding) -> Bool {
        guard let regex = decoding.regex(pattern) else { return false }
        return text.wholeMatch(of: regex) != nil
    }
}

extension SpecCodec where Value == Int {
    /// An integer within bounds.
    static func integer(_ bounds: ClosedRange<Int>) -> SpecCodec {
        SpecCodec(
            shape: .integer(minimum: Int64(bounds.lowerBound), maximum: Int64(bounds.upperBound)),
            read: { node, path, decoding in
                guard let scalar = node.scalar, case .int(let value) = scalar.resolved else {
                    decoding.wrongType(node, path: path, expected: "a whole number")
                    return nil
                }
                guard bounds.contains(value) else {
                    decoding.fail(
                        "invalid-value",
                        "'\(path)' is \(value), outside \(bounds.lowerBound)–\(bounds.upperBound)",
                        at: node.location
                    )
                    return nil
                }
                return value
            },
            write: { .int(Int64($0)) }
        )
    }

    /// A length of time read into seconds (recovery objectives); a plain `0` is accepted too.
    static func seconds(_ syntax: DurationSyntax) -> SpecCodec {
        SpecCodec(
            shape: .integerOrString(pattern: syntax.pattern, maximum: 0),
            read: { node, path, decoding in
                if let scalar = node.scalar, case .int(0) = scalar.resolved { return 0 }
                guard let text = SpecCodec<String>.string(node, path, &decoding) else { return nil }
                guard SpecCodec<String>.matches(text, syntax.pattern, &decoding), let seconds = syntax.seconds(text)
                else {
                    decoding.fail(
                        "invalid-value",
                        "'\(text)' is not a duration; write it like \(syntax.examples)",
                        at: node.location
                    )
                    return nil
                }
                return seconds
            },
            write: { .string(syntax.text(seconds: $0)) }
        )
    }
}

extension SpecCodec where Value == Int64 {
    /// A size in bytes, written as a quantity (`64Gi`, `1T`) or a number.
    static var bytes: SpecCodec {
        SpecCodec(
            shape: .integerOrString(pattern: ByteQuantity.pattern, maximum: nil),
            read: { node, path, decoding in
                if let scalar = node.scalar, case .int(let value) = scalar.resolved {
                    guard value >= 0 else {
                        decoding.fail("invalid-value", "'\(path)' is negative", at: node.location)
                        return nil
                    }
                    return Int64(value)
                }
                var text = node.scalar?.text ?? ""
                if case .float = node.scalar?.resolved {
                    // `1.5` reads as a number but is no whole number of bytes; say so rather than ask for quotes.
                } else {
                    guard let string = SpecCodec<String>.string(node, path, &decoding) else { return nil }
                    text = string
                }
                guard let bytes = ByteQuantity.bytes(text) else {
                    decoding.fail(
                        "invalid-value",
                        "'\(text)' is not a size in whole bytes; write it like '64Gi', '500G' or '1T' "
                            + "(Ki, Mi, Gi, Ti are powers of 1024; k, M, G, T powers of 1000)",
                        at: node.location
                    )
                    return nil
                }
                return bytes
            },
            write: { .string(ByteQuantity.text($0)) }
        )
    }
}

extension SpecCodec where Value == Double {
    /// A number within bounds.
    static func number(_ bounds: ClosedRange<Double>) -> SpecCodec {
        SpecCodec(
            shape: .number(minimum: bounds.lowerBound, maximum: bounds.upperBound),
            read: { node, path, decoding in
                let value: Double?
                switch node.scalar?.resolved {
                case .int(let int): value = Double(int)
                case .float(let text): value = Double(text)
                default: value = nil
                }
                guard let value, value.isFinite else {
                    decoding.wrongType(node, path: path, expected: "a number")
                    return nil
                }
                guard bounds.contains(value) else {
                    decoding.fail(
                        "invalid-value",
                        "'\(path)' is \(value), outside \(bounds.lowerBound)–\(bounds.upperBound)",
                        at: node.location
                    )
                    return nil
                }
                return value
            },
            write: { .number($0) }
        )
    }
}

extension SpecCodec where Value == Bool {
    /// `true` or `false`.
    static var flag: SpecCodec {
        SpecCodec(
            shape: .boolean,
            read: { node, path, decoding in
                guard let scalar = node.scalar, case .bool(let value) = scalar.resolved else {
                    decoding.wrongType(node, path: path, expected: "true or false")
                    return nil
                }
                return value
            },
            write: { .bool($0) }
        )
    }
}

extension SpecCodec where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of an enumeration's cases, by raw value.
    static var choice: SpecCodec {
        let base = SpecCodec<String>.choice(Value.allCases.map(\.rawValue))
        return SpecCodec(
            shape: base.shape,
            read: { node, path, decoding in base.read(node, path, &decoding).flatMap(Value.init(rawValue:)) },
            write: { .string($0.rawValue) }
        )
    }
}

// MARK: - Collections

extension SpecCodec {
    /// A list of values.
    static func list<Item>(_ item: SpecCodec<Item>, minItems: Int = 0) -> SpecCodec where Value == [Item] {
        SpecCodec(
            shape: .list(item.shape, minItems: minItems),
            read: { node, path, decoding in
                guard let items = node.items else {
                    decoding.wrongType(node, path: path, expected: "a list")
                    return nil
                }
                if items.count < minItems {
                    decoding.fail(
                        "invalid-value",
                        "'\(path)' needs at least \(minItems) \(minItems == 1 ? "entry" : "entries")",
                        at: node.location
                    )
                }
                var values: [Item] = []
                for (index, itemNode) in items.enumerated() {
                    let itemPath = "\(path)[\(index)]"
                    decoding.locations[itemPath] = itemNode.location
                    if let value = item.read(itemNode, itemPath, &decoding) { values.append(value) }
                }
                return values.count == items.count ? values : nil
            },
            write: { .array($0.map(item.write)) }
        )
    }

    /// A mapping from free keys of a format to values.
    static func map<Item>(_ item: SpecCodec<Item>, keys: SpecTextFormat) -> SpecCodec where Value == [String: Item] {
        SpecCodec(
            shape: .map(item.shape, keyPattern: keys.pattern),
            read: { node, path, decoding in
                guard let pairs = node.pairs else {
                    decoding.wrongType(node, path: path, expected: "a mapping")
                    return nil
                }
                var values: [String: Item] = [:]
                var complete = true
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else {
                        decoding.fail("invalid-key", "keys of '\(path)' must be texts", at: pair.key.location)
                        complete = false
                        continue
                    }
                    if let reason = SpecCodec<String>.problem(key, keys, &decoding) {
                        decoding.fail("invalid-key", reason, at: pair.key.location)
                        complete = false
                        continue
                    }
                    let itemPath = SpecDecoding.join(path, key)
                    decoding.locations[itemPath] = pair.value.location
                    if let value = item.read(pair.value, itemPath, &decoding) {
                        values[key] = value
                    } else {
                        complete = false
                    }
                }
                return complete ? values : nil
            },
            write: { values in
                .object(values.keys.sorted().compactMap { key in values[key].map { (key, item.write($0)) } })
            }
        )
    }

    /// A mapping of known keys to values of one kind: each key optional, with a default or none.
    static func record<Item>(
        name: String?,
        doc: String,
        keys: [(key: String, doc: String, defaultValue: Item?)],
        _ item: SpecCodec<Item>
    ) -> SpecCodec where Value == [String: Item] {
        let properties = keys.map {
            SpecProperty(
                name: $0.key,
                doc: $0.doc,
                shape: item.shape,
                isRequired: false,
                defaultValue: $0.defaultValue.map(item.write)
            )
        }
        return SpecCodec(
            shape: .object(SpecObjectShape(name: name, doc: doc, properties: properties, exclusive: [])),
            read: { node, path, decoding in
                guard let pairs = node.pairs else {
                    decoding.wrongType(node, path: path, expected: "a mapping")
                    return nil
                }
                let known = keys.map(\.key)
                var values: [String: Item] = [:]
                var complete = true
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else {
                        decoding.fail("invalid-key", "keys of '\(path)' must be texts", at: pair.key.location)
                        complete = false
                        continue
                    }
                    guard known.contains(key) else {
                        decoding.report(
                            "unknown-key",
                            "unknown key '\(key)' in '\(path)'\(DidYouMean.hint(for: key, among: known))",
                            at: pair.key.location
                        )
                        continue
                    }
                    guard !pair.value.isNull else { continue }
                    let itemPath = SpecDecoding.join(path, key)
                    decoding.locations[itemPath] = pair.value.location
                    if let value = item.read(pair.value, itemPath, &decoding) {
                        values[key] = value
                    } else {
                        complete = false
                    }
                }
                for entry in keys where values[entry.key] == nil {
                    if let value = entry.defaultValue { values[entry.key] = value }
                }
                return complete ? values : nil
            },
            write: { values in
                .object(keys.compactMap { entry in values[entry.key].map { (entry.key, item.write($0)) } })
            }
        )
    }
}
