import StrataCore
import StrataYAML

/// A mapping of the spec with fixed keys, read into a model type field by field: a row group of the
/// field table.
struct SpecObject<Model> {
    /// The name it is defined under in the schema, or `nil` to write it inline.
    var name: String?
    /// What it describes.
    var doc: String
    /// A value every field overwrites; only seen by callers when the spec is incomplete, and then discarded.
    var placeholder: Model
    /// The fields, in the order the schema lists them.
    var fields: [SpecField<Model>]

    /// Its schema.
    var shape: SpecObjectShape {
        SpecObjectShape(
            name: name,
            doc: doc,
            properties: fields.flatMap(\.properties),
            exclusive: fields.compactMap(\.exclusive)
        )
    }

    /// The value an empty mapping reads as, when every field is optional.
    var emptyValue: Model? {
        var decoding = SpecDecoding(file: "")
        let value = read(YAMLNode.mapping([]), path: "", &decoding)
        return decoding.isComplete && decoding.diagnostics.isEmpty ? value : nil
    }

    /// Reads a mapping: reports keys it does not know and values it cannot read.
    func read(_ node: YAMLNode, path: String, _ decoding: inout SpecDecoding) -> Model? {
        guard let pairs = node.pairs else {
            decoding.wrongType(node, path: path.isEmpty ? "the spec" : path, expected: "a mapping")
            return nil
        }
        let known = fields.flatMap(\.properties).map(\.name)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                decoding.report("invalid-key", "keys must be texts", at: pair.key.location)
                continue
            }
            guard !known.contains(key) else { continue }
            let place = path.isEmpty ? "at the top of the spec" : "in '\(path)'"
            decoding.report(
                "unknown-key",
                "unknown key '\(key)' \(place)\(DidYouMean.hint(for: key, among: known))",
                at: pair.key.location
            )
        }
        var model = placeholder
        for field in fields { field.read(node, path, &model, &decoding) }
        return model
    }

    /// The model as JSON, keys in table order.
    func write(_ model: Model) -> SpecJSON { .object(fields.flatMap { $0.write(model) }) }

    /// The codec of this object, to nest it in another.
    var codec: SpecCodec<Model> {
        SpecCodec(shape: .object(shape), read: { read($0, path: $1, &$2) }, write: write)
    }
}

/// One key of a mapping (or a group of mutually exclusive keys) and the model property it sets.
struct SpecField<Model> {
    /// The keys, as the schema states them.
    var properties: [SpecProperty]
    /// The keys of which exactly one must be given, for a choice between shapes.
    var exclusive: [String]?
    /// Reads the field from its mapping at `path` into the model.
    var read: (YAMLNode, String, inout Model, inout SpecDecoding) -> Void
    /// The field's entries, from the model.
    var write: (Model) -> [(String, SpecJSON)]

    /// A key that must be present.
    static func required<Value>(
        _ name: String,
        _ keyPath: WritableKeyPath<Model, Value>,
        _ codec: SpecCodec<Value>,
        _ doc: String
    ) -> SpecField {
        SpecField(
            properties: [SpecProperty(name: name, doc: doc, shape: codec.shape, isRequired: true, defaultValue: nil)],
            exclusive: nil,
            read: { mapping, path, model, decoding in
                guard let node = present(mapping, name) else {
                    missing(name, doc, in: path, mapping, &decoding)
                    return
                }
                if let value = readValue(node, SpecDecoding.join(path, name), codec, &decoding) {
                    model[keyPath: keyPath] = value
                }
            },
            write: { [(name, codec.write($0[keyPath: keyPath]))] }
        )
    }

    /// A key that may be left out, taking `defaultValue`.
    static func optional<Value>(
        _ name: String,
        _ keyPath: WritableKeyPath<Model, Value>,
        _ codec: SpecCodec<Value>,
        default defaultValue: Value,
        _ doc: String
    ) -> SpecField {
        SpecField(
            properties: [
                SpecProperty(
                    name: name,
                    doc: doc,
                    shape: codec.shape,
                    isRequired: false,
                    defaultValue: codec.write(defaultValue)
                )
            ],
            exclusive: nil,
            read: { mapping, path, model, decoding in
                guard let node = present(mapping, name) else {
                    model[keyPath: keyPath] = defaultValue
                    return
                }
                if let value = readValue(node, SpecDecoding.join(path, name), codec, &decoding) {
                    model[keyPath: keyPath] = value
                }
            },
            write: { [(name, codec.write($0[keyPath: keyPath]))] }
        )
    }

    /// A key that may be left out, leaving the property `nil`.
    static func optional<Value>(
        _ name: String,
        _ keyPath: WritableKeyPath<Model, Value?>,
        _ codec: SpecCodec<Value>,
        _ doc: String
    ) -> SpecField {
        SpecField(
            properties: [SpecProperty(name: name, doc: doc, shape: codec.shape, isRequired: false, defaultValue: nil)],
            exclusive: nil,
            read: { mapping, path, model, decoding in
                guard let node = present(mapping, name) else {
                    model[keyPath: keyPath] = nil
                    return
                }
                model[keyPath: keyPath] = readValue(node, SpecDecoding.join(path, name), codec, &decoding)
            },
            write: { model in model[keyPath: keyPath].map { [(name, codec.write($0))] } ?? [] }
        )
    }

    /// A nested mapping: optional, defaulting to what an empty mapping reads as, when all its keys are.
    static func section<Value>(
        _ name: String,
        _ keyPath: WritableKeyPath<Model, Value>,
        _ object: SpecObject<Value>,
        _ doc: String
    ) -> SpecField {
        guard let empty = object.emptyValue else { return .required(name, keyPath, object.codec, doc) }
        return .optional(name, keyPath, object.codec, default: empty, doc)
    }

    /// A choice between shapes, each under its own key: exactly one of the keys must be present.
    static func oneOf<Value>(
        _ keyPath: WritableKeyPath<Model, Value>,
        _ alternatives: [SpecAlternative<Value>]
    ) -> SpecField {
        let names = alternatives.map(\.name)
        return SpecField(
            properties: alternatives.map {
                SpecProperty(name: $0.name, doc: $0.doc, shape: $0.codec.shape, isRequired: false, defaultValue: nil)
            },
            exclusive: names,
            read: { mapping, path, model, decoding in
                let given = alternatives.filter { present(mapping, $0.name) != nil }
                let list = names.map { "'\($0)'" }.joined(separator: " or ")
                guard let chosen = given.first else {
                    let place = path.isEmpty ? "" : " in '\(path)'"
                    decoding.fail("missing-key", "missing key\(place): give one of \(list)", at: mapping.location)
                    return
                }
                for extra in given.dropFirst() {
                    decoding.fail(
                        "conflicting-keys",
                        "'\(extra.name)' cannot be given with '\(chosen.name)'; give only one of \(list)",
                        at: mapping.keyLocation(extra.name)
                    )
                }
                if let node = present(mapping, chosen.name),
                    let value = readValue(node, SpecDecoding.join(path, chosen.name), chosen.codec, &decoding)
                {
                    model[keyPath: keyPath] = value
                }
            },
            write: { model in
                let value = model[keyPath: keyPath]
                guard let alternative = alternatives.first(where: { $0.matches(value) }) else { return [] }
                return [(alternative.name, alternative.codec.write(value))]
            }
        )
    }

    /// The value under `name`, unless absent or null (which the spec treats alike).
    private static func present(_ mapping: YAMLNode, _ name: String) -> YAMLNode? {
        guard let node = mapping[name], !node.isNull else { return nil }
        return node
    }

    private static func readValue<Value>(
        _ node: YAMLNode,
        _ path: String,
        _ codec: SpecCodec<Value>,
        _ decoding: inout SpecDecoding
    ) -> Value? {
        decoding.locations[path] = node.location
        return codec.read(node, path, &decoding)
    }

    private static func missing(
        _ name: String,
        _ doc: String,
        in path: String,
        _ mapping: YAMLNode,
        _ decoding: inout SpecDecoding
    ) {
        let place = path.isEmpty ? "at the top of the spec" : "in '\(path)'"
        let sentence = doc.prefix { $0 != "." && $0 != ";" }
        let summary = sentence.prefix(1).lowercased() + sentence.dropFirst()
        decoding.fail("missing-key", "missing key '\(name)' \(place): \(summary)", at: mapping.location)
    }
}

/// One shape of a choice, under its own key.
struct SpecAlternative<Value> {
    /// The key.
    var name: String
    /// What it means.
    var doc: String
    /// How its value is read.
    var codec: SpecCodec<Value>
    /// Whether a model value is of this shape, to write it back under this key.
    var matches: (Value) -> Bool
}
