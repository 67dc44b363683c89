extension RecoveryObjective {
    /// The failure scenarios an objective may name, each with a runbook.
    public static let scenarios = ["node", "two-nodes", "cluster", "all-clusters", "object-store", "ceph-corruption"]
}
