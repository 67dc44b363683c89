/// Every rule Strata knows, in one sorted list: the single source for `strata rules`, `strata explain`,
/// `docs/rules.md`, SARIF's rule table, configuration checks and the example tests.
public enum RuleRegistry {
    /// The rules, sorted by id.
    public static let all: [any Rule.Type] = catalogue.sorted { $0.description.id < $1.description.id }

    private static let catalogue: [any Rule.Type] =
        FluxRules.all + NetRules.all + CephRules.all + MetricsRules.all + BackupRules.all + SecurityRules.all

    /// The rule with this id.
    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id }
    }

    /// The descriptions, sorted by id.
    public static var descriptions: [RuleDescription] { all.map { $0.description } }
}
