/// The plan as plain text: one section per cluster, then the scenarios.
public enum PlanText {
    /// Renders a plan.
    public static func render(_ plan: Plan) -> String {
        var out = header(plan)
        for cluster in plan.clusters {
            out += "\n== cluster \(cluster.name) ==\n"
            out += capacity(cluster)
            out += volumes(cluster)
            out += bootstrap(cluster.bootstrap)
            out += network(cluster.network)
        }
        if !plan.routers.isEmpty {
            out += "\n== routers ==\n"
            for router in plan.routers {
                out += "\(router.path): AS \(router.asn ?? "?")\n"
                for group in router.groups {
                    let neighbors = group.neighbors.map { "\($0.address ?? "?") AS \($0.asn ?? "?")" }
                    out += "  group \(group.name): \(neighbors.joined(separator: ", "))\n"
                }
            }
        }
        out += "\n== scenarios ==\n"
        for scenario in plan.scenarios {
            out += self.scenario(scenario)
        }
        out += "\n== assumptions ==\n"
        out += plan.assumptions.map { "- \($0)\n" }.joined()
        return out
    }

    static func header(_ plan: Plan) -> String {
        var out = "Plan of \(plan.clusters.count) cluster\(plan.clusters.count == 1 ? "" : "s"), "
        out += "\(plan.scenarios.count) failure scenarios\n"
        out += "VictoriaMetrics bytes per sample: \(PlanFormat.decimal(plan.calibration.bytesPerSample, places: 3)) "
        out += "(measured \(plan.calibration.date), victoria-metrics \(plan.calibration.victoriaMetricsVersion))\n"
        out += "Restore throughput: "
        out +=
            plan.restoreThroughputBytesPerSecond.map { PlanFormat.bytes($0) + "/s" }
            ?? "unknown (facts.restoreThroughput)"
        return out + "\n"
    }

    static func capacity(_ cluster: Plan.ClusterPlan) -> String {
        var out = ""
        for ceph in cluster.ceph {
            out += "Ceph \(ceph.namespace)/\(ceph.name): "
            if ceph.osdsKnown {
                out += "\(ceph.domains.count) hosts with OSDs, raw \(PlanFormat.bytes(ceph.rawBytes)); "
            } else {
                out += "OSD hosts or disks unknown (node facts); "
            }
            out += "nearfull \(PlanFormat.percent(ceph.ratios.nearfull)), backfillfull "
            out += "\(PlanFormat.percent(ceph.ratios.backfillfull)), full \(PlanFormat.percent(ceph.ratios.full)); "
            out += "claims \(PlanFormat.bytes(ceph.provisionedBytes))\n"
            out += table(poolColumns, ceph.pools.map(poolRow))
        }
        if !cluster.memory.isEmpty {
            out += "Memory per node (Ceph daemons + workload requests + OS reserve):\n"
            out += table(memoryColumns, cluster.memory.map(memoryRow))
        }
        for store in cluster.metrics {
            out += "\(store.kind) \(store.namespace)/\(store.name): " + metrics(store) + "\n"
        }
        return out
    }

    /// The columns of a pool table.
    static let poolColumns = [
        "pool", "protection", "min_size", "hosts/needed", "usable", "at nearfull", "at full", "quota", "claims",
        "after losing the largest host",
    ]

    /// A pool's row.
    static func poolRow(_ pool: Plan.Pool) -> [String] {
        [
            pool.name, pool.protection ?? "?", pool.minSize.map(String.init) ?? "?",
            "\(pool.availableDomains.map(String.init) ?? "?")/\(pool.requiredDomains.map(String.init) ?? "?")",
            PlanFormat.bytes(pool.usableBytes), PlanFormat.bytes(pool.nearfullBytes), PlanFormat.bytes(pool.fullBytes),
            pool.quotaBytes.map { PlanFormat.bytes($0) } ?? "-", PlanFormat.bytes(pool.provisionedBytes),
            afterLoss(pool),
        ]
    }

    /// The columns of a memory table.
    static let memoryColumns = ["node", "memory", "OSDs", "Ceph", "workloads", "OS reserve", "total", "free"]

    /// A node's row.
    static func memoryRow(_ budget: MemoryBudget) -> [String] {
        [
            budget.node, PlanFormat.bytes(budget.memory), String(budget.osds), PlanFormat.bytes(budget.ceph),
            PlanFormat.bytes(budget.workloads), PlanFormat.bytes(budget.osReserve), PlanFormat.bytes(budget.total),
            PlanFormat.bytes(budget.free),
        ]
    }

    static func afterLoss(_ pool: Plan.Pool) -> String {
        guard let after = pool.afterLargestLoss else { return "?" }
        if !after.canReReplicate {
            return "no spare host: stays degraded"
        }
        return
            "recovers up to \(PlanFormat.bytes(after.recoverableBytes)) "
            + "(fill ≤ \(PlanFormat.percent(after.safeFill)))"
    }

    static func metrics(_ store: Plan.MetricsStore) -> String {
        guard let series = store.activeSeries, let interval = store.scrapeIntervalSeconds,
            let retained = store.retainedBytes, let perNode = store.perNodeBytes
        else {
            return "retention \(store.retention), volume \(PlanFormat.bytes(store.volumeBytes)) per node; "
                + "no ingest facts (facts.metrics activeSeries, scrapeInterval)"
        }
        var out = "\(PlanFormat.count(series)) series every \(PlanFormat.duration(interval)) = "
        out +=
            "\(PlanFormat.count(store.samplesPerDay)) samples/day × "
            + "\(store.retentionDays.map { PlanFormat.decimal($0, places: 1) } ?? "?") days"
        out += " × \(PlanFormat.decimal(store.bytesPerSample, places: 3)) B (\(store.bytesPerSampleSource))"
        out += " × replicationFactor \(store.replicationFactor) = \(PlanFormat.bytes(retained)); "
        out += "\(PlanFormat.bytes(perNode)) on each of \(store.storageNodes) nodes"
        if let volume = store.volumeBytes, let writable = store.writableBytes {
            out += " against \(PlanFormat.bytes(writable)) writable of \(PlanFormat.bytes(volume)) "
            out += "(\(PlanFormat.percent(perNode / writable)))"
            out += store.fits == true ? ": fits" : ": does not fit"
        } else {
            out += "; no persistent volume"
        }
        return out
    }

    static func volumes(_ cluster: Plan.ClusterPlan) -> String {
        guard !cluster.volumes.isEmpty else { return "Volumes: none\n" }
        var rows: [[String]] = []
        for volume in cluster.volumes {
            let base = [
                volume.namespace, volume.name + (volume.count > 1 ? " ×\(volume.count)" : ""),
                PlanFormat.bytes(volume.sizeBytes), "\(volume.storageClass ?? "-") (\(volume.storage))", volume.role,
            ]
            let rpo = volume.holdsData ? volume.rpoSeconds.map { PlanFormat.duration($0) } ?? "unprotected" : "-"
            if volume.protections.isEmpty {
                rows.append(base + ["none", "-", "-", rpo])
            }
            for (index, protection) in volume.protections.enumerated() {
                let what =
                    "\(protection.kind) \(protection.name)" + (protection.offsite ? "" : " (in-cluster)")
                let cells = [
                    what, protection.schedule ?? protection.note ?? "-", protection.retention ?? "-",
                    index == 0 ? rpo : "",
                ]
                rows.append((index == 0 ? base : Array(repeating: "", count: base.count)) + cells)
            }
        }
        var out = "Volumes and backups (RPO: worst-case data loss from off-cluster copies):\n"
        out += table(
            ["namespace", "volume", "size", "class", "role", "protection", "schedule", "retention", "RPO"],
            rows
        )
        for backup in cluster.unmatchedBackups {
            out += "  \(backup.kind) \(backup.namespace)/\(backup.name) names claim '\(backup.target ?? "?")', "
            out += "which the cluster does not declare\n"
        }
        return out
    }

    static func bootstrap(_ bootstrap: Plan.Bootstrap) -> String {
        guard !bootstrap.kustomizations.isEmpty else { return "" }
        var out = "Flux bootstrap: critical path \(PlanFormat.duration(bootstrap.criticalPathSeconds)) "
        out += "(\(bootstrap.criticalPath.joined(separator: " → "))), "
        out += "with one failed attempt \(PlanFormat.duration(bootstrap.withOneRetrySeconds))\n"
        out += table(
            ["layer", "kustomization", "depends on", "waits", "timeout", "retry", "start", "ready", ""],
            bootstrap.kustomizations.map {
                [
                    String($0.layer), $0.id,
                    ($0.dependsOn + $0.missingDependencies.map { "\($0) (missing)" })
                        .joined(separator: ", "),
                    $0.waits ? "yes" : "no", PlanFormat.duration($0.timeoutSeconds),
                    PlanFormat.duration($0.retryIntervalSeconds), PlanFormat.duration($0.startSeconds),
                    PlanFormat.duration($0.readySeconds), $0.critical ? "critical" : "",
                ]
            }
        )
        return out
    }

    static func network(_ network: Plan.Network) -> String {
        guard !network.isEmpty else { return "" }
        var out = "Network:\n"
        func line(_ label: String, _ values: [String]) {
            if !values.isEmpty { out += "  \(label): \(values.joined(separator: ", "))\n" }
        }
        line("node subnets", network.nodeSubnets)
        line("node addresses", network.nodeAddresses)
        line("pod subnets", network.podSubnets)
        line("service subnets", network.serviceSubnets)
        for pool in network.loadBalancerPools {
            line("LoadBalancer pool \(pool.name)", pool.blocks)
        }
        for instance in network.bgp {
            line(
                "BGP \(instance.object) AS \(instance.localASN ?? "?")",
                instance.peers.map { "peer \($0.address ?? "?") AS \($0.asn ?? "?")" }
            )
        }
        return out
    }

    static func scenario(_ scenario: Plan.Scenario) -> String {
        var out = "\n[\(scenario.id)] \(scenario.title)\n"
        let effects = scenario.effects.filter { $0.state != "ok" }
        if effects.isEmpty {
            out += "  nothing stops\n"
        }
        for effect in effects {
            out += "  \(effect.state): \(effect.cluster) \(effect.component): \(effect.detail)\n"
        }
        if scenario.dataLoss.isEmpty {
            out += "  data lost: none\n"
        }
        for loss in scenario.dataLoss {
            out += "  data lost: \(loss.cluster) \(loss.namespace)/\(loss.volume): "
            out +=
                loss.rpoSeconds.map { "up to \(PlanFormat.duration($0)), restored from \(loss.restoredFrom ?? "?")" }
                ?? "everything (no off-cluster copy)"
            out += "\n"
        }
        for recovery in scenario.recovery {
            out += "  recovery of \(recovery.cluster): "
            out += recovery.totalSeconds.map { PlanFormat.duration($0) } ?? "unknown"
            out += " (Flux \(PlanFormat.duration(recovery.bootstrapSeconds)) + restore of "
            out += "\(PlanFormat.bytes(recovery.restoreBytes)) in \(PlanFormat.duration(recovery.restoreSeconds)))"
            out += "; not counted: \(recovery.notCounted.joined(separator: "; "))\n"
        }
        for judgement in scenario.objectives {
            out += "  objective \(scope(judgement))"
            out += judgement.declaredAt.map { " (\($0))" } ?? ""
            out += ": " + verdicts(judgement) + "\n"
        }
        return out
    }

    /// `cluster infra, namespace databases`, or `every cluster`.
    static func scope(_ judgement: Plan.Judgement) -> String {
        var parts: [String] = []
        parts.append(judgement.cluster.map { "cluster \($0)" } ?? "every cluster")
        if let namespace = judgement.namespace { parts.append("namespace \(namespace)") }
        if let name = judgement.name { parts.append(name) }
        return parts.joined(separator: ", ")
    }

    /// `RPO 6h: 5m, met by 5h55m; RTO 2h: 1h2m, met by 58m`.
    static func verdicts(_ judgement: Plan.Judgement) -> String {
        var parts: [String] = []
        if let goal = judgement.rpoObjectiveSeconds {
            let achieved =
                judgement.rpoUnbounded ? "data with no off-cluster copy" : PlanFormat.duration(judgement.rpoSeconds)
            parts.append(
                "RPO \(PlanFormat.duration(goal)): \(achieved), "
                    + verdict(judgement.rpoMet, judgement.rpoMarginSeconds)
            )
        }
        if let goal = judgement.rtoObjectiveSeconds {
            parts.append(
                "RTO \(PlanFormat.duration(goal)): \(PlanFormat.duration(judgement.rtoSeconds)), "
                    + verdict(judgement.rtoMet, judgement.rtoMarginSeconds)
            )
        }
        return parts.joined(separator: "; ")
    }

    static func verdict(_ met: Bool?, _ margin: Double?) -> String {
        switch met {
        case true?: "met with \(PlanFormat.duration(margin)) to spare"
        case false?: margin.map { "missed by \(PlanFormat.duration(-$0))" } ?? "missed"
        case nil: "unknown"
        }
    }

    /// Left-aligned columns under a header, two spaces apart, indented by two.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func format(_ cells: [String]) -> String {
            var line = " "
            for (column, cell) in cells.enumerated() {
                line += " " + cell + String(repeating: " ", count: max(widths[column] - cell.count, 0)) + " "
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }
        return format(header) + rows.map(format).joined()
    }
}
