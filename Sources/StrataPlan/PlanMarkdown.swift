import Foundation

/// The plan as Markdown, with Mermaid diagrams of each cluster's dependency graph (critical path highlighted) and
/// of the network plan.
public enum PlanMarkdown {
    /// Renders a plan.
    public static func render(_ plan: Plan) -> String {
        var out = "# Plan\n\n" + PlanText.header(plan).split(separator: "\n").map { "\($0)  \n" }.joined() + "\n"
        for cluster in plan.clusters {
            out += "## Cluster \(cluster.name)\n\n"
            if !cluster.bootstrap.kustomizations.isEmpty {
                out += "### Flux bootstrap\n\n"
                out += "Critical path \(PlanFormat.duration(cluster.bootstrap.criticalPathSeconds)): "
                out += cluster.bootstrap.criticalPath.map { "`\($0)`" }.joined(separator: " → ")
                out +=
                    "; with one failed attempt on it \(PlanFormat.duration(cluster.bootstrap.withOneRetrySeconds)).\n\n"
                out += "```mermaid\n" + dependencyGraph(cluster.bootstrap) + "```\n\n"
            }
            out += capacity(cluster)
            out += volumes(cluster)
        }
        let network = networkPlan(plan)
        if !network.isEmpty {
            out += "## Network plan\n\n```mermaid\n" + network + "```\n\n"
        }
        out += "## Failure scenarios\n\n" + scenarios(plan)
        out += "## Assumptions\n\n" + plan.assumptions.map { "- \($0)\n" }.joined()
        return out
    }

    /// A Mermaid flowchart of a cluster's Kustomizations: dependencies solid, parents dotted, the critical path
    /// in red.
    public static func dependencyGraph(_ bootstrap: Plan.Bootstrap) -> String {
        let layout = PlanSVG.layout(bootstrap)
        var identifiers: [String: String] = [:]
        for (index, box) in layout.boxes.enumerated() { identifiers[box.node.id] = "k\(index)" }
        var out = "flowchart LR\n"
        for box in layout.boxes {
            guard let id = identifiers[box.node.id] else { continue }
            out += "  \(id)[\"\(label(box.node.label))<br/><small>\(label(box.node.detail))</small>\"]\n"
        }
        var critical: [Int] = []
        for (index, edge) in layout.edges.enumerated() {
            guard let from = identifiers[edge.from], let to = identifiers[edge.to] else { continue }
            out += "  \(from) \(edge.dashed ? "-.->" : "-->") \(to)\n"
            if edge.highlighted { critical.append(index) }
        }
        out += "  classDef critical fill:#fdecea,stroke:#c62828,stroke-width:2px\n"
        out += "  classDef missing fill:#fff,stroke:#c62828,stroke-dasharray:4 3\n"
        let highlighted = layout.boxes.filter(\.node.highlighted).compactMap { identifiers[$0.node.id] }
        if !highlighted.isEmpty { out += "  class \(highlighted.joined(separator: ",")) critical\n" }
        let missing = layout.boxes.filter(\.node.missing).compactMap { identifiers[$0.node.id] }
        if !missing.isEmpty { out += "  class \(missing.joined(separator: ",")) missing\n" }
        if !critical.isEmpty {
            out += "  linkStyle \(critical.map(String.init).joined(separator: ",")) stroke:#c62828,stroke-width:3px\n"
        }
        return out
    }

    /// A Mermaid flowchart of the routers, the clusters with their subnets, pools and ASNs, and the peerings.
    public static func networkPlan(_ plan: Plan) -> String {
        let clusters = plan.clusters.filter { !$0.network.isEmpty }
        guard !clusters.isEmpty else { return "" }
        var out = "flowchart TB\n"
        for (index, router) in plan.routers.enumerated() {
            var lines = ["router \(router.path)"] + (router.asn.map { ["AS \($0)"] } ?? [])
            lines += router.groups.map { "group \($0.name): \($0.neighbors.count) neighbours" }
            out += "  r\(index)[\"\(lines.map(label).joined(separator: "<br/>"))\"]\n"
        }
        for (index, cluster) in clusters.enumerated() {
            let network = cluster.network
            let asns = Set(network.bgp.compactMap(\.localASN)).sorted()
            out += "  subgraph c\(index)[\"cluster \(label(cluster.name))"
            out += asns.isEmpty ? "" : " · AS \(asns.joined(separator: ", "))"
            out += "\"]\n"
            var lines: [String] = []
            if !network.nodeSubnets.isEmpty { lines.append("nodes " + network.nodeSubnets.joined(separator: ", ")) }
            if !network.podSubnets.isEmpty { lines.append("pods " + network.podSubnets.joined(separator: ", ")) }
            if !network.serviceSubnets.isEmpty {
                lines.append("services " + network.serviceSubnets.joined(separator: ", "))
            }
            for pool in network.loadBalancerPools {
                lines.append("LB pool \(pool.name): " + pool.blocks.joined(separator: ", "))
            }
            out += "    c\(index)n[\"\(lines.map(label).joined(separator: "<br/>"))\"]\n  end\n"
            for (routerIndex, router) in plan.routers.enumerated() {
                let neighbours = router.groups.flatMap(\.neighbors)
                guard neighbours.contains(where: { asns.contains($0.asn ?? "") }) else { continue }
                out +=
                    "  c\(index)n <-- \"eBGP AS \(asns.joined(separator: ",")) ↔ AS \(router.asn ?? "?")\" --> r\(routerIndex)\n"
            }
        }
        return out
    }

    static func capacity(_ cluster: Plan.ClusterPlan) -> String {
        var out = ""
        for ceph in cluster.ceph {
            out += "### Ceph \(ceph.namespace)/\(ceph.name)\n\n"
            out += "\(ceph.domains.count) hosts with OSDs, raw \(PlanFormat.bytes(ceph.rawBytes)); nearfull "
            out +=
                "\(PlanFormat.percent(ceph.ratios.nearfull)), backfillfull \(PlanFormat.percent(ceph.ratios.backfillfull)), "
            out += "full \(PlanFormat.percent(ceph.ratios.full)).\n\n"
            out += table(PlanText.poolColumns, ceph.pools.map(PlanText.poolRow))
        }
        if !cluster.memory.isEmpty {
            out += "### Memory per node\n\n"
            out += table(PlanText.memoryColumns, cluster.memory.map(PlanText.memoryRow))
        }
        if !cluster.metrics.isEmpty {
            out += "### VictoriaMetrics\n\n"
            out +=
                cluster.metrics.map { "- \($0.kind) `\($0.namespace)/\($0.name)`: " + PlanText.metrics($0) + "\n" }
                .joined() + "\n"
        }
        return out
    }

    static func volumes(_ cluster: Plan.ClusterPlan) -> String {
        guard !cluster.volumes.isEmpty else { return "" }
        var out = "### Volumes and backups\n\n"
        out += table(
            ["namespace", "volume", "size", "class", "role", "protected by", "schedule", "retention", "RPO"],
            cluster.volumes.map { volume in
                [
                    volume.namespace, volume.name + (volume.count > 1 ? " ×\(volume.count)" : ""),
                    PlanFormat.bytes(volume.sizeBytes), "\(volume.storageClass ?? "-") (\(volume.storage))",
                    volume.role,
                    volume.protections.isEmpty
                        ? "none"
                        : volume.protections.map { "\($0.kind) \($0.name)" + ($0.offsite ? "" : " (in-cluster)") }
                            .joined(separator: "<br>"),
                    volume.protections.map { $0.schedule ?? $0.note ?? "-" }.joined(separator: "<br>"),
                    volume.protections.map { $0.retention ?? "-" }.joined(separator: "<br>"),
                    volume.holdsData ? volume.rpoSeconds.map { PlanFormat.duration($0) } ?? "**unprotected**" : "-",
                ]
            }
        )
        for backup in cluster.unmatchedBackups {
            out += "- \(backup.kind) `\(backup.namespace)/\(backup.name)` names claim `\(backup.target ?? "?")`, "
            out += "which the cluster does not declare.\n"
        }
        return out + (cluster.unmatchedBackups.isEmpty ? "" : "\n")
    }

    static func scenarios(_ plan: Plan) -> String {
        table(
            ["scenario", "what stops", "data lost", "recovery", "objectives"],
            plan.scenarios.map { scenario in
                let stops = scenario.effects.filter { $0.state != "ok" }.map { "\($0.state): \($0.component)" }
                let losses = scenario.dataLoss.map { loss in
                    "\(loss.namespace)/\(loss.volume): "
                        + (loss.rpoSeconds.map { "≤ \(PlanFormat.duration($0))" } ?? "**all**")
                }
                let recovery = scenario.recovery.map {
                    "\($0.cluster): " + ($0.totalSeconds.map { PlanFormat.duration($0) } ?? "unknown")
                }
                let objectives = scenario.objectives.map { "\(PlanText.scope($0)): \(PlanText.verdicts($0))" }
                return [
                    scenario.title, stops.isEmpty ? "nothing" : stops.joined(separator: "<br>"),
                    losses.isEmpty ? "none" : losses.joined(separator: "<br>"), recovery.joined(separator: "<br>"),
                    objectives.isEmpty ? "none declared" : objectives.joined(separator: "<br>"),
                ]
            }
        )
    }

    /// A Markdown table; `|` in cells is escaped.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return line(header) + "|" + String(repeating: " --- |", count: header.count) + "\n"
            + rows.map(line).joined() + "\n"
    }

    /// Text safe inside a quoted Mermaid label.
    static func label(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "<", with: "#lt;")
            .replacingOccurrences(of: ">", with: "#gt;")
    }
}
