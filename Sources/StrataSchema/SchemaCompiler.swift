import Foundation
import StrataCore
import StrataYAML

/// A JSON schema document: its parsed root, the URI its references resolve against, and where it was read.
struct SchemaDocument: Sendable {
    var root: YAMLNode
    var base: URL
    var path: String
}

/// Turns a schema (a CRD version's `openAPIV3Schema`, or a JSON schema file) into a ``CompiledSchema``.
///
/// Problems in the schema are reported with `diagnosticID` and compile to a permissive node, so one bad
/// keyword never hides the rest of the schema.
struct SchemaCompiler {
    private(set) var output: CompiledSchema
    private let sink: any DiagnosticSink
    private let diagnosticID: SchemaDiagnosticID
    private let resolve: (@Sendable (URL) -> SchemaDocument?)?
    private var refIndex: [String: Int] = [:]
    private var patternIndex: [String: Int] = [:]

    init(
        name: String,
        dialect: SchemaDialect,
        diagnosticID: SchemaDiagnosticID,
        sink: any DiagnosticSink,
        resolve: (@Sendable (URL) -> SchemaDocument?)? = nil
    ) {
        output = CompiledSchema(name: name, dialect: dialect)
        self.sink = sink
        self.diagnosticID = diagnosticID
        self.resolve = resolve
    }

    /// Compiles `node` as the root (index 0).
    mutating func compileRoot(_ node: YAMLNode, in document: SchemaDocument?) {
        _ = compile(node, in: document, registeredAs: document.map { Self.key($0.base, "") })
        // A root that is a bare `$ref` becomes an alias; index 0 must still be the root.
        if output.nodes.isEmpty { output.nodes.append(SchemaNode()) }
    }

    private func report(_ message: String, at location: SourceLocation?) {
        sink.emit(diagnosticID.id, .error, message, at: location)
    }

    private static func key(_ base: URL, _ fragment: String) -> String {
        base.absoluteString + "#" + fragment
    }

    private static let annotationKeys: Set<String> = [
        "$ref", "description", "title", "$schema", "$id", "example", "examples", "externalDocs", "$comment",
        "x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key", "x-kubernetes-group-version-kind",
        "x-kubernetes-unions", "x-kubernetes-map-type", "x-kubernetes-list-map-keys", "readOnly", "writeOnly",
        "deprecated",
    ]

    private mutating func compile(_ node: YAMLNode, in document: SchemaDocument?, registeredAs key: String?) -> Int {
        guard let pairs = node.pairs else {
            // `true` and `{}` admit anything; other scalars are not schemas.
            if node.bool == nil { report("a schema must be an object, got '\(node.string ?? "")'", at: node.location) }
            return append(SchemaNode(), key: key)
        }
        var referenced: Int?
        if let ref = node["$ref"]?.string, output.dialect == .jsonSchema || document != nil {
            referenced = resolveReference(ref, at: node["$ref"]?.location, in: document)
            if let referenced, pairs.allSatisfy({ Self.annotationKeys.contains($0.key.scalar?.text ?? "") }) {
                if let key { refIndex[key] = referenced }
                return referenced
            }
        } else if node["$ref"] != nil {
            report("'$ref' is not allowed in a CustomResourceDefinition schema", at: node.keyLocation("$ref"))
        }
        let index = append(SchemaNode(), key: key)
        var s = SchemaNode()
        if let referenced { s.allOf.append(referenced) }

        if let type = node["type"] {
            for name in type.items.map({ $0.compactMap(\.string) }) ?? [type.string ?? ""] {
                if let t = JSONTypeSet(name: name) {
                    s.types.insert(t)
                } else {
                    report("unknown schema type '\(name)'", at: type.location)
                }
            }
        }
        s.nullable = node["nullable"]?.bool ?? false
        s.intOrString = node["x-kubernetes-int-or-string"]?.bool ?? false
        s.preserveUnknownFields = node["x-kubernetes-preserve-unknown-fields"]?.bool ?? false
        s.embeddedResource = node["x-kubernetes-embedded-resource"]?.bool ?? false
        s.required = node["required"]?.items?.compactMap(\.string) ?? []
        s.enumValues = node["enum"]?.items
        if let constant = node["const"] { s.enumValues = [constant] }
        if let format = node["format"]?.string {
            s.format = StringFormat(schemaName: format)
            if s.format == .intOrString { s.intOrString = true }
        }
        if let pattern = node["pattern"] {
            s.pattern = compilePattern(pattern)
        }
        s.minimum = Self.number(node["minimum"])
        s.maximum = Self.number(node["maximum"])
        if let exclusive = node["exclusiveMinimum"] {
            if let flag = exclusive.bool {
                s.exclusiveMinimum = flag
            } else if let bound = Self.number(exclusive) {
                s.minimum = bound
                s.exclusiveMinimum = true
            }
        }
        if let exclusive = node["exclusiveMaximum"] {
            if let flag = exclusive.bool {
                s.exclusiveMaximum = flag
            } else if let bound = Self.number(exclusive) {
                s.maximum = bound
                s.exclusiveMaximum = true
            }
        }
        s.multipleOf = Self.number(node["multipleOf"])
        s.minLength = node["minLength"]?.int
        s.maxLength = node["maxLength"]?.int
        s.minItems = node["minItems"]?.int
        s.maxItems = node["maxItems"]?.int
        s.minProperties = node["minProperties"]?.int
        s.maxProperties = node["maxProperties"]?.int
        s.uniqueItems = node["uniqueItems"]?.bool ?? false
        switch node["x-kubernetes-list-type"]?.string {
        case "set": s.listType = .set
        case "map": s.listType = .map(node["x-kubernetes-list-map-keys"]?.items?.compactMap(\.string) ?? [])
        default: break
        }
        s.defaultValue = node["default"]

        if let properties = node["properties"]?.pairs {
            for pair in properties {
                guard let name = pair.key.scalar?.text else { continue }
                s.properties[name] = compile(pair.value, in: document, registeredAs: nil)
            }
        }
        if let additional = node["additionalProperties"] {
            if let flag = additional.bool {
                s.additional = flag ? .allowed : .forbidden
            } else {
                s.additional = .schema(compile(additional, in: document, registeredAs: nil))
            }
        }
        if let items = node["items"] {
            if let tuple = items.items {
                // Tuple-typed items (draft 4) are not used by Kubernetes; the first schema stands for all.
                if let first = tuple.first { s.items = compile(first, in: document, registeredAs: nil) }
            } else {
                s.items = compile(items, in: document, registeredAs: nil)
            }
        }
        s.allOf += (node["allOf"]?.items ?? []).map { compile($0, in: document, registeredAs: nil) }
        s.anyOf = (node["anyOf"]?.items ?? []).map { compile($0, in: document, registeredAs: nil) }
        s.oneOf = (node["oneOf"]?.items ?? []).map { compile($0, in: document, registeredAs: nil) }
        if let not = node["not"] { s.not = compile(not, in: document, registeredAs: nil) }
        for rule in node["x-kubernetes-validations"]?.items ?? [] {
            guard let text = rule["rule"]?.string else {
                report("an x-kubernetes-validations entry has no 'rule'", at: rule.location)
                continue
            }
            let transition = rule["optionalOldSelf"]?.bool != true && text.contains("oldSelf")
            output.rules.append(
                RuleInfo(
                    rule: text,
                    message: rule["message"]?.string,
                    messageExpression: rule["messageExpression"]?.string,
                    fieldPath: rule["fieldPath"]?.string,
                    isTransition: transition,
                    location: rule["rule"]?.location ?? rule.location
                )
            )
            s.rules.append(output.rules.count - 1)
        }
        output.nodes[index] = s
        return index
    }

    private mutating func append(_ node: SchemaNode, key: String?) -> Int {
        output.nodes.append(node)
        let index = output.nodes.count - 1
        if let key { refIndex[key] = index }
        return index
    }

    private mutating func compilePattern(_ node: YAMLNode) -> Int? {
        guard let source = node.string else { return nil }
        if let existing = patternIndex[source] { return existing }
        guard let regex = try? NSRegularExpression(pattern: Self.icuPattern(fromRE2: source)) else {
            report("pattern '\(source)' is not a valid regular expression", at: node.location)
            return nil
        }
        output.patterns.append(CompiledPattern(source: source, regex: regex))
        patternIndex[source] = output.patterns.count - 1
        return output.patterns.count - 1
    }

    /// Rewrites the RE2 spellings ICU does not know: `(?P<name>…)` named groups and one-letter Unicode classes
    /// without braces (`\\PC`, `\\pL`).
    static func icuPattern(fromRE2 source: String) -> String {
        var out = ""
        var chars = source.makeIterator()
        while let c = chars.next() {
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard let next = chars.next() else {
                out.append(c)
                break
            }
            if next == "p" || next == "P", let letter = chars.next() {
                out += letter == "{" ? "\\\(next){" : "\\\(next){\(letter)}"
            } else {
                out.append(c)
                out.append(next)
            }
        }
        return out.replacingOccurrences(of: "(?P<", with: "(?<")
    }

    private mutating func resolveReference(
        _ ref: String,
        at location: SourceLocation?,
        in document: SchemaDocument?
    )
        -> Int?
    {
        guard let document else {
            report("'$ref' '\(ref)' cannot be resolved here", at: location)
            return nil
        }
        let hash = ref.firstIndex(of: "#")
        let uriPart = hash.map { String(ref[..<$0]) } ?? ref
        let fragment = hash.map { String(ref[ref.index(after: $0)...]) } ?? ""
        var target = document
        if !uriPart.isEmpty {
            guard let url = URL(string: uriPart, relativeTo: document.base)?.absoluteURL,
                let loaded = resolve?(url)
            else {
                report("'$ref' '\(ref)' does not resolve to a schema document", at: location)
                return nil
            }
            target = loaded
        }
        let key = Self.key(target.base, fragment)
        if let known = refIndex[key] { return known }
        guard let node = Self.pointer(fragment, in: target.root) else {
            report("'$ref' '\(ref)' does not resolve: no '\(fragment)' in \(target.path)", at: location)
            return nil
        }
        return compile(node, in: target, registeredAs: key)
    }

    /// The node a JSON pointer (`/$defs/x`, percent-encoded, `~0`/`~1` escaped) names.
    static func pointer(_ fragment: String, in root: YAMLNode) -> YAMLNode? {
        var node = root
        let decoded = fragment.removingPercentEncoding ?? fragment
        for token in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let items = node.items, let i = Int(key), items.indices.contains(i) {
                node = items[i]
            } else if let next = node[key] {
                node = next
            } else {
                return nil
            }
        }
        return node
    }

    static func number(_ node: YAMLNode?) -> Double? {
        guard let scalar = node?.scalar else { return nil }
        switch scalar.resolved {
        case .int(let v): return Double(v)
        case .float(let text): return Double(text)
        default: return nil
        }
    }
}
