import StrataPlatform
import StrataYAML

/// The alerting rules for Ceph, backups and Flux, as VMRules on the metrics cluster, where VMAlert
/// evaluates them over every cluster's series (each carries its `cluster` label).
///
/// Thresholds come from the spec: Ceph's full ratios and monitor count, each backup's schedule.
public struct AlertingRules: PlatformComponent {
    /// One alerting rule.
    public struct Rule: Sendable {
        /// The alert's name.
        public var alert: String
        /// The PromQL/MetricsQL expression.
        public var expression: String
        /// How long the expression must hold before the alert fires (Prometheus duration).
        public var duration: String
        /// `critical` or `warning`.
        public var severity: String
        /// A one-line summary, with `{{ $labels.x }}` templates.
        public var summary: String
        /// Labels naming what a rule that exists once per object watches (the values the series carry
        /// anyway), so that rules sharing an alert name stay distinct.
        public var subject: [(String, String)]

        /// Creates a rule.
        public init(
            alert: String,
            expression: String,
            duration: String,
            severity: String,
            summary: String,
            subject: [(String, String)] = []
        ) {
            self.alert = alert
            self.expression = expression
            self.duration = duration
            self.severity = severity
            self.summary = summary
            self.subject = subject
        }

        /// The rule as an entry of a rule group.
        public var node: YAMLNode {
            [
                "alert": "\(alert)",
                "expr": "\(expression)",
                "for": "\(duration)",
                "labels": .mapping([("severity", .string(severity))] + subject.map { ($0.0, .string($0.1)) }),
                "annotations": ["summary": "\(summary)"],
            ]
        }
    }

    /// Creates the component.
    public init() {}

    /// Adds one VMRule per area to the metrics cluster's observability layer.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let topology = VictoriaMetricsTopology(context: context)
        guard topology.isMetricsCluster(plan.cluster) else { return }
        let groups: [(name: String, rules: [Rule], comment: String)] = [
            (
                "ceph", cephRules(context),
                "Ceph health, OSDs, capacity against the spec's ratios, and monitor quorum."
            ),
            (
                "backups", backupRules(context),
                """
                A backup is late when its last success is older than twice its schedule's longest interval.
                VolSync marks a ReplicationSource out of sync once a run misses its slot; holding that for
                one more interval makes two.
                """
            ),
            (
                "flux", fluxRules(context),
                "Flux controllers that are down or keep failing to reconcile, and clusters that stopped sending metrics."
            ),
        ]
        for group in groups where !group.rules.isEmpty {
            plan.add(
                [vmRule(name: group.name, rules: group.rules, topology: topology)],
                to: .observability,
                file: "rules-\(group.name).yaml",
                comment: group.comment
            )
        }
    }

    func vmRule(name: String, rules: [Rule], topology: VictoriaMetricsTopology) -> YAMLNode {
        [
            "apiVersion": "\(VictoriaMetricsCluster.apiVersion)",
            "kind": "VMRule",
            "metadata": ["name": "\(name)", "namespace": "\(topology.namespace)"],
            "spec": ["groups": [["name": "\(name)", "rules": .sequence(rules.map(\.node))]]],
        ]
    }

    /// A ratio as PromQL reads it (`0.85`).
    static func number(_ value: Double) -> String {
        let text = String(value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Ceph's rules, when a cluster of the spec runs Ceph.
    public func cephRules(_ context: GenerationContext) -> [Rule] {
        guard let provider = context.cephProvider else { return [] }
        let ceph = context.spec.storage.ceph
        let selector = "cluster=\"\(provider.name)\""
        let osdUsage = "ceph_osd_stat_bytes_used{\(selector)} / ceph_osd_stat_bytes{\(selector)}"
        // With n monitors, quorum needs a majority; at a bare majority one more failure loses it.
        let bareMajority = ceph.mons / 2 + 1
        return [
            Rule(
                alert: "CephMetricsAbsent",
                expression: "absent(ceph_health_status{\(selector)})",
                duration: "15m",
                severity: "critical",
                summary: "No Ceph metrics from \(provider.name): the manager is down or not scraped"
            ),
            Rule(
                alert: "CephHealthError",
                expression: "ceph_health_status{\(selector)} == 2",
                duration: "5m",
                severity: "critical",
                summary: "Ceph in {{ $labels.cluster }} is HEALTH_ERR"
            ),
            Rule(
                alert: "CephHealthWarning",
                expression: "ceph_health_status{\(selector)} == 1",
                duration: "30m",
                severity: "warning",
                summary: "Ceph in {{ $labels.cluster }} has been HEALTH_WARN for 30 minutes"
            ),
            Rule(
                alert: "CephOSDDown",
                expression: "ceph_osd_up{\(selector)} == 0",
                duration: "5m",
                severity: "critical",
                summary: "{{ $labels.ceph_daemon }} in {{ $labels.cluster }} is down"
            ),
            Rule(
                alert: "CephOSDNearFull",
                expression: "\(osdUsage) > \(Self.number(ceph.nearFullRatio))",
                duration: "5m",
                severity: "warning",
                summary: "{{ $labels.ceph_daemon }} is above the nearfull ratio \(Self.number(ceph.nearFullRatio))"
            ),
            Rule(
                alert: "CephOSDBackfillFull",
                expression: "\(osdUsage) > \(Self.number(ceph.backfillFullRatio))",
                duration: "5m",
                severity: "critical",
                summary:
                    "{{ $labels.ceph_daemon }} is above the backfillfull ratio \(Self.number(ceph.backfillFullRatio)): recovery onto it stops"
            ),
            Rule(
                alert: "CephOSDFull",
                expression: "\(osdUsage) > \(Self.number(ceph.fullRatio))",
                duration: "1m",
                severity: "critical",
                summary: "{{ $labels.ceph_daemon }} is above the full ratio \(Self.number(ceph.fullRatio)): writes stop"
            ),
            Rule(
                alert: "CephClusterNearFull",
                expression:
                    "ceph_cluster_total_used_raw_bytes{\(selector)} / ceph_cluster_total_bytes{\(selector)} > \(Self.number(ceph.nearFullRatio))",
                duration: "5m",
                severity: "warning",
                summary: "Ceph in {{ $labels.cluster }} is above the nearfull ratio \(Self.number(ceph.nearFullRatio))"
            ),
            Rule(
                alert: "CephMonDown",
                expression: "count by (cluster) (ceph_mon_quorum_status{\(selector)} == 1) < \(ceph.mons)",
                duration: "10m",
                severity: "warning",
                summary: "{{ $value }} of \(ceph.mons) Ceph monitors in {{ $labels.cluster }} are in quorum"
            ),
            Rule(
                alert: "CephMonQuorumAtRisk",
                expression: "count by (cluster) (ceph_mon_quorum_status{\(selector)} == 1) <= \(bareMajority)",
                duration: "5m",
                severity: "critical",
                summary:
                    "Only {{ $value }} of \(ceph.mons) Ceph monitors in {{ $labels.cluster }} are in quorum: one more failure stops the cluster"
            ),
        ]
    }

    /// The late-backup rules: one per protected volume (its own schedule), per database, and Velero's.
    public func backupRules(_ context: GenerationContext) -> [Rule] {
        let spec = context.spec
        var rules: [Rule] = []
        for application in spec.applications {
            for volume in application.volumes where volume.backup {
                let schedule = volume.schedule ?? spec.backups.volsync.schedule
                guard let interval = AlertingSchedule.longestInterval(schedule) else { continue }
                let selector =
                    "cluster=\"\(application.cluster)\", obj_namespace=\"\(application.namespace)\", obj_name=\"\(volume.name)\", role=\"source\""
                rules.append(
                    Rule(
                        alert: "VolSyncBackupLate",
                        expression:
                            "max by (cluster, obj_namespace, obj_name) (volsync_volume_out_of_sync{\(selector)}) == 1",
                        duration: AlertingSchedule.duration(seconds: interval),
                        severity: "critical",
                        summary:
                            "The backup of \(application.namespace)/\(volume.name) in \(application.cluster) has not completed for twice its schedule (\(schedule))",
                        subject: [
                            ("cluster", application.cluster), ("obj_namespace", application.namespace),
                            ("obj_name", volume.name),
                        ]
                    )
                )
            }
        }
        for database in spec.databases {
            guard let interval = AlertingSchedule.longestInterval(database.backupSchedule) else { continue }
            // The in-tree collector's metric, or the Barman Cloud plugin's when backups go through it.
            let names = [
                "cnpg_collector_last_available_backup_timestamp",
                "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp",
            ]
            let metric =
                "{__name__=~\"\(names.joined(separator: "|"))\", cluster=\"\(database.cluster)\", namespace=\"\(database.namespace)\", pod=~\"\(database.name)-[0-9]+\"}"
            rules.append(
                Rule(
                    alert: "PostgresBackupLate",
                    expression:
                        "time() - max by (cluster, namespace) (\(metric)) > \(2 * interval) or absent(\(metric))",
                    duration: "15m",
                    severity: "critical",
                    summary:
                        "The last base backup of \(database.namespace)/\(database.name) in \(database.cluster) is older than twice its schedule (\(database.backupSchedule))",
                    subject: [("cluster", database.cluster), ("namespace", database.namespace)]
                )
            )
        }
        if let interval = AlertingSchedule.longestInterval(spec.backups.velero.schedule) {
            rules.append(
                Rule(
                    alert: "VeleroBackupLate",
                    expression:
                        "time() - max by (cluster, schedule) (velero_backup_last_successful_timestamp{schedule!=\"\"}) > \(2 * interval)",
                    duration: "15m",
                    severity: "critical",
                    summary:
                        "The last successful Velero backup of {{ $labels.schedule }} in {{ $labels.cluster }} is older than twice its schedule (\(spec.backups.velero.schedule))"
                )
            )
            rules.append(
                Rule(
                    alert: "VeleroBackupFailed",
                    expression:
                        "increase(velero_backup_failure_total{schedule!=\"\"}[\(AlertingSchedule.duration(seconds: interval))]) > 0",
                    duration: "0m",
                    severity: "warning",
                    summary:
                        "A Velero backup of {{ $labels.schedule }} in {{ $labels.cluster }} failed since the last scheduled run"
                )
            )
        }
        return rules
    }

    /// Flux's rules.
    ///
    /// The controllers no longer export per-object readiness (`gotk_reconcile_condition` is gone), so these read controller-runtime's reconcile errors and the controllers' scrape status.
    public func fluxRules(_ context: GenerationContext) -> [Rule] {
        var rules = [
            Rule(
                alert: "FluxControllerDown",
                expression: "up{namespace=\"flux-system\"} == 0",
                duration: "10m",
                severity: "critical",
                summary: "Flux's {{ $labels.pod }} in {{ $labels.cluster }} is down"
            ),
            Rule(
                alert: "FluxReconcileErrors",
                expression:
                    "sum by (cluster, controller) (rate(controller_runtime_reconcile_errors_total{namespace=\"flux-system\"}[10m])) > 0",
                duration: "30m",
                severity: "warning",
                summary:
                    "Flux's {{ $labels.controller }} controller in {{ $labels.cluster }} has failed reconciliations for 30 minutes"
            ),
        ]
        for cluster in context.spec.clusters {
            rules.append(
                Rule(
                    alert: "FluxMetricsAbsent",
                    expression: "absent(up{cluster=\"\(cluster.name)\", namespace=\"flux-system\"})",
                    duration: "15m",
                    severity: "critical",
                    summary:
                        "No Flux metrics from \(cluster.name): its VMAgent, its link to the metrics cluster, or Flux is down",
                    subject: [("cluster", cluster.name)]
                )
            )
        }
        return rules
    }
}
