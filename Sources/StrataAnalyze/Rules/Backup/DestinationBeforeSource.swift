import StrataCore
import StrataFlux
import StrataYAML

/// A ReplicationDestination's scheduled restore starts with, or just before, the backup it should restore.
struct DestinationBeforeSource: Rule {
    static let description = RuleDescription(
        id: "backup/destination-before-source",
        name: "Destination Before Source",
        summary: "A scheduled restore starts at the same time as, or just before, the backup of the same repository",
        rationale: """
            A restic ReplicationDestination restores the latest snapshot in its repository when its trigger \
            fires (https://volsync.readthedocs.io/en/stable/usage/restic/index.html). When it fires together \
            with the ReplicationSource writing that repository, the backup has not finished, so the restore \
            takes the previous one and the two movers contend for the repository lock; when it fires shortly \
            before the backup, every restore is a whole cycle older than it needs to be. Both schedules are \
            compared over two weeks of run times; sources and destinations are matched by their repository \
            Secret, or by a readable `RESTIC_REPOSITORY` across clusters.
            """,
        remediation: """
            Schedule the restore well after the backup has finished (for example the backup at `0 */6 * * *` \
            and the restore at `30 */6 * * *` when a backup takes under 30 minutes), or restore on demand \
            with `trigger.manual`.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: wiki, namespace: docs}
                spec:
                  sourcePVC: wiki
                  trigger: {schedule: "0 */6 * * *"}
                  restic: {repository: wiki-restic, copyMethod: Snapshot}
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationDestination
                metadata: {name: wiki-standby, namespace: docs}
                spec:
                  trigger: {schedule: "30 */6 * * *"}
                  restic: {repository: wiki-restic, destinationPVC: wiki-standby, copyMethod: Direct}
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: wiki, namespace: docs}
                spec:
                  sourcePVC: wiki
                  trigger: {schedule: "0 2 * * *"}
                  restic: {repository: wiki-restic, copyMethod: Snapshot}
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationDestination
                metadata: {name: wiki-standby, namespace: docs}
                spec:
                  trigger:
                    schedule: ↓"45 1 * * *"
                  restic: {repository: wiki-restic, destinationPVC: wiki-standby, copyMethod: Direct}
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationDestination
                metadata: {name: wiki-test, namespace: docs}
                spec:
                  trigger:
                    schedule: ↓"0 2 * * *"
                  restic: {repository: wiki-restic, destinationPVC: wiki-test, copyMethod: Direct}
                """
            )
        ]
    )

    /// 2025-01-01 00:00, a Wednesday: where the compared fortnight starts.
    private static let start = 1_735_689_600
    /// Two weeks cover every daily and weekly pattern.
    private static let window = 14 * 86400

    private struct Timed {
        var cluster: Cluster
        var object: ClusterObject
        var schedule: CronExpression
        var node: YAMLNode
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var sources: [BackupInventory.Repository: [Timed]] = [:]
        var destinations: [(BackupInventory.Repository, Timed)] = []
        for cluster in context.clusters {
            let inventory = context.shared("BackupInventory/\(cluster.name)") { BackupInventory(cluster) }
            for object in cluster.objects where object.resource.group == "volsync.backube" {
                let isSource = object.resource.kind == "ReplicationSource"
                guard isSource || object.resource.kind == "ReplicationDestination",
                    let secret = object.spec[path: ["restic", "repository"]]?.string, !secret.contains("${"),
                    let node = object.spec[path: ["trigger", "schedule"]], let text = node.string,
                    let schedule = try? CronExpression(text, syntax: .standard, options: .ignoringTimeZone),
                    schedule.hasFixedTimes
                else { continue }
                let repository = inventory.repository(namespace: object.resource.namespace ?? "default", secret: secret)
                let timed = Timed(cluster: cluster, object: object, schedule: schedule, node: node)
                if isSource {
                    sources[repository, default: []].append(timed)
                } else {
                    destinations.append((repository, timed))
                }
            }
        }
        for (repository, destination) in destinations {
            for source in sources[repository] ?? [] {
                guard let (relation, consequence) = conflict(destination.schedule, source.schedule) else { continue }
                let place =
                    source.cluster.name == destination.cluster.name ? "" : " in cluster '\(source.cluster.name)'"
                sink.report(
                    "restore schedule '\(destination.schedule.text)' starts \(relation) the backup of ReplicationSource '\(source.object.resource.name)'\(place), so it \(consequence)",
                    at: destination.node.location,
                    object: context.reference(destination.object, in: destination.cluster),
                    notes: [Diagnostic.Note("the backup is scheduled here", at: source.node.location)]
                )
                break
            }
        }
    }

    /// How a restore schedule meets a backup schedule, or `nil` when every restore follows a backup.
    private func conflict(_ restore: CronExpression, _ backup: CronExpression) -> (String, String)? {
        let backups = backup.runs(from: Self.start, to: Self.start + Self.window + 86400, limit: 20_000)
        guard !backups.isEmpty else { return nil }
        var index = 0
        for run in restore.runs(from: Self.start + 86400, to: Self.start + Self.window, limit: 5_000) {
            while index + 1 < backups.count, backups[index + 1] <= run { index += 1 }
            guard backups[index] <= run else { continue }
            let since = run - backups[index]
            if since == 0 { return ("with", "restores the previous backup while this one is written") }
            guard index + 1 < backups.count else { continue }
            let until = backups[index + 1] - run
            if until < since, until <= 3600 {
                return (
                    "\(Units.formatDuration(Double(until))) before",
                    "restores a copy \(Units.formatDuration(Double(since))) old"
                )
            }
        }
        return nil
    }
}
