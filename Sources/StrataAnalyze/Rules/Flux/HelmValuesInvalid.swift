import StrataCore
import StrataFlux
import StrataYAML

/// A HelmRelease's values violate the chart's `values.schema.json`.
struct HelmValuesInvalid: Rule {
    static let description = RuleDescription(
        id: "flux/helm-values-invalid",
        name: "Helm Values Invalid",
        summary: "A HelmRelease's values have a wrong type, a value outside an enum, or a key a closed schema forbids",
        rationale: """
            Helm validates the merged values against the chart's `values.schema.json` before rendering, and \
            `helm install`/`upgrade` fail on any violation (https://helm.sh/docs/topics/charts/#schema-files); \
            helm-controller reports the release as failed and retries until the values are fixed. \
            cert-manager's schema, for instance, forbids unknown keys at the top level and in most nested \
            objects. Runs only when `strata.yaml` names a charts directory (`charts:`) whose chart folder \
            holds a `values.schema.json`; only `type`, `enum`, `properties`, `additionalProperties: false` \
            and `items` are checked, and a node under `anyOf`, `oneOf` or `allOf` is left alone.
            """,
        remediation: """
            Give the value the type and one of the values the schema allows, or move the key to where the \
            chart expects it (see the chart's `values.yaml`).
            """,
        severity: .error,
        passing: [
            Example(files: files(values: "    replicaCount: 2\n    crds:\n      enabled: true\n"))
        ],
        failing: [
            Example(
                files: files(
                    values: """
                            replicaCount: ↓"2"
                            crds:
                              ↓enable: true
                            image:
                              pullPolicy: ↓IfNotPresnt

                        """
                )
            )
        ]
    )

    private static func files(values: String) -> [(path: String, text: String)] {
        [
            ("strata.yaml", "version: 1\ncharts: charts\n"),
            (
                "clusters/example/cert-manager.yaml",
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: cert-manager, namespace: cert-manager}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: cert-manager
                      version: v1.21.1
                      sourceRef: {kind: HelmRepository, name: jetstack, namespace: flux-system}
                  values:
                \(values)
                """
            ),
            (
                "charts/cert-manager/v1.21.1/values.yaml",
                "replicaCount: 1\ncrds:\n  enabled: false\n  keep: true\nimage:\n  pullPolicy: IfNotPresent\n"
            ),
            (
                "charts/cert-manager/v1.21.1/values.schema.json",
                """
                {
                  "$defs": {
                    "helm-values": {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {
                        "replicaCount": {"type": "number"},
                        "crds": {"$ref": "#/$defs/helm-values.crds"},
                        "image": {"type": "object", "properties": {"pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]}}}
                      }
                    },
                    "helm-values.crds": {
                      "type": "object",
                      "additionalProperties": false,
                      "properties": {"enabled": {"type": "boolean"}, "keep": {"type": "boolean"}}
                    }
                  },
                  "$ref": "#/$defs/helm-values"
                }
                """
            ),
        ]
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        guard var catalog = HelmChartCatalog(context) else { return }
        var reported: Set<SourceLocation> = []
        for cluster in context.clusters {
            for release in cluster.helmReleases {
                guard let values = release.node[path: ["spec", "values"]], values.isMapping,
                    let chart = catalog.defaults(for: release, in: cluster), let root = chart.schema
                else { continue }
                let schema = ValuesSchema(root: root)
                guard let top = schema.resolve(root) else { continue }
                var validator = Validator(schema: schema, subcharts: chart.subcharts)
                validator.validate(values, against: top, path: [])
                for (message, location) in validator.problems {
                    guard reported.insert(location).inserted else { continue }
                    sink.report(
                        "HelmRelease '\(release.key)': \(message) (chart \(chart.label))",
                        at: location,
                        object: context.reference(release, in: cluster)
                    )
                }
            }
        }
    }

    /// Checks values against the subset of JSON Schema that chart schemas rely on.
    private struct Validator {
        let schema: ValuesSchema
        let subcharts: Set<String>
        var problems: [(String, SourceLocation)] = []

        mutating func validate(_ node: YAMLNode, against rule: [String: JSONValue], path: [String]) {
            if rule["anyOf"] != nil || rule["oneOf"] != nil || rule["allOf"] != nil || rule["not"] != nil
                || rule["if"] != nil
            {
                return
            }
            let name = path.isEmpty ? "values" : "'\(path.joined(separator: "."))'"
            guard let actual = Self.type(of: node) else { return }
            if let allowed = Self.types(rule["type"]), !allowed.contains(where: { Self.accepts($0, actual) }) {
                report(
                    "\(name) is \(Self.article(actual)), but the schema expects \(allowed.sorted().joined(separator: " or "))",
                    node
                )
                return
            }
            if case .array(let options)? = rule["enum"], let scalar = node.scalar {
                let texts = options.compactMap(Self.scalarText)
                guard texts.count == options.count else { return }
                if !options.contains(where: { Self.equal($0, node) }) {
                    report(
                        "\(name) is '\(scalar.text)', not one of \(texts.map { "'\($0)'" }.joined(separator: ", "))",
                        node
                    )
                }
                return
            }
            if let pairs = node.pairs {
                for pair in pairs {
                    guard let key = pair.key.string, !key.contains("${") else { continue }
                    if path.isEmpty, key == "global" || subcharts.contains(key) { continue }
                    if let child = schema.property(key, of: rule) {
                        validate(pair.value, against: child, path: path + [key])
                    } else if schema.isClosed(rule) {
                        if let location = pair.key.location {
                            problems.append(
                                (
                                    "\(path.isEmpty ? "" : name + " has ")key '\(key)' is not allowed by the schema",
                                    location
                                )
                            )
                        }
                    } else if case .object? = rule["additionalProperties"],
                        let additional = rule["additionalProperties"].flatMap(schema.resolve)
                    {
                        validate(pair.value, against: additional, path: path + [key])
                    }
                }
            } else if let items = node.items, let itemRule = rule["items"].flatMap(schema.resolve) {
                for (index, item) in items.enumerated() {
                    validate(item, against: itemRule, path: path.dropLast() + ["\(path.last ?? "")[\(index)]"])
                }
            }
        }

        private mutating func report(_ message: String, _ node: YAMLNode) {
            if let location = node.location { problems.append((message, location)) }
        }

        /// The JSON type of a node; `nil` for what Helm drops or what is substituted later.
        static func type(of node: YAMLNode) -> String? {
            switch node.content {
            case .mapping: return "object"
            case .sequence: return "array"
            case .scalar(let scalar):
                if scalar.text.contains("${") { return nil }
                if scalar.style.isQuoted { return "string" }
                switch scalar.resolved {
                case .null: return nil
                case .bool: return "boolean"
                case .int: return "integer"
                case .float: return "number"
                case .string: return "string"
                }
            }
        }

        static func types(_ value: JSONValue?) -> [String]? {
            switch value {
            case .string(let one)?: return [one]
            case .array(let many)?:
                let names = many.compactMap { item -> String? in
                    if case .string(let name) = item { return name }
                    return nil
                }
                return names.isEmpty ? nil : names
            default: return nil
            }
        }

        static func accepts(_ type: String, _ actual: String) -> Bool {
            type == actual || (type == "number" && actual == "integer")
        }

        static func article(_ type: String) -> String {
            type == "integer" || type == "object" || type == "array" ? "an \(type)" : "a \(type)"
        }

        static func scalarText(_ value: JSONValue) -> String? {
            switch value {
            case .string(let text): return text
            case .int(let number): return String(number)
            case .bool(let flag): return String(flag)
            case .double(let number): return String(number)
            case .null: return "null"
            default: return nil
            }
        }

        static func equal(_ option: JSONValue, _ node: YAMLNode) -> Bool {
            guard let scalar = node.scalar else { return false }
            switch option {
            case .string(let text): return scalar.text == text
            case .int(let number): return node.int == number
            case .bool(let flag): return node.bool == flag
            case .double(let number): return Double(scalar.text) == number
            case .null: return node.isNull
            default: return false
            }
        }
    }
}
