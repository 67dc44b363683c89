import StrataCore
import StrataFlux
import StrataYAML

/// A CronJob that checks or prunes a restic repository can run while a backup writes to it.
struct VerificationLockCollision: Rule {
    static let description = RuleDescription(
        id: "backup/verification-lock-collision",
        name: "Verification Lock Collision",
        summary: "A restic check or prune CronJob runs within an hour of a backup into the same repository",
        rationale: """
            `restic check` and `restic prune` take an exclusive lock on the repository \
            (restic `cmd/restic/cmd_check.go`, `cmd_prune.go`); a VolSync backup that starts meanwhile \
            fails with "repository is already locked", and a check that starts during a backup fails the \
            same way. The rule compares the CronJob's schedule with every ReplicationSource writing the same \
            repository (the same Secret, or the same readable `RESTIC_REPOSITORY`) over two weeks of run \
            times and reports starts less than an hour apart.
            """,
        remediation: """
            Move the verification to a quiet window at least as long as a backup takes, away from every \
            source writing that repository, or let VolSync prune (`restic.pruneIntervalDays`) inside its own \
            mover.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: postgres, namespace: databases}
                spec:
                  sourcePVC: postgres-data
                  trigger: {schedule: "0 */6 * * *"}
                  restic: {repository: postgres-restic, copyMethod: Snapshot}
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: restic-check, namespace: databases}
                spec:
                  schedule: "0 3 * * 0"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                            - name: check
                              image: restic/restic:0.17.3
                              args: [check, --read-data-subset=5%]
                              envFrom: [{secretRef: {name: postgres-restic}}]
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: postgres, namespace: databases}
                spec:
                  sourcePVC: postgres-data
                  trigger: {schedule: "0 */6 * * *"}
                  restic: {repository: postgres-restic, copyMethod: Snapshot}
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: restic-check, namespace: databases}
                spec:
                  schedule: ↓"15 0 * * 0"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                            - name: check
                              image: restic/restic:0.17.3
                              command: [restic, check, --read-data-subset=5%]
                              env:
                                - name: RESTIC_REPOSITORY
                                  valueFrom: {secretKeyRef: {name: postgres-restic, key: RESTIC_REPOSITORY}}
                """
            )
        ]
    )

    /// 2025-01-01 00:00, a Wednesday: where the compared fortnight starts.
    private static let start = 1_735_689_600
    private static let window = 14 * 86400
    private static let margin = 3600
    private static let lockingCommands: Set<String> = ["check", "prune", "rebuild-index", "repair", "migrate"]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var backups:
            [BackupInventory.Repository: [(name: String, cluster: String, schedule: CronExpression, node: YAMLNode)]] =
                [:]
        var jobs: [(cluster: Cluster, object: ClusterObject, repository: BackupInventory.Repository)] = []
        for cluster in context.clusters {
            let inventory = context.shared("BackupInventory/\(cluster.name)") { BackupInventory(cluster) }
            for object in cluster.objects {
                let resource = object.resource
                let namespace = resource.namespace ?? "default"
                if resource.kind == "ReplicationSource", resource.group == "volsync.backube" {
                    guard let secret = object.spec[path: ["restic", "repository"]]?.string, !secret.contains("${"),
                        let node = object.spec[path: ["trigger", "schedule"]], let text = node.string,
                        let schedule = try? CronExpression(text, syntax: .standard, options: .ignoringTimeZone),
                        schedule.hasFixedTimes
                    else { continue }
                    let repository = inventory.repository(namespace: namespace, secret: secret)
                    backups[repository, default: []].append((resource.name, cluster.name, schedule, node))
                } else if resource.kind == "CronJob", resource.group == "batch",
                    let repository = Self.lockedRepository(object, namespace: namespace, inventory: inventory)
                {
                    jobs.append((cluster, object, repository))
                }
            }
        }
        for job in jobs {
            // Kubernetes refuses a time zone prefix in a CronJob's schedule.
            guard let node = job.object.spec["schedule"], let text = node.string,
                let schedule = try? CronExpression(text, syntax: .standard), schedule.hasFixedTimes
            else { continue }
            let end = Self.start + Self.window
            let runs = schedule.runs(from: Self.start, to: end, limit: 5_000)
            for backup in backups[job.repository] ?? [] {
                guard let gap = Self.closest(runs, backup.schedule.runs(from: Self.start, to: end, limit: 20_000)),
                    gap < Self.margin
                else { continue }
                let place = backup.cluster == job.cluster.name ? "" : " in cluster '\(backup.cluster)'"
                sink.report(
                    "CronJob '\(job.object.resource.name)' locks \(job.repository.quoted) \(Units.formatDuration(Double(gap))) from a backup by ReplicationSource '\(backup.name)'\(place)",
                    at: node.location,
                    object: context.reference(job.object, in: job.cluster),
                    notes: [Diagnostic.Note("the backup is scheduled here", at: backup.node.location)]
                )
                break
            }
        }
    }

    /// The repository a CronJob's restic command locks exclusively, when it runs one and names its repository.
    static func lockedRepository(
        _ object: ClusterObject,
        namespace: String,
        inventory: BackupInventory
    ) -> BackupInventory.Repository? {
        guard let podSpec = PodTemplates.podSpec(of: object.resource) else { return nil }
        for container in PodTemplates.containers(of: podSpec) {
            let words = ((container["command"]?.items ?? []) + (container["args"]?.items ?? []))
                .compactMap(\.string)
                .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" || $0 == "&" }) }
                .map(String.init)
            let image = container["image"]?.string ?? ""
            let runsRestic = image.contains("restic") || words.contains { $0 == "restic" || $0.hasSuffix("/restic") }
            guard runsRestic, words.contains(where: lockingCommands.contains) else { continue }
            for variable in container["env"]?.items ?? [] where variable["name"]?.string == "RESTIC_REPOSITORY" {
                if let value = variable["value"]?.string, !value.contains("${"), !value.contains("$(") {
                    return .url(value)
                }
                if let secret = variable[path: ["valueFrom", "secretKeyRef", "name"]]?.string {
                    return inventory.repository(namespace: namespace, secret: secret)
                }
            }
            for source in container["envFrom"]?.items ?? [] {
                if let secret = source[path: ["secretRef", "name"]]?.string {
                    return inventory.repository(namespace: namespace, secret: secret)
                }
            }
        }
        return nil
    }

    /// The smallest distance between a run of one list and a run of the other (both sorted).
    static func closest(_ a: [Int], _ b: [Int]) -> Int? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        var best = Int.max
        var j = 0
        for value in a {
            while j + 1 < b.count, b[j + 1] <= value { j += 1 }
            best = min(best, abs(b[j] - value))
            if j + 1 < b.count { best = min(best, abs(b[j + 1] - value)) }
        }
        return best
    }
}
