import StrataCore

extension SpecCheck {
    mutating func checkWorkloads() {
        checkClusterReferences()
        checkWorkloadNames()
        let metrics = spec.metrics
        if metrics.replicationFactor > metrics.storageReplicas {
            report(
                "metrics-replication",
                "metrics replicationFactor \(metrics.replicationFactor) is above storageReplicas "
                    + "\(metrics.storageReplicas): each sample is written to replicationFactor different vmstorage "
                    + "nodes, so there must be at least as many; lower it or add replicas",
                at: "metrics.replicationFactor",
                notes: [("storageReplicas is here", "metrics.storageReplicas")]
            )
        }
    }

    /// Applications, databases, metrics and objectives name clusters that exist.
    private mutating func checkClusterReferences() {
        var references: [(name: String, owner: String, path: String)] = [
            (spec.metrics.cluster, "the metrics cluster", "metrics.cluster")
        ]
        for (i, application) in spec.applications.enumerated() {
            references.append((application.cluster, "application '\(application.name)'", "applications[\(i)].cluster"))
        }
        for (i, database) in spec.databases.enumerated() {
            references.append((database.cluster, "database '\(database.name)'", "databases[\(i)].cluster"))
        }
        for (i, objective) in spec.objectives.enumerated() {
            guard let cluster = objective.cluster else { continue }
            references.append((cluster, "the '\(objective.scenario)' objective", "objectives[\(i)].cluster"))
        }
        let names = spec.clusters.map(\.name)
        for reference in references where !names.contains(reference.name) {
            report(
                "unknown-cluster",
                "\(reference.owner) names cluster '\(reference.name)', which the spec does not define; the clusters "
                    + "are \(Self.list(names))\(DidYouMean.hint(for: reference.name, among: names))",
                at: reference.path
            )
        }
    }

    /// No two applications, databases or claims share a name in one namespace, nor two objectives a scenario.
    private mutating func checkWorkloadNames() {
        var seen: [String: String] = [:]
        func claim(_ key: String, _ path: String, _ message: String, into check: inout SpecCheck) {
            if let first = seen[key] {
                check.report("duplicate-name", message, at: path, notes: [("first used here", first)])
            } else {
                seen[key] = path
            }
        }
        for (i, application) in spec.applications.enumerated() {
            let place = "namespace '\(application.namespace)' of cluster '\(application.cluster)'"
            claim(
                "app/\(application.cluster)/\(application.namespace)/\(application.name)",
                "applications[\(i)].name",
                "application '\(application.name)' is defined twice in \(place); rename one",
                into: &self
            )
            for (j, volume) in application.volumes.enumerated() {
                claim(
                    "pvc/\(application.cluster)/\(application.namespace)/\(volume.name)",
                    "applications[\(i)].volumes[\(j)].name",
                    "volume '\(volume.name)' is claimed twice in \(place), and claims of one namespace need distinct "
                        + "names; rename one",
                    into: &self
                )
            }
        }
        for (i, database) in spec.databases.enumerated() {
            claim(
                "db/\(database.cluster)/\(database.namespace)/\(database.name)",
                "databases[\(i)].name",
                "database '\(database.name)' is defined twice in namespace '\(database.namespace)' of cluster "
                    + "'\(database.cluster)'; rename one",
                into: &self
            )
        }
        for (i, objective) in spec.objectives.enumerated() {
            let scope = objective.cluster.map { "cluster '\($0)'" } ?? "every cluster"
            claim(
                "objective/\(objective.scenario)/\(objective.cluster ?? "")",
                "objectives[\(i)].scenario",
                "the '\(objective.scenario)' objective for \(scope) is given twice; keep one",
                into: &self
            )
        }
    }
}
