import StrataAnalyze

/// Which declared objectives a scenario is judged against, and which volumes an objective's name covers.
enum ObjectiveScope {
    /// The objectives for a scenario over some clusters: those declared for the scenario and those declared for
    /// no scenario in particular, except where a scenario's own objective has the same scope.
    static func applicable(_ objectives: [Facts.Objective], scenario: String, clusters: [String]) -> [Facts.Objective] {
        let relevant = objectives.filter { objective in
            (objective.scenario == nil || objective.scenario == scenario)
                && (objective.cluster.map(clusters.contains) ?? true)
                && (objective.rpo != nil || objective.rto != nil)
        }
        let specific = relevant.filter { $0.scenario != nil }
        return relevant.filter { objective in
            objective.scenario != nil
                || !specific.contains {
                    $0.cluster == objective.cluster && $0.namespace == objective.namespace && $0.name == objective.name
                }
        }
    }

    /// Whether a volume belongs to a named workload or claim: the name itself, or a claim its templates create.
    static func volume(_ volume: String, matches name: String) -> Bool {
        volume == name || volume.hasPrefix(name + "-") || volume.contains("-\(name)-")
    }
}
