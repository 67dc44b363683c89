public import StrataYAML

/// Applies every `x-kubernetes-validations` rule of an OpenAPI v3 schema (a CRD version's `openAPIV3Schema`)
/// to an object, binding `self` at each place the schema declares rules, as the API server does.
public struct CELSchemaValidator: Sendable {
    private struct Level: Sendable {
        var schema: YAMLNode
        var rules: [CELValidationRule]
        var properties: [String: Level]
        var additional: [Level]  // zero or one
        var items: [Level]  // zero or one
        var hasRules: Bool
    }

    private let root: Level

    /// All rules of the schema, compiled once.
    public let rules: [CELValidationRule]

    /// Compiles the rules of a schema.
    public init(schema: YAMLNode) {
        var all: [CELValidationRule] = []
        root = CELSchemaValidator.level(schema, into: &all)
        rules = all
    }

    private static func level(_ schema: YAMLNode, into all: inout [CELValidationRule]) -> Level {
        let rules = (schema["x-kubernetes-validations"]?.items ?? []).compactMap(CELValidationRule.init(node:))
        all += rules
        var properties: [String: Level] = [:]
        for pair in schema["properties"]?.pairs ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            properties[key] = level(pair.value, into: &all)
        }
        let additional = schema["additionalProperties"].flatMap { $0.isMapping ? [level($0, into: &all)] : nil } ?? []
        let items = schema["items"].flatMap { $0.isMapping ? [level($0, into: &all)] : nil } ?? []
        let hasRules =
            !rules.isEmpty || properties.values.contains { $0.hasRules } || additional.contains { $0.hasRules }
            || items.contains { $0.hasRules }
        return Level(
            schema: schema,
            rules: rules,
            properties: properties,
            additional: additional,
            items: items,
            hasRules: hasRules
        )
    }

    /// Evaluates the rules against an object; with `includePassed` false only failures, errors and skips are returned.
    public func validate(_ object: YAMLNode, includePassed: Bool = false) -> [CELRuleFinding] {
        var findings: [CELRuleFinding] = []
        visit(object, root, path: "", includePassed: includePassed, into: &findings)
        return findings
    }

    private func visit(
        _ node: YAMLNode,
        _ level: Level,
        path: String,
        includePassed: Bool,
        into findings: inout [CELRuleFinding]
    ) {
        guard level.hasRules, !node.isNull else { return }
        if !level.rules.isEmpty {
            let value = CELValue(node: node, schema: level.schema)
            for rule in level.rules {
                let outcome = rule.validate(self: value)
                if outcome == .passed && !includePassed { continue }
                var fieldPath = path
                if case .failed = outcome, let extra = rule.fieldPath {
                    fieldPath += extra.hasPrefix(".") && path.isEmpty ? String(extra.dropFirst()) : extra
                }
                findings.append(
                    CELRuleFinding(
                        fieldPath: fieldPath,
                        rule: rule.rule,
                        outcome: outcome,
                        reason: rule.reason,
                        location: node.location
                    )
                )
            }
        }
        if let pairs = node.pairs {
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                if let child = level.properties[key] {
                    visit(
                        pair.value,
                        child,
                        path: path.isEmpty ? key : path + "." + key,
                        includePassed: includePassed,
                        into: &findings
                    )
                } else if let child = level.additional.first {
                    visit(pair.value, child, path: path + "[\(key)]", includePassed: includePassed, into: &findings)
                }
            }
        } else if let items = node.items, let child = level.items.first {
            for (i, item) in items.enumerated() {
                visit(item, child, path: path + "[\(i)]", includePassed: includePassed, into: &findings)
            }
        }
    }
}
