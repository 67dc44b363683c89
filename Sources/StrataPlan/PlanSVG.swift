/// SVG pictures of a plan: dependency graphs with the critical path, capacity bars, the network plan.
///
/// The graph is a cluster's Flux Kustomizations by layer with the critical path highlighted. Inline styles only,
/// whole-number coordinates, deterministic bytes.
public enum PlanSVG {
    static let font = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace"
    static let critical = "#c62828"

    // MARK: - Dependency graph

    /// The layout of a cluster's Kustomizations: one column per layer, the critical path highlighted, missing
    /// dependencies drawn dashed.
    public static func layout(_ bootstrap: Plan.Bootstrap) -> GraphLayout {
        let path = bootstrap.criticalPath
        // Names alone when every Kustomization shares one namespace, as in `flux bootstrap`'s layout.
        let namespaces = Set(bootstrap.kustomizations.map { $0.id.split(separator: "/").first ?? "" })
        func label(_ id: String) -> String {
            namespaces.count == 1 ? String(id.split(separator: "/").last ?? Substring(id)) : id
        }
        var nodes = bootstrap.kustomizations.map { kustomization in
            GraphLayout.Node(
                id: kustomization.id,
                layer: kustomization.layer,
                label: label(kustomization.id),
                detail: kustomization.waits
                    ? "waits ≤ \(PlanFormat.duration(kustomization.timeoutSeconds)) · "
                        + "ready \(PlanFormat.duration(kustomization.readySeconds))"
                    : "no wait · ready \(PlanFormat.duration(kustomization.readySeconds))",
                highlighted: kustomization.critical
            )
        }
        var edges: [GraphLayout.Edge] = []
        var missing: Set<String> = []
        for kustomization in bootstrap.kustomizations {
            if let parent = kustomization.parent {
                let onPath = zip(path, path.dropFirst()).contains { $0 == (parent, kustomization.id) }
                edges.append(GraphLayout.Edge(from: parent, to: kustomization.id, highlighted: onPath, dashed: true))
            }
            for dependency in kustomization.dependsOn + kustomization.missingDependencies {
                let onPath = zip(path, path.dropFirst()).contains { $0 == (dependency, kustomization.id) }
                edges.append(GraphLayout.Edge(from: dependency, to: kustomization.id, highlighted: onPath))
            }
            missing.formUnion(kustomization.missingDependencies)
        }
        for id in missing.sorted() {
            nodes.append(
                GraphLayout.Node(id: id, layer: 0, label: label(id), detail: "not in the cluster", missing: true)
            )
        }
        return GraphLayout(nodes: nodes, edges: edges)
    }

    /// A cluster's dependency graph as an `<svg>` element, with a title line above it.
    public static func dependencyGraph(_ bootstrap: Plan.Bootstrap, title: String) -> String {
        let layout = layout(bootstrap)
        // Markers get ids of their own per picture, since a page may hold several pictures.
        let marker = "arrow-" + String(title.map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let top = 26
        let width = max(layout.width, 360)
        let height = layout.height + top + 18
        var out = svgOpen(width: width, height: height, label: title)
        out += "<defs>" + arrowhead(id: marker, color: "#777") + arrowhead(id: marker + "-critical", color: critical)
        out += "</defs>\n"
        out += text(x: 12, y: 18, escape(title), style: "font-size:14px;font-weight:bold")
        out += "<g transform=\"translate(0,\(top))\">\n"
        for edge in layout.edges {
            guard let from = layout.box(edge.from), let to = layout.box(edge.to) else { continue }
            let x1 = from.x + layout.boxWidth
            let y1 = from.y + layout.boxHeight / 2
            let x2 = to.x
            let y2 = to.y + layout.boxHeight / 2
            let bend = max((x2 - x1) / 2, 20)
            let color = edge.highlighted ? critical : edge.dashed ? "#b0b0b0" : "#777"
            var style = "fill:none;stroke:\(color);stroke-width:\(edge.highlighted ? 3 : 1.5)"
            if edge.dashed { style += ";stroke-dasharray:5 4" }
            out += "<path d=\"M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)\" style=\"\(style)\" "
            out += "marker-end=\"url(#\(marker)\(edge.highlighted ? "-critical" : ""))\"/>\n"
        }
        for box in layout.boxes {
            let node = box.node
            let stroke = node.highlighted ? critical : node.missing ? critical : "#8a94a6"
            var style = "fill:\(node.highlighted ? "#fdecea" : node.missing ? "#fff" : "#f4f6fa");stroke:\(stroke)"
            style += ";stroke-width:\(node.highlighted ? 2.5 : 1)"
            if node.missing { style += ";stroke-dasharray:4 3" }
            out += "<rect x=\"\(box.x)\" y=\"\(box.y)\" width=\"\(layout.boxWidth)\" height=\"\(layout.boxHeight)\" "
            out += "rx=\"5\" style=\"\(style)\"><title>\(escape(node.id))</title></rect>\n"
            out += text(x: box.x + 8, y: box.y + 16, escape(node.label), style: "font-size:12px")
            out += text(x: box.x + 8, y: box.y + 31, escape(node.detail), style: "font-size:10px;fill:#555")
        }
        out += "</g>\n"
        out += text(
            x: 12,
            y: height - 5,
            "critical path \(PlanFormat.duration(bootstrap.criticalPathSeconds)): solid arrows dependsOn, "
                + "dashed arrows a parent applying a child",
            style: "font-size:10px;fill:#555"
        )
        return out + "</svg>\n"
    }

    /// Every cluster's dependency graph, one under the other, as one SVG document (`strata graph -o svg`).
    public static func dependencyGraphs(_ graphs: [(cluster: String, bootstrap: Plan.Bootstrap)]) -> String {
        let pictures = graphs.map { dependencyGraph($0.bootstrap, title: "cluster \($0.cluster)") }
        let sizes = pictures.map(size(of:))
        let width = sizes.map(\.width).max() ?? 0
        let height = sizes.map(\.height).reduce(0, +)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
        out += "viewBox=\"0 0 \(width) \(height)\">\n"
        var y = 0
        for (picture, size) in zip(pictures, sizes) {
            out += "<g transform=\"translate(0,\(y))\">\n" + picture + "</g>\n"
            y += size.height
        }
        return out + "</svg>\n"
    }

    // MARK: - Capacity

    /// Bars of one cluster's capacity: each pool's claims against its usable space with the full ratios marked,
    /// each node's memory budget, each VictoriaMetrics node's retention against its volume.
    public static func capacityBars(_ cluster: Plan.ClusterPlan) -> String {
        var rows: [Bar] = []
        for ceph in cluster.ceph {
            for pool in ceph.pools {
                guard let usable = pool.usableBytes, usable > 0 else { continue }
                var markers = [
                    (ceph.ratios.nearfull, "nearfull"), (ceph.ratios.full, "full"),
                ]
                if let quota = pool.quotaBytes { markers.append((quota / usable, "quota")) }
                rows.append(
                    Bar(
                        label: "pool \(pool.name)",
                        segments: [(pool.provisionedBytes / usable, "#3b6fb6")],
                        markers: markers,
                        caption:
                            "claims \(PlanFormat.bytes(pool.provisionedBytes)) of \(PlanFormat.bytes(usable)) usable "
                            + "(\(PlanFormat.percent(pool.provisionedBytes / usable)))"
                            + (pool.afterLargestLoss?.canReReplicate == false ? ", no spare host" : "")
                    )
                )
            }
        }
        for budget in cluster.memory where budget.memory > 0 {
            rows.append(
                Bar(
                    label: "memory \(budget.node)",
                    segments: [
                        (budget.ceph / budget.memory, "#7b4fa0"), (budget.workloads / budget.memory, "#3b6fb6"),
                        (budget.osReserve / budget.memory, "#9aa0a6"),
                    ],
                    markers: [],
                    caption: "\(PlanFormat.bytes(budget.total)) of \(PlanFormat.bytes(budget.memory)) "
                        + "(Ceph \(PlanFormat.bytes(budget.ceph)), workloads \(PlanFormat.bytes(budget.workloads)), "
                        + "OS \(PlanFormat.bytes(budget.osReserve)))"
                )
            )
        }
        for store in cluster.metrics {
            guard let volume = store.volumeBytes, volume > 0, let perNode = store.perNodeBytes else { continue }
            rows.append(
                Bar(
                    label: "\(store.kind) \(store.name)",
                    segments: [(perNode / volume, store.fits == false ? critical : "#2e7d32")],
                    markers: [(1 - MetricsMath.freeShare, "80%")],
                    caption:
                        "\(PlanFormat.bytes(perNode)) per node for \(store.retention) of \(PlanFormat.bytes(volume))"
                )
            )
        }
        guard !rows.isEmpty else { return "" }
        let labelWidth = 190
        let barWidth = 420
        let rowHeight = 30
        let width = labelWidth + barWidth + 470
        let height = rows.count * rowHeight + 16
        var out = svgOpen(width: width, height: height, label: "capacity of cluster \(cluster.name)")
        for (index, row) in rows.enumerated() {
            let y = 8 + index * rowHeight
            out += text(x: 8, y: y + 15, escape(row.label), style: "font-size:12px")
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"16\" "
            out += "style=\"fill:#eef0f3;stroke:#c5cad3\"/>\n"
            var x = Double(labelWidth)
            for (share, color) in row.segments where share > 0 {
                let length = min(share, 1.2) * Double(barWidth)
                out += "<rect x=\"\(Int(x.rounded()))\" y=\"\(y + 3)\" width=\"\(max(Int(length.rounded()), 1))\" "
                out += "height=\"16\" style=\"fill:\(color)\"/>\n"
                x += length
            }
            for (share, name) in row.markers where share > 0 && share <= 1.2 {
                let mx = labelWidth + Int((share * Double(barWidth)).rounded())
                out +=
                    "<line x1=\"\(mx)\" y1=\"\(y)\" x2=\"\(mx)\" y2=\"\(y + 22)\" style=\"stroke:#333;stroke-width:1.5\">"
                out += "<title>\(escape(name))</title></line>\n"
            }
            out += text(
                x: labelWidth + barWidth + 14,
                y: y + 15,
                escape(row.caption),
                style: "font-size:11px;fill:#333"
            )
        }
        return out + "</svg>\n"
    }

    struct Bar {
        var label: String
        var segments: [(Double, String)]
        var markers: [(Double, String)]
        var caption: String
    }

    // MARK: - Network

    /// The network plan: routers on top, each cluster below with its subnets, pools and ASN, and the BGP
    /// peerings between them.
    public static func networkPlan(_ plan: Plan) -> String {
        let clusters = plan.clusters.filter { !$0.network.isEmpty }
        guard !clusters.isEmpty else { return "" }
        let boxWidth = 330
        let gap = 30
        let lineHeight = 16
        func lines(_ cluster: Plan.ClusterPlan) -> [String] {
            let network = cluster.network
            var out: [String] = []
            let asns = Set(network.bgp.compactMap(\.localASN)).sorted()
            out.append("cluster \(cluster.name)" + (asns.isEmpty ? "" : " · AS \(asns.joined(separator: ", "))"))
            if !network.nodeSubnets.isEmpty { out.append("nodes     " + network.nodeSubnets.joined(separator: ", ")) }
            if !network.podSubnets.isEmpty { out.append("pods      " + network.podSubnets.joined(separator: ", ")) }
            if !network.serviceSubnets.isEmpty {
                out.append("services  " + network.serviceSubnets.joined(separator: ", "))
            }
            for pool in network.loadBalancerPools {
                out.append("LB pool   \(pool.name): " + pool.blocks.joined(separator: ", "))
            }
            for instance in network.bgp {
                for peer in instance.peers {
                    out.append("BGP peer  \(peer.address ?? "?") AS \(peer.asn ?? "?")")
                }
            }
            return out
        }
        let routerLines = plan.routers.map { router in
            ["router \(router.path)" + (router.asn.map { " · AS \($0)" } ?? "")]
                + router.groups.map { group in
                    let asns = Set(group.neighbors.compactMap(\.asn)).sorted().joined(separator: ", ")
                    return "group \(group.name): \(group.neighbors.count) neighbours, AS \(asns)"
                }
        }
        let routerHeight = (routerLines.map(\.count).max() ?? 0) * lineHeight + 16
        let clusterLines = clusters.map(lines)
        let clusterHeight = (clusterLines.map(\.count).max() ?? 0) * lineHeight + 16
        let routerTop = 32
        let clusterTop = routerLines.isEmpty ? routerTop : routerTop + routerHeight + 70
        let width = max(clusters.count, routerLines.count, 1) * (boxWidth + gap) + gap
        let height = clusterTop + clusterHeight + 20
        var out = svgOpen(width: width, height: height, label: "network plan")
        out += text(x: 12, y: 20, "network plan", style: "font-size:14px;font-weight:bold")
        func left(_ index: Int, of count: Int) -> Int {
            let total = count * boxWidth + (count - 1) * gap
            return (width - total) / 2 + index * (boxWidth + gap)
        }
        // Peerings first, under the boxes: a line from each cluster to each router it peers with.
        for (index, cluster) in clusters.enumerated() {
            let peers = cluster.network.bgp.flatMap(\.peers)
            for (routerIndex, router) in plan.routers.enumerated() {
                let neighbours = router.groups.flatMap(\.neighbors)
                let clusterASNs = Set(cluster.network.bgp.compactMap(\.localASN))
                guard neighbours.contains(where: { clusterASNs.contains($0.asn ?? "") }) || !peers.isEmpty else {
                    continue
                }
                let x1 = left(index, of: clusters.count) + boxWidth / 2
                let x2 = left(routerIndex, of: plan.routers.count) + boxWidth / 2
                let y2 = routerTop + routerHeight
                out += "<line x1=\"\(x1)\" y1=\"\(clusterTop)\" x2=\"\(x2)\" y2=\"\(y2)\" "
                out += "style=\"stroke:#3b6fb6;stroke-width:2\"/>\n"
                let label =
                    "eBGP AS \(clusterASNs.sorted().joined(separator: ",")) ↔ AS \(router.asn ?? "?")"
                // Beside the cluster's end of the line, so that labels of neighbouring clusters stay apart.
                out += text(
                    x: x1 + (x2 - x1) / 5,
                    y: clusterTop - 10,
                    escape(label),
                    style: "font-size:11px;fill:#3b6fb6;text-anchor:middle"
                )
            }
        }
        for (index, lines) in routerLines.enumerated() {
            out += box(x: left(index, of: routerLines.count), y: routerTop, width: boxWidth, height: routerHeight)
            out += textLines(
                lines,
                x: left(index, of: routerLines.count) + 10,
                y: routerTop + 20,
                lineHeight: lineHeight
            )
        }
        for (index, lines) in clusterLines.enumerated() {
            out += box(x: left(index, of: clusters.count), y: clusterTop, width: boxWidth, height: clusterHeight)
            out += textLines(lines, x: left(index, of: clusters.count) + 10, y: clusterTop + 20, lineHeight: lineHeight)
        }
        return out + "</svg>\n"
    }

    // MARK: - Pieces

    static func arrowhead(id: String, color: String) -> String {
        "<marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
            + "markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\">"
            + "<path d=\"M0,0L10,5L0,10z\" fill=\"\(color)\"/></marker>"
    }

    static func svgOpen(width: Int, height: Int, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(label))\" style=\"\(font)\">\n"
    }

    static func text(x: Int, y: Int, _ content: String, style: String) -> String {
        "<text x=\"\(x)\" y=\"\(y)\" style=\"\(style)\">\(content)</text>\n"
    }

    static func box(x: Int, y: Int, width: Int, height: Int) -> String {
        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"\(height)\" rx=\"6\" "
            + "style=\"fill:#f4f6fa;stroke:#8a94a6\"/>\n"
    }

    static func textLines(_ lines: [String], x: Int, y: Int, lineHeight: Int) -> String {
        lines.enumerated().map { index, line in
            text(
                x: x,
                y: y + index * lineHeight,
                escape(line),
                style: index == 0 ? "font-size:12px;font-weight:bold" : "font-size:11px;white-space:pre"
            )
        }.joined()
    }

    /// The width and height attributes of an `<svg>` element.
    static func size(of svg: String) -> (width: Int, height: Int) {
        func attribute(_ name: String) -> Int {
            guard let start = svg.range(of: " \(name)=\"") else { return 0 }
            return Int(svg[start.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        return (attribute("width"), attribute("height"))
    }

    /// Text made safe for XML and HTML.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
