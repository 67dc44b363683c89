/// The plan as one self-contained HTML page: inline CSS, inline SVG, no script, nothing fetched.
public enum PlanHTML {
    /// Renders a plan.
    public static func render(_ plan: Plan) -> String {
        var body =
            "<h1>strata plan</h1>\n<p class=\"summary\">" + escape(PlanText.header(plan)).replacingNewlines + "</p>\n"
        body += "<h2>Flux bootstrap</h2>\n"
        for cluster in plan.clusters where !cluster.bootstrap.kustomizations.isEmpty {
            body += "<figure>" + PlanSVG.dependencyGraph(cluster.bootstrap, title: "cluster \(cluster.name)")
            body += "<figcaption>" + escape(cluster.bootstrap.criticalPath.joined(separator: " → "))
            body += "; with one failed attempt on it \(PlanFormat.duration(cluster.bootstrap.withOneRetrySeconds))"
            body += "</figcaption></figure>\n"
        }
        body += "<h2>Failure scenarios</h2>\n" + scenarios(plan)
        body += "<h2>Capacity</h2>\n"
        for cluster in plan.clusters {
            let bars = PlanSVG.capacityBars(cluster)
            guard !bars.isEmpty else { continue }
            body += "<h3>cluster \(escape(cluster.name))</h3>\n<figure>" + bars + "</figure>\n"
            body += capacityNotes(cluster)
        }
        let network = PlanSVG.networkPlan(plan)
        if !network.isEmpty {
            body += "<h2>Network plan</h2>\n<figure>" + network + "</figure>\n"
        }
        body += "<h2>Volumes and backups</h2>\n"
        for cluster in plan.clusters {
            body += "<h3>cluster \(escape(cluster.name))</h3>\n" + volumes(cluster)
        }
        body += "<h2>Assumptions</h2>\n<ul>"
        body += plan.assumptions.map { "<li>\(escape($0))</li>" }.joined(separator: "\n") + "</ul>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>strata plan</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:24px 32px;max-width:1340px}
        h1{font-size:24px;margin:0 0 4px}
        h2{font-size:18px;border-bottom:1px solid #d5d9e0;padding-bottom:4px;margin-top:28px}
        h3{font-size:15px;margin:16px 0 6px}
        .summary{color:#444;margin:0 0 8px}
        figure{margin:8px 0 14px}
        figure svg{max-width:100%;height:auto}
        figcaption{font-size:12px;color:#555}
        table{border-collapse:collapse;font-size:12px;margin:6px 0 12px}
        th,td{border:1px solid #d5d9e0;padding:3px 7px;text-align:left;vertical-align:top}
        th{background:#f0f2f5}
        .ok{color:#2e7d32}
        .bad{color:#c62828;font-weight:600}
        .warn{color:#a15c00}
        .muted{color:#666}
        ul{font-size:12px;color:#444}
        """

    static func capacityNotes(_ cluster: Plan.ClusterPlan) -> String {
        var rows: [String] = []
        for ceph in cluster.ceph {
            rows.append(
                "Ceph \(escape(ceph.namespace))/\(escape(ceph.name)): \(ceph.domains.count) hosts with OSDs, raw "
                    + "\(PlanFormat.bytes(ceph.rawBytes)); nearfull \(PlanFormat.percent(ceph.ratios.nearfull)), full "
                    + "\(PlanFormat.percent(ceph.ratios.full))"
            )
            for pool in ceph.pools {
                rows.append(
                    "pool \(escape(pool.name)) (\(escape(pool.protection ?? "?")), min_size "
                        + "\(pool.minSize.map(String.init) ?? "?")): usable \(PlanFormat.bytes(pool.usableBytes)), "
                        + "\(PlanFormat.bytes(pool.nearfullBytes)) at nearfull; "
                        + escape(PlanText.afterLoss(pool))
                        + (pool.quotaBytes.map { "; quota \(PlanFormat.bytes($0))" } ?? "")
                )
            }
        }
        for store in cluster.metrics {
            rows.append("\(escape(store.kind)) \(escape(store.name)): " + escape(PlanText.metrics(store)))
        }
        guard !rows.isEmpty else { return "" }
        return "<ul>" + rows.map { "<li>\($0)</li>" }.joined() + "</ul>\n"
    }

    static func scenarios(_ plan: Plan) -> String {
        var out = "<table>\n<tr><th>scenario</th><th>what stops</th><th>data lost</th><th>recovery</th>"
        out += "<th>objectives</th></tr>\n"
        for scenario in plan.scenarios {
            let stops = scenario.effects.filter { $0.state == "stopped" || $0.state == "lost" }
            let degraded = scenario.effects.filter { $0.state == "degraded" }
            let prefix = { (effect: Plan.Effect) in scenario.clusters.count > 1 ? "\(effect.cluster) " : "" }
            var what = stops.map {
                "<span class=\"bad\">\(escape($0.state))</span> \(escape(prefix($0) + $0.component))"
            }
            if !degraded.isEmpty {
                what.append(
                    "<span class=\"warn\">degraded</span> \(degraded.count) component\(degraded.count == 1 ? "" : "s")"
                )
            }
            if what.isEmpty { what = ["<span class=\"ok\">nothing</span>"] }
            let losses = scenario.dataLoss.map { loss in
                "\(escape(loss.namespace))/\(escape(loss.volume)): "
                    + (loss.rpoSeconds.map { "≤ \(PlanFormat.duration($0))" } ?? "<span class=\"bad\">all</span>")
            }
            let recovery = scenario.recovery.map { recovery in
                "\(escape(recovery.cluster)): "
                    + (recovery.totalSeconds.map { PlanFormat.duration($0) } ?? "<span class=\"bad\">unknown</span>")
            }
            let objectives = scenario.objectives.map { judgement in
                escape(PlanText.scope(judgement)) + ": " + verdicts(judgement)
            }
            out += "<tr><td>\(escape(scenario.title))</td><td>\(what.joined(separator: "<br>"))</td>"
            out += "<td>\(losses.isEmpty ? "<span class=\"ok\">none</span>" : losses.joined(separator: "<br>"))</td>"
            out += "<td>\(recovery.joined(separator: "<br>"))</td>"
            out +=
                "<td>\(objectives.isEmpty ? "<span class=\"muted\">none declared</span>" : objectives.joined(separator: "<br>"))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func verdicts(_ judgement: Plan.Judgement) -> String {
        var parts: [String] = []
        if let goal = judgement.rpoObjectiveSeconds {
            let achieved = judgement.rpoUnbounded ? "unprotected data" : PlanFormat.duration(judgement.rpoSeconds)
            parts.append(
                mark(judgement.rpoMet) + " RPO \(PlanFormat.duration(goal)) (\(achieved)"
                    + margin(judgement.rpoMarginSeconds) + ")"
            )
        }
        if let goal = judgement.rtoObjectiveSeconds {
            parts.append(
                mark(judgement.rtoMet)
                    + " RTO \(PlanFormat.duration(goal)) (\(PlanFormat.duration(judgement.rtoSeconds))"
                    + margin(judgement.rtoMarginSeconds) + ")"
            )
        }
        return parts.joined(separator: ", ")
    }

    static func mark(_ met: Bool?) -> String {
        switch met {
        case true?: "<span class=\"ok\">✓</span>"
        case false?: "<span class=\"bad\">✗</span>"
        case nil: "<span class=\"muted\">?</span>"
        }
    }

    static func margin(_ seconds: Double?) -> String {
        guard let seconds else { return "" }
        return seconds >= 0 ? ", \(PlanFormat.duration(seconds)) spare" : ", \(PlanFormat.duration(-seconds)) over"
    }

    static func volumes(_ cluster: Plan.ClusterPlan) -> String {
        guard !cluster.volumes.isEmpty else { return "<p class=\"muted\">no persistent volumes</p>\n" }
        var out = "<table>\n<tr><th>namespace</th><th>volume</th><th>size</th><th>class</th><th>role</th>"
        out += "<th>protected by</th><th>schedule</th><th>retention</th><th>RPO</th></tr>\n"
        for volume in cluster.volumes {
            let protections = volume.protections.map {
                escape("\($0.kind) \($0.name)") + ($0.offsite ? "" : " <span class=\"warn\">(in-cluster)</span>")
            }
            let rpo =
                !volume.holdsData
                ? "<span class=\"muted\">-</span>"
                : volume.rpoSeconds.map { PlanFormat.duration($0) } ?? "<span class=\"bad\">unprotected</span>"
            out += "<tr><td>\(escape(volume.namespace))</td><td>\(escape(volume.name))"
            out += volume.count > 1 ? " ×\(volume.count)" : ""
            out += "</td><td>\(PlanFormat.bytes(volume.sizeBytes))</td>"
            out +=
                "<td>\(escape(volume.storageClass ?? "-")) (\(escape(volume.storage)))</td><td>\(escape(volume.role))</td>"
            out += "<td>\(protections.isEmpty ? "none" : protections.joined(separator: "<br>"))</td>"
            out +=
                "<td>\(volume.protections.map { escape($0.schedule ?? $0.note ?? "-") }.joined(separator: "<br>"))</td>"
            out += "<td>\(volume.protections.map { escape($0.retention ?? "-") }.joined(separator: "<br>"))</td>"
            out += "<td>\(rpo)</td></tr>\n"
        }
        return out + "</table>\n"
    }

    static func escape(_ text: String) -> String { PlanSVG.escape(text) }
}

extension String {
    /// The text with each newline turned into `<br>`.
    fileprivate var replacingNewlines: String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>")
    }
}
