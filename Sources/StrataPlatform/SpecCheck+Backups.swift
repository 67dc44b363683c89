import StrataCore

extension SpecCheck {
    /// Data that backups protect, with what it can survive.
    private struct ProtectedData {
        /// "volume 'x' of application 'y'".
        var name: String
        /// The cluster whose workload uses it.
        var cluster: String
        /// The cluster whose disks hold its bytes (the Ceph provider for Ceph classes).
        var holder: String
        /// Node losses in the holding cluster it survives without a restore.
        var tolerance: Int
        /// Whether it lives in Ceph (and is lost with it).
        var inCeph: Bool
        /// Its backup schedule and where that is written.
        var schedule: CronExpression
        var schedulePath: String
    }

    mutating func checkBackups() {
        let data = protectedData()
        checkObjectives(data)
        checkVerification()
    }

    /// Every backed-up volume and database, with the schedule that bounds what its loss can cost.
    private func protectedData() -> [ProtectedData] {
        let classes = definedClasses
        let provider = cephProvider?.cluster.name
        func placement(_ className: String, cluster: String) -> (holder: String, tolerance: Int, inCeph: Bool)? {
            guard let defined = classes.first(where: { $0.spec.name == className }) else { return nil }
            switch defined.backing {
            case .localPath:
                return (cluster, 0, false)
            case .pool(let pool):
                return (provider ?? cluster, Self.hostLosses(pool.protection, pool.failureDomain), true)
            case .filesystem(let filesystem):
                return (provider ?? cluster, Self.hostLosses(filesystem.data, "host"), true)
            }
        }
        var data: [ProtectedData] = []
        let fallback = try? CronExpression(spec.backups.volsync.schedule, syntax: .standard)
        for (i, application) in spec.applications.enumerated() {
            for (j, volume) in application.volumes.enumerated() where volume.backup {
                let path = "applications[\(i)].volumes[\(j)]"
                let own = volume.schedule.flatMap { try? CronExpression($0, syntax: .standard) }
                guard let schedule = own ?? (volume.schedule == nil ? fallback : nil),
                    let place = placement(volume.storageClass, cluster: application.cluster)
                else { continue }
                data.append(
                    ProtectedData(
                        name: "volume '\(volume.name)' of application '\(application.name)'",
                        cluster: application.cluster,
                        holder: place.holder,
                        tolerance: place.tolerance,
                        inCeph: place.inCeph,
                        schedule: schedule,
                        schedulePath: own == nil ? "backups.volsync.schedule" : "\(path).schedule"
                    )
                )
            }
        }
        for (i, database) in spec.databases.enumerated() {
            guard let schedule = try? CronExpression(database.backupSchedule, syntax: .withSeconds),
                let place = placement(database.storageClass, cluster: database.cluster)
            else { continue }
            data.append(
                ProtectedData(
                    name: "database '\(database.name)'",
                    cluster: database.cluster,
                    holder: place.holder,
                    // Instances are replicas on different nodes: each one more survives one more loss.
                    tolerance: max(place.tolerance, database.instances - 1),
                    inCeph: place.inCeph,
                    schedule: schedule,
                    schedulePath: "databases[\(i)].backupSchedule"
                )
            )
        }
        return data
    }

    /// Host losses a pool survives without losing data.
    private static func hostLosses(_ protection: DataProtection, _ failureDomain: String) -> Int {
        // With one copy per OSD, two copies may share a host, so a single host loss can take them all.
        guard failureDomain == "host" else { return 0 }
        switch protection {
        case .replicated(let size, _): return size - 1
        case .erasureCoded(_, let m): return m
        }
    }

    /// Which data a failure destroys, so that only a backup brings it back.
    private func lost(_ item: ProtectedData, in objective: RecoveryObjective) -> Bool {
        let scope = objective.cluster
        switch objective.scenario {
        case "node": return item.tolerance < 1 && (scope == nil || scope == item.holder)
        case "two-nodes": return item.tolerance < 2 && (scope == nil || scope == item.holder)
        // A lost cluster takes its workloads' claims, and with the Ceph provider every Ceph volume.
        case "cluster": return scope == nil || scope == item.cluster || scope == item.holder
        case "all-clusters": return true
        case "ceph-corruption": return item.inCeph && (scope == nil || scope == item.cluster || scope == item.holder)
        default: return false
        }
    }

    /// Every objective's RPO is at least the backup interval of the data its failure destroys.
    private mutating func checkObjectives(_ data: [ProtectedData]) {
        let intervals = data.map(\.schedule.interval)
        for (i, objective) in spec.objectives.enumerated() {
            let scope = objective.cluster.map { " for cluster '\($0)'" } ?? ""
            let allowed =
                objective.rpoSeconds == 0
                ? "allows no data loss" : "allows losing \(Self.readable(objective.rpoSeconds)) of data"
            for (item, interval) in zip(data, intervals) where lost(item, in: objective) {
                guard interval > objective.rpoSeconds else { continue }
                let fix =
                    objective.rpoSeconds == 0
                    ? "keep it on storage that survives this failure"
                    : "back it up at least every \(Self.readable(objective.rpoSeconds))"
                report(
                    "rpo-below-interval",
                    "the '\(objective.scenario)' objective\(scope) \(allowed), but \(item.name) is lost in that "
                        + "failure and backed up only every \(Self.readable(interval)) ('\(item.schedule.text)'); "
                        + "\(fix), or raise the rpo to \(Self.readable(interval))",
                    at: "objectives[\(i)].rpo",
                    notes: [("the schedule is here", item.schedulePath)]
                )
            }
        }
    }

    /// The restore drill starts at least an hour away from every volume backup, since `restic check` locks
    /// the repository a backup writes to.
    private mutating func checkVerification() {
        guard let drill = try? CronExpression(spec.backups.verification.schedule, syntax: .standard) else { return }
        var schedules: [(text: String, path: String)] = []
        for (i, application) in spec.applications.enumerated() {
            for (j, volume) in application.volumes.enumerated() where volume.backup {
                let entry =
                    volume.schedule.map { ($0, "applications[\(i)].volumes[\(j)].schedule") }
                    ?? (spec.backups.volsync.schedule, "backups.volsync.schedule")
                if !schedules.contains(where: { $0.text == entry.0 }) { schedules.append(entry) }
            }
        }
        for (text, path) in schedules {
            guard let backup = try? CronExpression(text, syntax: .standard) else { continue }
            switch drill.proximity(to: backup, window: 3600) {
            case .apart:
                continue
            case .close(let time):
                report(
                    "schedule-collision",
                    "the restore drill ('\(drill.text)') starts within an hour of the volume backup '\(text)' (both "
                        + "run around \(CronExpression.weekdayAndTime(time))); restic check locks the repository, so "
                        + "the backup would fail; move the drill at least an hour away from every backup",
                    at: "backups.verification.schedule",
                    notes: [("the backup schedule is here", path)]
                )
            case .undetermined:
                report(
                    "schedule-collision",
                    "the restore drill ('\(drill.text)') cannot be kept apart from the volume backup '\(text)', since "
                        + "an '@every' schedule runs at no fixed time; give both fixed times an hour apart",
                    at: "backups.verification.schedule",
                    notes: [("the backup schedule is here", path)]
                )
            }
        }
    }
}
