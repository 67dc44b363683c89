import StrataPlatform

extension PlatformDocuments {
    /// The usable share of raw capacity a protection scheme leaves.
    static func efficiency(_ protection: DataProtection) -> Double {
        switch protection {
        case .replicated(let size, _): size > 0 ? 1 / Double(size) : 0
        case .erasureCoded(let k, let m): k + m > 0 ? Double(k) / Double(k + m) : 0
        }
    }

    static func describe(_ protection: DataProtection) -> String {
        switch protection {
        case .replicated(let size, let minSize): "replicated, size \(size), min_size \(minSize)"
        case .erasureCoded(let k, let m): "erasure-coded, k=\(k) m=\(m)"
        }
    }

    /// Bytes in decimal units with one decimal (`3.0 TB`), as disks are sold.
    static func bytes(_ value: Double) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var amount = value
        var index = 0
        while amount >= 1000, index < units.count - 1 {
            amount /= 1000
            index += 1
        }
        return "\((amount * 10).rounded() / 10) \(units[index])"
    }

    static func capacity(_ spec: PlatformSpec, repository: GeneratedRepository) -> String {
        var text = notice + "# Capacity plan\n\n## Nodes\n\n"
        text += "| Cluster | Node | CPUs | Memory | Ceph disks | Local disks |\n| --- | --- | --- | --- | --- | --- |\n"
        for cluster in spec.clusters {
            for node in cluster.nodes {
                let ceph = node.disks.filter { $0.use == .ceph }.map { bytes(Double($0.sizeBytes)) }.joined(
                    separator: ", "
                )
                let local = node.disks.filter { $0.use == .local }.map { bytes(Double($0.sizeBytes)) }.joined(
                    separator: ", "
                )
                text += "| \(cluster.name) | \(node.name) | \(node.cpus) | \(StrataFacts.quantity(node.memoryBytes)) | "
                text += "\(ceph.isEmpty ? "—" : ceph) | \(local.isEmpty ? "—" : local) |\n"
            }
        }
        let ceph = spec.storage.ceph
        if let provider = spec.clusters.first(where: { $0.ceph == .provider }) {
            let disks = provider.nodes.flatMap { $0.disks.filter { $0.use == .ceph } }
            let raw = Double(disks.reduce(Int64(0)) { $0 + $1.sizeBytes })
            let hosts = provider.nodes.filter { $0.disks.contains { $0.use == .ceph } }.count
            let full = raw * ceph.fullRatio
            text += """

                ## Ceph (run by \(provider.name))

                \(disks.count) OSDs on \(hosts) hosts, \(bytes(raw)) raw. Writes stop at the full ratio \
                (\(ceph.fullRatio)), so \(bytes(full)) raw is writable; the near-full warning fires at \(ceph.nearFullRatio).
                Usable space below assumes one pool alone takes the cluster; pools share the same raw space.

                | Pool | Protection | Failure domains needed | Usable at full ratio |
                | --- | --- | --- | --- |

                """
            for pool in ceph.pools {
                text += "| `\(pool.name)` (`\(pool.storageClass.name)`) | \(describe(pool.protection)) | "
                text += "\(pool.protection.width) of \(hosts) | \(bytes(full * efficiency(pool.protection))) |\n"
            }
            if let filesystem = ceph.filesystem {
                text +=
                    "| `\(filesystem.name)` data (`\(filesystem.storageClass.name)`) | \(describe(filesystem.data)) | "
                text += "\(filesystem.data.width) of \(hosts) | \(bytes(full * efficiency(filesystem.data))) |\n"
            }
            text += "\n```mermaid\npie showData title Ceph raw capacity (GB)\n"
            let usable = ceph.pools.first.map { full * efficiency($0.protection) } ?? 0
            text += "  \"usable data (\(ceph.pools.first?.name ?? "no pool"))\" : \(Int(usable / 1e9))\n"
            text += "  \"redundancy\" : \(Int((full - usable) / 1e9))\n"
            text += "  \"reserve above full ratio\" : \(Int((raw - full) / 1e9))\n```\n"
        }
        text +=
            "\n## Local volumes\n\nOpenEBS local path volumes live on each node's `local` disk, mounted at `\(spec.storage.localPath.basePath)`;\n"
        text += "they are not replicated: a volume is lost with its node.\n"
        let metrics = spec.metrics
        if let interval = Self.seconds(metrics.scrapeInterval), interval > 0 {
            let samples = Double(metrics.seriesEstimate) * 86400 / interval
            text += """

                ## Metrics

                \(metrics.seriesEstimate) active series scraped every \(metrics.scrapeInterval): \
                \(Int(samples.rounded())) samples a day, kept \(metrics.retention) with replication factor \
                \(metrics.replicationFactor) on \(metrics.storageReplicas) vmstorage volumes of \
                \(StrataFacts.quantity(metrics.storageVolumeBytes)) in \(metrics.cluster).

                """
        }
        text +=
            "\n## Layers\n\nEach cluster applies its layers in this order; an arrow points from a layer to one it waits for.\n"
        for cluster in spec.clusters {
            let layers = layers(of: cluster, in: repository)
            guard !layers.isEmpty else { continue }
            text += "\n### \(cluster.name)\n\n```mermaid\nflowchart BT\n"
            for layer in layers {
                text += "  \(cluster.name)_\(mermaidID(layer.name))[\"\(layer.name)\"]\n"
            }
            for layer in layers {
                for dependency in layer.dependsOn {
                    text += "  \(cluster.name)_\(mermaidID(layer.name)) --> \(cluster.name)_\(mermaidID(dependency))\n"
                }
            }
            text += "```\n"
        }
        return text
    }

    /// Seconds of a simple duration (`30s`, `1m`, `2h`).
    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let value = Double(text.dropLast()) else { return Double(text) }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        default: return nil
        }
    }
}
