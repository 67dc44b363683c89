import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// Which backup protects each volume of a cluster, on which schedule and retention, and the worst-case data
/// loss that allows.
///
/// VolSync `ReplicationSource`s protect the claim their `sourcePVC` names; Velero schedules protect the claims
/// of the namespaces they include (a label selector counts as including, since labels are not all visible);
/// CloudNativePG protects its own instances with continuous WAL archiving and scheduled base backups.
struct BackupCoverage {
    /// The volumes with their protections and recovery points.
    private(set) var volumes: [Plan.Volume] = []
    /// VolSync sources naming a claim the cluster does not declare.
    private(set) var unmatched: [Plan.Protection] = []

    /// CloudNativePG's default `archive_timeout`: a WAL segment is archived at least every five minutes
    /// (cloudnative-pg.io documentation, "WAL archiving").
    static let cnpgArchiveTimeout = 300.0

    /// Matches a cluster's backups to its volumes.
    init(_ cluster: Cluster, inventory: VolumeInventory, context: AnalysisContext) {
        let velero = Self.veleroProtections(cluster, context: context)
        var sources: [(object: ClusterObject, claim: String, used: Bool)] = []
        for object in cluster.objects where object.resource.kind == "ReplicationSource" {
            if let claim = object.spec["sourcePVC"]?.string { sources.append((object, claim, false)) }
        }
        var scheduled: [String: [ClusterObject]] = [:]
        for object in cluster.objects where object.resource.kind == "ScheduledBackup" {
            guard let name = object.spec[path: ["cluster", "name"]]?.string else { continue }
            scheduled["\(object.resource.namespace ?? "default")/\(name)", default: []].append(object)
        }
        for entry in inventory.entries {
            var volume = entry.volume
            for index in sources.indices {
                let source = sources[index]
                guard source.object.resource.namespace ?? "default" == volume.namespace,
                    entry.claims.contains(source.claim)
                else { continue }
                sources[index].used = true
                var protection = Self.volSync(source.object)
                if entry.claims.count > 1 { protection.note = "protects 1 of \(entry.claims.count) claims" }
                volume.protections.append(protection)
            }
            if let cnpg = entry.cnpgCluster {
                let key = "\(volume.namespace)/\(cnpg.resource.name)"
                volume.protections += Self.cnpg(cnpg, scheduled: scheduled[key] ?? [])
            }
            if volume.role != "system" {
                for (template, protection) in velero
                where BackupInventory.veleroTemplate(template, copiesVolumesOf: volume.namespace)
                    && entry.holder[path: ["metadata", "labels", "velero.io/exclude-from-backup"]]?.string != "true"
                {
                    volume.protections.append(protection)
                }
            }
            volume.rpoSeconds = volume.protections.filter(\.offsite).compactMap(\.rpoSeconds).min()
            volumes.append(volume)
        }
        unmatched = sources.filter { !$0.used }.map { Self.volSync($0.object) }
    }

    /// The longest gap between two runs of a schedule, or `nil` when its controller would not run it.
    static func interval(
        _ schedule: String?,
        syntax: CronExpression.Syntax = .standardOrWithSeconds,
        options: CronExpression.Options = []
    ) -> Double? {
        schedule.flatMap { try? CronExpression($0, syntax: syntax, options: options) }.map { Double($0.interval) }
    }

    private static func volSync(_ object: ClusterObject) -> Plan.Protection {
        let spec = object.spec
        let schedule = spec[path: ["trigger", "schedule"]]?.string
        let mover = ["restic", "rclone", "rsync", "rsyncTLS", "external"].first { spec[$0] != nil }
        var note: String?
        var interval = interval(schedule, syntax: .standard, options: .ignoringTimeZone)
        if schedule == nil {
            if spec[path: ["trigger", "manual"]] != nil {
                note = "manual trigger: runs only when changed"
            } else {
                // Without a trigger VolSync starts the next sync as soon as one ends: the gap is one sync's
                // duration, which the repository does not tell.
                interval = nil
                note = "no trigger: back to back"
            }
        }
        let retain = (spec[path: [mover ?? "restic", "retain"]]?.pairs ?? []).compactMap { pair in
            pair.key.string.map { "\($0) \(pair.value.string ?? "")" }
        }
        return Plan.Protection(
            kind: "volsync",
            namespace: object.resource.namespace ?? "default",
            name: "ReplicationSource/\(object.resource.name)",
            target: spec["sourcePVC"]?.string,
            schedule: schedule,
            intervalSeconds: interval,
            retention: retain.isEmpty ? nil : retain.joined(separator: ", "),
            offsite: mover != nil,
            rpoSeconds: interval,
            note: note.map { "\($0)\(mover.map { ", \($0) mover" } ?? "")" } ?? mover.map { "\($0) mover" }
        )
    }

    private static func cnpg(_ object: ClusterObject, scheduled: [ClusterObject]) -> [Plan.Protection] {
        let spec = object.spec
        let namespace = object.resource.namespace ?? "default"
        let retention = spec[path: ["backup", "retentionPolicy"]]?.string
        var out: [Plan.Protection] = []
        let archives =
            spec[path: ["backup", "barmanObjectStore"]] != nil
            || (spec["plugins"]?.items ?? []).contains { ($0["name"]?.string ?? "").contains("barman") }
        if archives {
            let timeout =
                spec[path: ["postgresql", "parameters", "archive_timeout"]]?.string.flatMap { Units.duration($0) }
                ?? cnpgArchiveTimeout
            out.append(
                Plan.Protection(
                    kind: "cnpg-wal",
                    namespace: namespace,
                    name: "Cluster/\(object.resource.name)",
                    target: nil,
                    schedule: nil,
                    intervalSeconds: timeout,
                    retention: retention,
                    offsite: true,
                    rpoSeconds: timeout,
                    note: "continuous WAL archiving, a segment at least every \(Units.formatDuration(timeout))"
                )
            )
        }
        for backup in scheduled {
            let schedule = backup.spec["schedule"]?.string
            let interval = interval(schedule, syntax: .withSeconds, options: .optionalWeekday)
            let snapshot = backup.spec["method"]?.string == "volumeSnapshot"
            out.append(
                Plan.Protection(
                    kind: "cnpg-backup",
                    namespace: namespace,
                    name: "ScheduledBackup/\(backup.resource.name)",
                    target: nil,
                    schedule: schedule,
                    intervalSeconds: interval,
                    retention: retention,
                    offsite: !snapshot && archives,
                    rpoSeconds: interval,
                    note: snapshot ? "volume snapshots stay in the storage system" : "base backups"
                )
            )
        }
        return out
    }

    /// Each Velero schedule's template with its protection.
    private static func veleroProtections(_ cluster: Cluster, context: AnalysisContext) -> [(YAMLNode, Plan.Protection)]
    {
        let charts = cluster.helmReleases.filter { $0.chart == "velero" }
        let movesByDefault = charts.contains {
            $0.values[path: ["configuration", "defaultSnapshotMoveData"]]?.bool == true
                || $0.values[path: ["configuration", "defaultVolumesToFsBackup"]]?.bool == true
        }
        return context.veleroSchedules(in: cluster).map { schedule in
            let template = schedule.node["template"] ?? .mapping([])
            let fileSystem = template["defaultVolumesToFsBackup"]?.bool
            let moves = template["snapshotMoveData"]?.bool
            let offsite = fileSystem == true || moves == true || (moves == nil && fileSystem == nil && movesByDefault)
            let text = schedule.node["schedule"]?.string
            let interval = interval(text, syntax: .standard, options: .ignoringTimeZone)
            let selector = template["labelSelector"] != nil || template["orLabelSelectors"] != nil
            var notes: [String] = []
            if !offsite { notes.append("CSI snapshots stay in the storage system") }
            if selector { notes.append("label selector: covers only the volumes whose labels match") }
            let protection = Plan.Protection(
                kind: "velero",
                namespace: schedule.object.namespace ?? "velero",
                name: "Schedule/\(schedule.name)",
                target: nil,
                schedule: text,
                intervalSeconds: interval,
                retention: template["ttl"]?.string.map { "ttl \($0)" } ?? "ttl 720h (default)",
                offsite: offsite,
                rpoSeconds: interval,
                note: notes.isEmpty ? nil : notes.joined(separator: "; ")
            )
            return (template, protection)
        }
    }
}
