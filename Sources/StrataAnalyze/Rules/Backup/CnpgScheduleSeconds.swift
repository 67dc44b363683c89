import StrataCore
import StrataFlux
import StrataYAML

/// A CloudNativePG backup schedule written with five fields, which CloudNativePG reads seconds first.
struct CnpgScheduleSeconds: Rule {
    static let description = RuleDescription(
        id: "backup/cnpg-schedule-seconds",
        name: "CNPG Schedule Seconds",
        summary: "A ScheduledBackup's five-field schedule is read seconds first, not as a CronJob reads it",
        rationale: """
            CloudNativePG parses `ScheduledBackup.spec.schedule` with robfig/cron's default parser, whose \
            first field is the second and whose day-of-week may be left out (the CRD's own description says \
            the format \"includes an additional seconds specifier\"). A schedule copied from a CronJob, \
            VolSync or Velero therefore shifts by one field: `0 2 * * *` is second 0 of minute 2 of every \
            hour, not 02:00 every day, so the database is backed up 24 times a day; `0 0 * * 0` is midnight on \
            every day of the month. The operator's admission webhook \
            (`internal/webhook/v1/scheduledbackup_webhook.go`) refuses a schedule `cron.Parse` rejects, but \
            for one that parses with other than six fields it only warns, and the object is applied.
            """,
        remediation: """
            Write six fields with the seconds first: `0 0 2 * * *` for 02:00 every day. A descriptor such \
            as `@daily` means the same in both dialects. A five-field schedule that does not parse seconds \
            first (`0 3 * * MON`: `MON` lands in the month field) is refused by the webhook, an error.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: wiki-daily, namespace: wiki}
                spec:
                  schedule: "0 0 2 * * *"
                  cluster: {name: wiki-db}
                """
            ),
            Example(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: wiki-daily, namespace: wiki}
                spec:
                  schedule: "@daily"
                  cluster: {name: wiki-db}
                """
            ),
        ],
        failing: [
            Example(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: wiki-daily, namespace: wiki}
                spec:
                  schedule: ↓"0 2 * * *"
                  cluster: {name: wiki-db}
                """
            ),
            Example(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: wiki-weekly, namespace: wiki}
                spec:
                  schedule: ↓"0 3 * * MON"
                  cluster: {name: wiki-db}
                """
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for (cluster, object) in context.objects(kind: "ScheduledBackup", group: "postgresql.cnpg.io") {
            guard let node = object.spec["schedule"], let text = node.string, !text.contains("${") else { continue }
            // Counted as the webhook counts them, with Go's `strings.Fields`.
            let fields = text.split(whereSeparator: \.isWhitespace)
            guard fields.count == 5, fields.first?.hasPrefix("@") == false else { continue }
            let meant = (try? CronExpression(text, syntax: .standard)).map {
                " (a CronJob reads it as up to \(Units.formatDuration(Double($0.interval))) apart)"
            }
            let reference = context.reference(object, in: cluster)
            do throws(CronSyntaxError) {
                let read = try CronExpression(text, syntax: .withSeconds, options: .optionalWeekday)
                sink.report(
                    "CloudNativePG reads '\(text)' seconds first: backups up to "
                        + "\(Units.formatDuration(Double(read.interval))) apart\(meant ?? ""); write '0 \(text)' for the "
                        + "CronJob meaning",
                    at: node.location,
                    object: reference,
                    severity: .warning
                )
            } catch {
                // The operator's webhook rejects the object, so nothing is ever backed up.
                sink.report(
                    "CloudNativePG reads '\(text)' seconds first and refuses it (\(error.message)); write "
                        + "'0 \(text)' for the CronJob meaning",
                    at: node.location,
                    object: reference
                )
            }
        }
    }
}
