import StrataCore
import StrataFlux
import StrataYAML

/// A Velero schedule deletes its backups before the next one is taken.
struct VeleroTtlShort: Rule {
    static let description = RuleDescription(
        id: "backup/velero-ttl-short",
        name: "Velero TTL Short",
        summary: "A Velero schedule's backup TTL is shorter than the time between its runs",
        rationale: """
            Velero garbage-collects a backup once its `ttl` has passed (30 days, `720h`, when unset; \
            https://velero.io/docs/main/how-velero-works/). When the TTL is shorter than the longest gap \
            between two runs of the schedule, the last backup expires before the next one exists and the \
            cluster has no backup at all for part of every cycle. The gap is computed from the cron \
            schedule over a year, so a monthly schedule with the default TTL is reported too.
            """,
        remediation: """
            Make `template.ttl` longer than the schedule's period, ideally by several periods so that more \
            than one restore point is kept (for example `ttl: 720h` for a weekly schedule).
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: weekly-full-backup, namespace: velero}
                spec:
                  schedule: "0 2 * * 0"
                  template:
                    includedNamespaces: ["*"]
                    ttl: 720h
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata: {name: weekly-full-backup, namespace: velero}
                spec:
                  schedule: "0 2 * * 0"
                  template:
                    includedNamespaces: ["*"]
                    ttl: ↓72h0m0s
                """
            ),
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: velero, namespace: velero}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: velero
                      version: 8.7.2
                      sourceRef: {kind: HelmRepository, name: vmware-tanzu, namespace: flux-system}
                  values:
                    schedules:
                      monthly:
                        schedule: ↓"0 4 1 * *"
                        template:
                          includedNamespaces: ["*"]
                """
            ),
        ]
    )

    /// Velero's default backup TTL.
    private static let defaultTTL = 720.0 * 3600

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            for schedule in context.veleroSchedules(in: cluster) {
                guard let scheduleNode = schedule.node["schedule"], let text = scheduleNode.string,
                    !text.contains("${"),
                    let interval = (try? CronExpression(text, syntax: .standard, options: .ignoringTimeZone))
                        .map({ Double($0.interval) })
                else { continue }
                let ttlNode = schedule.node[path: ["template", "ttl"]]
                if let ttlNode {
                    guard let ttlText = ttlNode.string, !ttlText.contains("${"),
                        let ttl = Units.duration(ttlText), ttl > 0, ttl < interval
                    else { continue }
                    sink.report(
                        "backups expire after \(Units.formatDuration(ttl)), before the next run of schedule '\(text)' up to \(Units.formatDuration(interval)) later",
                        at: ttlNode.location,
                        object: schedule.object
                    )
                } else if Self.defaultTTL < interval {
                    sink.report(
                        "schedule '\(text)' runs up to \(Units.formatDuration(interval)) apart, longer than the default TTL of 30d",
                        at: scheduleNode.location,
                        object: schedule.object
                    )
                }
            }
        }
    }
}
