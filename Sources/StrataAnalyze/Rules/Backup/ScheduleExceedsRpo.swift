import StrataCore
import StrataFlux
import StrataYAML

/// A backup runs less often than the recovery point objective declared for what it protects.
struct ScheduleExceedsRpo: Rule {
    static let description = RuleDescription(
        id: "backup/schedule-exceeds-rpo",
        name: "Schedule Exceeds RPO",
        summary: "A backup schedule leaves more time between runs than the declared recovery point objective",
        rationale: """
            The recovery point objective is the most data a failure may cost; a backup that runs every \
            `T` loses up to `T` of writes, so `T` must not exceed it. Schedules are read the way the \
            controllers read them (robfig/cron: five fields for VolSync, Velero and CronJobs, six with \
            seconds for CloudNativePG's ScheduledBackup, `@every` and the `@daily`-style descriptors; \
            https://pkg.go.dev/github.com/robfig/cron/v3), and the longest gap over a year counts, so \
            `0 2 * * 1-5` leaves three days over a weekend. The objective comes from `facts.objectives` in \
            `strata.yaml`; without one the rule is silent. A Velero schedule of every namespace is the \
            cluster's only copy of the objects Git does not hold, so it is judged against the objective \
            declared for the whole cluster. CloudNativePG clusters that archive WAL continuously are not \
            judged by their base-backup schedule.
            """,
        remediation: """
            Run the backup at least as often as the objective (for example `0 * * * *` for a one-hour RPO), \
            or correct the objective in `strata.yaml` if the business accepts more loss.
            """,
        severity: .warning,
        passing: [
            Example(files: [
                (
                    "strata.yaml",
                    """
                    facts:
                      objectives:
                        - {namespace: media, rpo: 24h}
                    """
                ),
                (
                    "example.yaml",
                    """
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationSource
                    metadata: {name: jellyfin, namespace: media}
                    spec:
                      sourcePVC: jellyfin-config
                      trigger: {schedule: "0 3 * * *"}
                      restic: {repository: jellyfin-restic, copyMethod: Snapshot}
                    """
                ),
            ]),
            Example(files: [
                (
                    "strata.yaml",
                    """
                    facts:
                      objectives:
                        - {cluster: example, rpo: 24h}
                    """
                ),
                (
                    "example.yaml",
                    """
                    apiVersion: velero.io/v1
                    kind: Schedule
                    metadata: {name: daily, namespace: velero}
                    spec:
                      schedule: "0 2 * * *"
                      template:
                        includedNamespaces: ["*"]
                        snapshotVolumes: true
                        ttl: 720h
                    """
                ),
            ]),
        ],
        failing: [
            Example(files: [
                (
                    "strata.yaml",
                    """
                    facts:
                      objectives:
                        - {namespace: databases, rpo: 1h}
                        - {namespace: shop, rpo: 24h}
                    """
                ),
                (
                    "example.yaml",
                    """
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationSource
                    metadata: {name: postgres-backup, namespace: databases}
                    spec:
                      sourcePVC: postgres-data
                      trigger:
                        schedule: ↓"0 */6 * * *"
                      restic: {repository: postgres-restic, copyMethod: Snapshot}
                    ---
                    apiVersion: velero.io/v1
                    kind: Schedule
                    metadata: {name: shop, namespace: velero}
                    spec:
                      schedule: ↓"0 2 * * 1-5"
                      template:
                        includedNamespaces: [shop]
                        snapshotVolumes: true
                    """
                ),
            ]),
            Example(files: [
                (
                    "strata.yaml",
                    """
                    facts:
                      objectives:
                        - {cluster: example, rpo: 6h}
                    """
                ),
                (
                    "example.yaml",
                    """
                    apiVersion: velero.io/v1
                    kind: Schedule
                    metadata: {name: weekly-full-backup, namespace: velero}
                    spec:
                      schedule: ↓"0 2 * * 0"
                      template:
                        includedNamespaces: ["*"]
                        excludedNamespaces: [kube-system]
                        snapshotVolumes: true
                        ttl: 720h
                    """
                ),
            ]),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        guard context.facts.objectives.contains(where: { $0.rpo != nil }) else { return }
        var cache: [ScheduleKey: Double?] = [:]
        for cluster in context.clusters {
            var otherwiseBackedUp: Set<String> = []
            var walArchived: Set<BackupInventory.Key> = []
            for object in cluster.objects {
                let resource = object.resource
                let namespace = resource.namespace ?? "default"
                if resource.kind == "ReplicationSource" || resource.kind == "ScheduledBackup" {
                    otherwiseBackedUp.insert(namespace)
                }
                if resource.kind == "Cluster", resource.group == "postgresql.cnpg.io",
                    object.spec[path: ["backup", "barmanObjectStore"]] != nil
                        || !(object.spec["plugins"]?.items ?? []).isEmpty
                {
                    walArchived.insert(.init(namespace: namespace, name: resource.name))
                }
            }
            for object in cluster.objects {
                let resource = object.resource
                let namespace = resource.namespace ?? "default"
                let reference = context.reference(object, in: cluster)
                switch (resource.group, resource.kind) {
                case ("volsync.backube", "ReplicationSource"):
                    let claim = object.spec["sourcePVC"]?.string
                    judge(
                        object.spec[path: ["trigger", "schedule"]],
                        syntax: .standard,
                        cache: &cache,
                        what: "'\(namespace)/\(claim ?? resource.name)'",
                        objective: objective(context, cluster, namespace, [claim, resource.name]),
                        object: reference,
                        sink: sink
                    )
                case ("postgresql.cnpg.io", "ScheduledBackup"):
                    guard let database = object.spec[path: ["cluster", "name"]]?.string,
                        !walArchived.contains(.init(namespace: namespace, name: database))
                    else { continue }
                    judge(
                        object.spec["schedule"],
                        syntax: .withSeconds,
                        cache: &cache,
                        what: "'\(namespace)/\(database)'",
                        objective: objective(context, cluster, namespace, [database]),
                        object: reference,
                        sink: sink
                    )
                default:
                    continue
                }
            }
            for schedule in context.veleroSchedules(in: cluster) {
                let template = schedule.node["template"]
                let namespaces = (template?["includedNamespaces"]?.items ?? []).compactMap(\.string)
                // A schedule of every namespace is the cluster's backup of what Git does not hold, so an
                // objective stated for the whole cluster applies to it; one with a label selector is not.
                if namespaces.isEmpty || namespaces.contains("*"), template?["labelSelector"] == nil,
                    template?["orLabelSelectors"] == nil
                {
                    judge(
                        schedule.node["schedule"],
                        syntax: .standard,
                        cache: &cache,
                        what: "cluster '\(cluster.name)'",
                        objective: context.facts.objective(cluster: cluster.name, namespace: nil, name: nil),
                        object: schedule.object,
                        sink: sink
                    )
                }
                // Namespaces with their own volume backups are judged by those.
                for namespace in namespaces where !namespace.contains("*") && !otherwiseBackedUp.contains(namespace) {
                    judge(
                        schedule.node["schedule"],
                        syntax: .standard,
                        cache: &cache,
                        what: "namespace '\(namespace)'",
                        objective: context.facts.objective(cluster: cluster.name, namespace: namespace, name: nil),
                        object: schedule.object,
                        sink: sink
                    )
                }
            }
        }
    }

    private func objective(
        _ context: AnalysisContext,
        _ cluster: Cluster,
        _ namespace: String,
        _ names: [String?]
    ) -> Facts.Objective? {
        var best: Facts.Objective?
        for name in names.compactMap({ $0 }) {
            guard let found = context.facts.objective(cluster: cluster.name, namespace: namespace, name: name) else {
                continue
            }
            if best == nil || (found.name != nil && best?.name == nil) { best = found }
        }
        return best
    }

    /// The longest gap of a schedule, computed once per distinct text: repositories repeat schedules a lot.
    ///
    /// Five-field schedules are VolSync's and Velero's, which take a time zone prefix; six-field ones are
    /// CloudNativePG's, which may leave out the day of week.
    private func cachedInterval(
        _ text: String,
        _ syntax: CronExpression.Syntax,
        _ cache: inout [ScheduleKey: Double?]
    ) -> Double? {
        let key = ScheduleKey(text: text, syntax: syntax)
        if let known = cache[key] { return known }
        let options: CronExpression.Options = syntax == .withSeconds ? .optionalWeekday : .ignoringTimeZone
        let interval = (try? CronExpression(text, syntax: syntax, options: options)).map { Double($0.interval) }
        cache[key] = interval
        return interval
    }

    /// A schedule as the cache knows it: the same text reads differently in another syntax.
    private struct ScheduleKey: Hashable {
        var text: String
        var syntax: CronExpression.Syntax
    }

    private func judge(
        _ node: YAMLNode?,
        syntax: CronExpression.Syntax,
        cache: inout [ScheduleKey: Double?],
        what: String,
        objective: Facts.Objective?,
        object: ObjectReference,
        sink: RuleSink
    ) {
        guard let node, let text = node.string, !text.contains("${"), let rpo = objective?.rpo,
            let interval = cachedInterval(text, syntax, &cache), interval > rpo
        else { return }
        sink.report(
            "schedule '\(text)' leaves up to \(Units.formatDuration(interval)) between backups of \(what), above its RPO of \(Units.formatDuration(rpo))",
            at: node.location,
            object: object,
            notes: [Diagnostic.Note("the objective is declared here", at: objective?.location)]
        )
    }
}
