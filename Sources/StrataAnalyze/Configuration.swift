import Foundation
public import StrataCore
public import StrataYAML

/// `strata.yaml` at the repository root: clusters, rule settings, facts and schema sources.
///
/// ```yaml
/// version: 1
/// clusters: {infra: clusters/infra, apps: clusters/apps}
/// rules:
///   net/lb-pool-unannounced: off
///   security/image-tag-mutable: error
/// facts:
///   nodes:
///     - {cluster: infra, name: prod-01, memory: 64Gi, cpu: 16, disks: [{device: nvme0n1, size: 2Ti}]}
///   objectives:
///     - {cluster: apps, namespace: shop, name: postgres, rpo: 1h, rto: 30m}
/// ```
/// Unknown keys and unknown rule ids are findings with a did-you-mean, at their position in the file.
public struct Configuration: Sendable {
    /// A rule's setting.
    public struct RuleSetting: Sendable, Equatable {
        /// Whether the rule runs.
        public var enabled: Bool
        /// The severity its findings get, when overridden.
        public var severity: Severity?

        /// Creates a setting.
        public init(enabled: Bool, severity: Severity?) {
            self.enabled = enabled
            self.severity = severity
        }
    }

    /// The configuration file's repository-relative path, when there is one.
    public var path: String?
    /// Cluster roots, replacing discovery when not empty.
    public var clusters: [(name: String, path: String)] = []
    /// Local directories for Flux sources, by `KIND/NAMESPACE/NAME`.
    public var sources: [(key: String, path: String)] = []
    /// Per-rule settings, by id.
    public var rules: [String: RuleSetting] = [:]
    /// Facts for rules and plans.
    public var facts = Facts()
    /// Files or directories of CRDs to validate against.
    public var crds: [String] = []
    /// Schema locations in kubeconform's template syntax.
    public var schemaLocations: [String] = []
    /// A directory of Helm charts' `values.yaml` and `values.schema.json`.
    public var charts: String?

    /// The configuration file name.
    public static let fileName = "strata.yaml"

    /// The top-level keys.
    static let keys = ["version", "clusters", "sources", "rules", "facts", "crds", "schemaLocations", "charts"]

    /// Creates the default configuration.
    public init() {}

    /// The setting of a rule, or its defaults.
    public func setting(for rule: RuleDescription) -> RuleSetting {
        rules[rule.id] ?? RuleSetting(enabled: rule.isEnabledByDefault, severity: nil)
    }

    /// Loads `strata.yaml` from a repository root, reporting problems in it; the defaults when it is absent.
    ///
    /// - Parameters:
    ///   - root: The absolute repository root.
    ///   - knownRuleIDs: The ids rule settings may name.
    ///   - sink: Receives `config/*` findings.
    /// - Returns: The configuration, with defaults for what the file leaves out.
    public static func load(root: String, knownRuleIDs: Set<String>, into sink: some DiagnosticSink) -> Configuration {
        let absolute = root + "/" + fileName
        guard FileManager.default.fileExists(atPath: absolute) else { return Configuration() }
        guard let text = try? String(contentsOfFile: absolute, encoding: .utf8) else {
            sink.emit("config/invalid", .error, "'\(fileName)' cannot be read as UTF-8 text", at: nil)
            return Configuration()
        }
        return parse(text, path: fileName, knownRuleIDs: knownRuleIDs, into: sink)
    }

    /// Parses configuration text.
    public static func parse(
        _ text: String,
        path: String,
        knownRuleIDs: Set<String>,
        into sink: some DiagnosticSink
    ) -> Configuration {
        var configuration = Configuration()
        configuration.path = path
        let documents = YAMLLoader.load(text, path: path, into: sink)
        guard let root = documents.first?.root, !root.isNull else { return configuration }
        guard let pairs = root.pairs else {
            sink.emit("config/invalid", .error, "'\(path)' must be a mapping", at: root.location)
            return configuration
        }
        var reader = Reader(sink: sink)
        for pair in pairs {
            let key = pair.key.string ?? ""
            let value = pair.value
            switch key {
            case "version":
                if value.int != 1 {
                    reader.invalid(value, "'version' must be 1")
                }
            case "clusters":
                configuration.clusters = reader.stringMap(value, what: "clusters").map { ($0.0, $0.1) }
            case "sources":
                configuration.sources = reader.stringMap(value, what: "sources").map { ($0.0, $0.1) }
            case "rules":
                configuration.rules = reader.rules(value, known: knownRuleIDs)
            case "facts":
                configuration.facts = reader.facts(value)
            case "crds":
                configuration.crds = reader.strings(value, what: "crds")
            case "schemaLocations":
                configuration.schemaLocations = reader.strings(value, what: "schemaLocations")
            case "charts":
                configuration.charts = reader.string(value, what: "charts")
            default:
                reader.unknownKey(pair, among: keys, in: "the configuration")
            }
        }
        return configuration
    }
}

/// Reads configuration nodes, reporting every problem with its position and going on.
private struct Reader {
    let sink: any DiagnosticSink

    func invalid(_ node: YAMLNode, _ message: String) {
        sink.emit("config/invalid", .error, message, at: node.location)
    }

    func unknownKey(_ pair: YAMLPair, among keys: [String], in scope: String) {
        let key = pair.key.string ?? ""
        sink.emit(
            "config/unknown-key",
            .error,
            "unknown key '\(key)' in \(scope)\(DidYouMean.hint(for: key, among: keys))",
            at: pair.key.location
        )
    }

    func string(_ node: YAMLNode, what: String) -> String? {
        guard let text = node.string, node.scalar != nil else {
            invalid(node, "'\(what)' must be a string")
            return nil
        }
        return text
    }

    func strings(_ node: YAMLNode, what: String) -> [String] {
        if node.scalar != nil, let text = node.string { return [text] }
        guard let items = node.items else {
            invalid(node, "'\(what)' must be a list of strings")
            return []
        }
        return items.compactMap { string($0, what: what) }
    }

    func stringMap(_ node: YAMLNode, what: String) -> [(String, String)] {
        guard let pairs = node.pairs else {
            invalid(node, "'\(what)' must be a mapping of names to paths")
            return []
        }
        return pairs.compactMap { pair in
            guard let key = pair.key.string, let value = string(pair.value, what: "\(what).\(key)") else { return nil }
            return (key, value)
        }
    }

    func rules(_ node: YAMLNode, known: Set<String>) -> [String: Configuration.RuleSetting] {
        guard let pairs = node.pairs else {
            invalid(node, "'rules' must be a mapping of rule ids to settings")
            return [:]
        }
        var out: [String: Configuration.RuleSetting] = [:]
        for pair in pairs {
            let id = pair.key.string ?? ""
            guard known.contains(id) else {
                sink.emit(
                    "config/unknown-rule",
                    .error,
                    "unknown rule '\(id)'\(DidYouMean.hint(for: id, among: known.sorted()))",
                    at: pair.key.location
                )
                continue
            }
            if let setting = ruleSetting(pair.value, id: id) { out[id] = setting }
        }
        return out
    }

    private func ruleSetting(_ node: YAMLNode, id: String) -> Configuration.RuleSetting? {
        if let text = node.scalar?.text {
            switch text {
            case "off", "false", "disabled": return .init(enabled: false, severity: nil)
            case "on", "true", "enabled": return .init(enabled: true, severity: nil)
            default:
                if let severity = Severity(rawValue: text) { return .init(enabled: true, severity: severity) }
                invalid(node, "the setting of '\(id)' must be off, on, note, warning or error, not '\(text)'")
                return nil
            }
        }
        guard let pairs = node.pairs else {
            invalid(node, "the setting of '\(id)' must be off, on, a severity, or {enabled, severity}")
            return nil
        }
        var setting = Configuration.RuleSetting(enabled: true, severity: nil)
        for pair in pairs {
            switch pair.key.string ?? "" {
            case "enabled":
                if let value = pair.value.bool {
                    setting.enabled = value
                } else {
                    invalid(pair.value, "'enabled' must be true or false")
                }
            case "severity":
                if let value = pair.value.string.flatMap(Severity.init(rawValue:)) {
                    setting.severity = value
                } else {
                    invalid(pair.value, "'severity' must be note, warning or error")
                }
            default:
                unknownKey(pair, among: ["enabled", "severity"], in: "the setting of '\(id)'")
            }
        }
        return setting
    }

    func facts(_ node: YAMLNode) -> Facts {
        var facts = Facts()
        facts.raw = node
        guard let pairs = node.pairs else {
            invalid(node, "'facts' must be a mapping")
            return facts
        }
        for pair in pairs {
            switch pair.key.string ?? "" {
            case "nodes":
                facts.nodes = (pair.value.items ?? []).compactMap(nodeFact)
                if pair.value.items == nil { invalid(pair.value, "'facts.nodes' must be a list") }
            case "objectives":
                facts.objectives = (pair.value.items ?? []).compactMap(objective)
                if pair.value.items == nil { invalid(pair.value, "'facts.objectives' must be a list") }
            case "restoreThroughput":
                facts.restoreThroughput = quantity(pair.value, what: "restoreThroughput")
            case "networks":
                // Read by the net rules from `raw`: a list of {cluster, nodeSubnets, nodeAddresses, gateway,
                // podSubnets, serviceSubnets, dnsDomain}.
                if pair.value.items == nil { invalid(pair.value, "'facts.networks' must be a list") }
            case "metrics":
                // Read by the metrics rules from `raw`: activeSeries, scrapeInterval, bytesPerSample, cluster.
                if !pair.value.isMapping && !pair.value.isSequence {
                    invalid(pair.value, "'facts.metrics' must be a mapping or a list of mappings")
                }
            default:
                unknownKey(
                    pair,
                    among: ["nodes", "objectives", "restoreThroughput", "metrics", "networks"],
                    in: "'facts'"
                )
            }
        }
        return facts
    }

    private func quantity(_ node: YAMLNode, what: String) -> Double? {
        guard let text = node.string, let value = Units.quantity(text) else {
            invalid(node, "'\(what)' must be a quantity such as 64Gi")
            return nil
        }
        return value
    }

    private func duration(_ node: YAMLNode, what: String) -> Double? {
        guard let text = node.string, let value = Units.duration(text, allowDays: true) else {
            invalid(node, "'\(what)' must be a duration such as 30m, 6h or 1d")
            return nil
        }
        return value
    }

    private func nodeFact(_ node: YAMLNode) -> Facts.NodeFact? {
        guard let pairs = node.pairs else {
            invalid(node, "a node must be a mapping with a name")
            return nil
        }
        var fact = Facts.NodeFact(cluster: nil, name: "", memory: nil, cpu: nil, disks: [], location: node.location)
        for pair in pairs {
            switch pair.key.string ?? "" {
            case "name": fact.name = pair.value.string ?? ""
            case "cluster": fact.cluster = pair.value.string
            case "memory": fact.memory = quantity(pair.value, what: "memory")
            case "cpu": fact.cpu = quantity(pair.value, what: "cpu")
            case "disks":
                fact.disks = (pair.value.items ?? []).compactMap { disk in
                    guard disk.isMapping else {
                        invalid(disk, "a disk must be a mapping with a device and a size")
                        return nil
                    }
                    for key in disk.pairs ?? [] where !["device", "size"].contains(key.key.string ?? "") {
                        unknownKey(key, among: ["device", "size"], in: "a disk")
                    }
                    return Facts.Disk(
                        device: disk["device"]?.string ?? "",
                        size: disk["size"].flatMap { quantity($0, what: "size") },
                        location: disk.location
                    )
                }
            default:
                unknownKey(pair, among: ["name", "cluster", "memory", "cpu", "disks"], in: "a node")
            }
        }
        if fact.name.isEmpty {
            invalid(node, "a node needs a 'name'")
            return nil
        }
        return fact
    }

    private func objective(_ node: YAMLNode) -> Facts.Objective? {
        guard let pairs = node.pairs else {
            invalid(node, "an objective must be a mapping")
            return nil
        }
        var objective = Facts.Objective(
            cluster: nil,
            namespace: nil,
            name: nil,
            scenario: nil,
            rpo: nil,
            rto: nil,
            location: node.location
        )
        let keys = ["cluster", "namespace", "name", "scenario", "rpo", "rto"]
        for pair in pairs {
            switch pair.key.string ?? "" {
            case "cluster": objective.cluster = pair.value.string
            case "namespace": objective.namespace = pair.value.string
            case "name": objective.name = pair.value.string
            case "scenario": objective.scenario = pair.value.string
            case "rpo": objective.rpo = duration(pair.value, what: "rpo")
            case "rto": objective.rto = duration(pair.value, what: "rto")
            default: unknownKey(pair, among: keys, in: "an objective")
            }
        }
        return objective
    }
}
