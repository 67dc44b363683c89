import StrataCore
import StrataYAML

/// One pass of an object (or a probe of one value) against a compiled schema.
///
/// The path is a stack pushed and popped on the way down, so walking costs no allocation per field; messages are
/// only built for findings.
struct ValidationWalk {
    let schema: CompiledSchema
    let sink: any DiagnosticSink
    let subject: ObjectReference?
    let ledger: RuleLedger
    var path = JSONPath()
    /// Probing a `oneOf`/`anyOf`/`not` branch: count failures, report nothing.
    var quiet = false
    /// Whether undeclared fields are findings here (off inside a structural schema's junctors, which only add
    /// value checks).
    var checkUnknown = true
    var failures = 0

    init(schema: CompiledSchema, sink: any DiagnosticSink, subject: ObjectReference?, ledger: RuleLedger) {
        self.schema = schema
        self.sink = sink
        self.subject = subject
        self.ledger = ledger
    }

    mutating func fail(_ id: SchemaDiagnosticID, _ message: String, at location: SourceLocation?, path: JSONPath? = nil)
    {
        failures += 1
        if quiet { return }
        sink.emit(id.id, .error, "\((path ?? self.path).text): \(message)", at: location, subject: subject)
    }

    /// Reports a field the schema does not declare; the message names the full path, as kubectl does.
    mutating func reportUnknownField(_ key: String, at location: SourceLocation?) {
        failures += 1
        if quiet { return }
        sink.emit(
            SchemaDiagnosticID.unknownField.id,
            .error,
            "unknown field '\(path.appending(.field(key)).text)'",
            at: location,
            subject: subject
        )
    }

    // MARK: - Nodes

    /// Validates the object at the root of the schema.
    mutating func validateRoot(_ object: YAMLNode) {
        validate(object, schema.root, keyLocation: object.location, isRoot: true)
    }

    mutating func validate(_ node: YAMLNode, _ index: Int, keyLocation: SourceLocation?, isRoot: Bool = false) {
        let s = schema.nodes[index]
        let location = node.location ?? keyLocation
        guard checkType(node, s, at: location) else { return }
        if let values = s.enumValues, !values.contains(where: { $0 == node }) {
            let shown = values.prefix(12).map { Self.quoted($0) }.joined(separator: ", ")
            fail(.enum, "unsupported value \(Self.quoted(node)); supported values: \(shown)", at: location)
        }
        switch node.content {
        case .scalar(let scalar):
            checkScalar(scalar, s, at: location)
        case .mapping(let pairs):
            checkObject(node, pairs, s, keyLocation: keyLocation ?? location, isRoot: isRoot)
        case .sequence(let items):
            checkArray(items, s, at: location)
        }
        checkJunctors(node, s, keyLocation: keyLocation, at: location)
        if !quiet && !s.rules.isEmpty { checkRules(node, s, at: location) }
    }

    /// Whether the value's type is one the schema admits, reporting it when not.
    ///
    /// `null` ends the walk of the value.
    private mutating func checkType(_ node: YAMLNode, _ s: SchemaNode, at location: SourceLocation?) -> Bool {
        let allowed: JSONTypeSet = s.intOrString ? [.integer, .string] : s.types
        let actual = Self.type(of: node)
        if actual == .null {
            let admitted =
                s.nullable || allowed.isEmpty || allowed.contains(.null)
                || (schema.dialect == .structural && s.defaultValue != nil)
            if !admitted { fail(.type, "must be of type \(allowed.names), got null", at: location) }
            return false
        }
        if allowed.isEmpty || allowed.contains(actual) { return true }
        if actual == .integer && allowed.contains(.number) { return true }
        if actual == .number, allowed.contains(.integer), let v = Self.double(node), v.rounded() == v { return true }
        let shown = node.scalar != nil ? "\(actual.names) \(Self.quoted(node))" : actual.names
        fail(.type, "must be of type \(allowed.names), got \(shown)", at: location)
        return false
    }

    private mutating func checkScalar(_ scalar: YAMLScalar, _ s: SchemaNode, at location: SourceLocation?) {
        switch scalar.resolved {
        case .string(let text):
            if s.minLength != nil || s.maxLength != nil {
                let length = text.unicodeScalars.count
                if let min = s.minLength, length < min {
                    fail(.bounds, "length \(length) is less than the minimum \(min)", at: location)
                }
                if let max = s.maxLength, length > max {
                    fail(.bounds, "length \(length) is more than the maximum \(max)", at: location)
                }
            }
            if let p = s.pattern, !schema.patterns[p].matches(text) {
                fail(
                    .pattern,
                    "'\(Self.clip(text))' does not match pattern '\(schema.patterns[p].source)'",
                    at: location
                )
            }
            if let format = s.format, !format.accepts(text) {
                fail(.format, "'\(Self.clip(text))' is not a valid \(format.displayName)", at: location)
            }
        case .int, .float:
            guard let v = Self.double(YAMLNode(.scalar(scalar))) else { return }
            let shown = scalar.text
            if let min = s.minimum, s.exclusiveMinimum ? v <= min : v < min {
                let bound = s.exclusiveMinimum ? "greater than" : "at least"
                fail(.bounds, "'\(shown)' must be \(bound) \(Self.number(min))", at: location)
            }
            if let max = s.maximum, s.exclusiveMaximum ? v >= max : v > max {
                let bound = s.exclusiveMaximum ? "less than" : "at most"
                fail(.bounds, "'\(shown)' must be \(bound) \(Self.number(max))", at: location)
            }
            if let m = s.multipleOf, m > 0 {
                let q = v / m
                if q.rounded() != q {
                    fail(.bounds, "'\(shown)' must be a multiple of \(Self.number(m))", at: location)
                }
            }
        default:
            break
        }
    }

    private mutating func checkObject(
        _ node: YAMLNode,
        _ pairs: [YAMLPair],
        _ s: SchemaNode,
        keyLocation: SourceLocation?,
        isRoot: Bool
    ) {
        let objectLike = isRoot || s.embeddedResource
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            let keyLoc = pair.key.location ?? pair.value.location
            if objectLike && key == "metadata" {
                validateMetadata(pair.value, s, requireName: isRoot, keyLocation: keyLoc)
            } else if let child = s.properties[key] {
                path.push(.field(key))
                validate(pair.value, child, keyLocation: keyLoc)
                path.pop()
            } else if case .schema(let child) = s.additional {
                path.push(.key(key))
                validate(pair.value, child, keyLocation: keyLoc)
                path.pop()
            } else if isUnknown(key, s, objectLike: objectLike) {
                reportUnknownField(key, at: keyLoc)
            }
        }
        for name in s.required where node[name] == nil {
            if let child = s.properties[name], schema.nodes[child].defaultValue != nil { continue }
            fail(.required, "required field is missing", at: keyLocation, path: path.appending(.field(name)))
        }
        if s.embeddedResource {
            for name in ["apiVersion", "kind"] where (node[name]?.string ?? "").isEmpty && !s.required.contains(name) {
                fail(.required, "required field is missing", at: keyLocation, path: path.appending(.field(name)))
            }
        }
        if s.minProperties != nil || s.maxProperties != nil {
            let count = Set(node.keys).count
            if let min = s.minProperties, count < min {
                fail(.bounds, "has \(count) properties, fewer than the minimum \(min)", at: keyLocation)
            }
            if let max = s.maxProperties, count > max {
                fail(.bounds, "has \(count) properties, more than the maximum \(max)", at: keyLocation)
            }
        }
    }

    private func isUnknown(_ key: String, _ s: SchemaNode, objectLike: Bool) -> Bool {
        if s.preserveUnknownFields { return false }
        switch s.additional {
        case .allowed, .schema: return false
        case .forbidden: return true
        case .unspecified:
            guard schema.dialect == .structural, checkUnknown else { return false }
            return !(objectLike && (key == "apiVersion" || key == "kind"))
        }
    }

    private mutating func checkArray(_ items: [YAMLNode], _ s: SchemaNode, at location: SourceLocation?) {
        if let min = s.minItems, items.count < min {
            fail(.bounds, "has \(items.count) items, fewer than the minimum \(min)", at: location)
        }
        if let max = s.maxItems, items.count > max {
            fail(.bounds, "has \(items.count) items, more than the maximum \(max)", at: location)
        }
        if let itemSchema = s.items {
            for (i, item) in items.enumerated() {
                path.push(.index(i))
                validate(item, itemSchema, keyLocation: item.location ?? location)
                path.pop()
            }
        }
        switch s.listType {
        case .set:
            checkUniqueValues(items, at: location)
        case .map(let keys):
            checkUniqueKeys(items, keys: keys, itemSchema: s.items, at: location)
        case .atomic:
            if s.uniqueItems { checkUniqueValues(items, at: location) }
        }
    }

    private mutating func checkUniqueValues(_ items: [YAMLNode], at location: SourceLocation?) {
        guard items.count > 1 else { return }
        var first: [YAMLNode: Int] = [:]
        for (i, item) in items.enumerated() {
            if let earlier = first[item] {
                fail(
                    .listUnique,
                    "duplicate value \(Self.quoted(item)), also at index \(earlier)",
                    at: item.location ?? location,
                    path: path.appending(.index(i))
                )
            } else {
                first[item] = i
            }
        }
    }

    private mutating func checkUniqueKeys(
        _ items: [YAMLNode],
        keys: [String],
        itemSchema: Int?,
        at location: SourceLocation?
    ) {
        guard items.count > 1, !keys.isEmpty else { return }
        // A missing key takes its schema default, as the API server defaults before it checks uniqueness.
        let defaults: [YAMLNode?] = keys.map { key in
            itemSchema.flatMap { schema.nodes[$0].properties[key] }.flatMap { schema.nodes[$0].defaultValue }
        }
        var first: [[YAMLNode?]: Int] = [:]
        for (i, item) in items.enumerated() where item.isMapping {
            let tuple = keys.indices.map { item[keys[$0]] ?? defaults[$0] }
            if let earlier = first[tuple] {
                let shown = zip(keys, tuple).map { "\($0)=\($1.map { Self.quoted($0) } ?? "<missing>")" }
                fail(
                    .listUnique,
                    "duplicate entry with \(shown.joined(separator: ", ")), also at index \(earlier)",
                    at: item.location ?? location,
                    path: path.appending(.index(i))
                )
            } else {
                first[tuple] = i
            }
        }
    }

    private mutating func checkJunctors(
        _ node: YAMLNode,
        _ s: SchemaNode,
        keyLocation: SourceLocation?,
        at location: SourceLocation?
    ) {
        if !s.allOf.isEmpty {
            let saved = checkUnknown
            if schema.dialect == .structural { checkUnknown = false }
            for sub in s.allOf { validate(node, sub, keyLocation: keyLocation) }
            checkUnknown = saved
        }
        if !s.anyOf.isEmpty, !s.anyOf.contains(where: { probe(node, $0) }) {
            fail(.oneOf, "must match at least one of the \(s.anyOf.count) schemas in anyOf", at: location)
        }
        if !s.oneOf.isEmpty {
            let matches = s.oneOf.reduce(0) { $0 + (probe(node, $1) ? 1 : 0) }
            if matches != 1 {
                fail(
                    .oneOf,
                    "must match exactly one of the \(s.oneOf.count) schemas in oneOf, matches \(matches)",
                    at: location
                )
            }
        }
        if let not = s.not, probe(node, not) {
            fail(.oneOf, "must not match the schema in 'not'", at: location)
        }
    }

    /// Whether `node` satisfies the schema at `index`, reporting nothing.
    private func probe(_ node: YAMLNode, _ index: Int) -> Bool {
        var trial = self
        trial.quiet = true
        trial.failures = 0
        if schema.dialect == .structural { trial.checkUnknown = false }
        trial.validate(node, index, keyLocation: node.location)
        return trial.failures == 0
    }

    private mutating func checkRules(_ node: YAMLNode, _ s: SchemaNode, at location: SourceLocation?) {
        for r in s.rules {
            let info = schema.rules[r]
            // Transition rules compare with the stored object; a manifest is always a creation.
            if info.isTransition { continue }
            let (compiled, firstUnavailable) = ledger.compiled(info, key: "\(schema.name)#\(r)")
            guard let compiled else {
                if firstUnavailable {
                    sink.emit(
                        SchemaDiagnosticID.celNotEvaluated.id,
                        .note,
                        "validation rule '\(Self.clip(info.rule))' of \(schema.name) was not evaluated",
                        at: info.location
                    )
                }
                continue
            }
            guard case .failed(let evaluated) = compiled.evaluate(self: node) else { continue }
            let message = evaluated ?? info.message ?? "failed rule: \(info.rule)"
            var target = path
            var targetLocation = location
            if let fieldPath = info.fieldPath {
                var current: YAMLNode? = node
                for name in fieldPath.split(separator: ".") {
                    target.push(.field(String(name)))
                    targetLocation = current?.keyLocation(String(name)) ?? targetLocation
                    current = current?[String(name)]
                }
            }
            fail(.cel, message, at: targetLocation, path: target)
        }
    }

    // MARK: - Values

    static func type(of node: YAMLNode) -> JSONTypeSet {
        switch node.content {
        case .mapping: return .object
        case .sequence: return .array
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return .null
            case .bool: return .boolean
            case .int: return .integer
            case .float: return .number
            case .string: return .string
            }
        }
    }

    static func double(_ node: YAMLNode) -> Double? {
        guard let scalar = node.scalar else { return nil }
        switch scalar.resolved {
        case .int(let v): return Double(v)
        case .float(let text):
            switch text {
            case ".inf": return .infinity
            case "-.inf": return -.infinity
            case ".nan": return .nan
            default: return Double(text)
            }
        default: return nil
        }
    }

    static func number(_ v: Double) -> String {
        v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    static func clip(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// A value as messages show it: a scalar's text in quotes, a collection by its type.
    static func quoted(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let s): return s.resolved == .null ? "null" : "'\(clip(s.text))'"
        case .sequence: return "array"
        case .mapping: return "object"
        }
    }
}
