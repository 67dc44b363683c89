import StrataCore
import StrataFlux
import StrataYAML

/// A Service host name uses a DNS zone the cluster does not serve, such as one named after another cluster.
struct CrossClusterUrl: Rule {
    static let description = RuleDescription(
        id: "net/cross-cluster-url",
        name: "Cross Cluster URL",
        summary: "A Service host name uses a DNS zone, such as one named after another cluster, that does not resolve",
        rationale: """
            Kubernetes DNS answers `<service>.<namespace>.svc.<cluster-domain>` for the cluster's own domain \
            only, `cluster.local` unless configured otherwise \
            (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/). Cilium ClusterMesh adds \
            no DNS zone per cluster: a global Service is reached through the local Service of the same name, \
            which Cilium load-balances to the backends of every cluster (cilium/cilium \
            `Documentation/network/clustermesh/services.rst`). Only the MCS-API adds a zone, \
            `clusterset.local`. A name such as `vminsert.monitoring.svc.infra.local` therefore does not resolve \
            unless a DNS server is configured for that zone. Reported are only zones that name another cluster \
            of the repository, another cluster's declared DNS domain when this one declares its own, and \
            `.local` zones in a cluster whose own domain is declared (Talos `cluster.network.dnsDomain`, `facts.networks[].dnsDomain`); a zone that a \
            CoreDNS or other DNS configuration in the repository mentions is left alone.
            """,
        remediation: """
            Address the Service as `<service>.<namespace>.svc.cluster.local` (or the cluster's own domain) and \
            make it a global Service in both clusters, or use the MCS-API's `clusterset.local` with a \
            ServiceExport.
            """,
        severity: .warning,
        passing: [
            Example(
                files: [
                    ("clusters/infra/namespace.yaml", Self.namespace),
                    (
                        "clusters/apps/vmagent.yaml",
                        Self.agent(
                            "http://vminsert-vmcluster.monitoring.svc.cluster.local:8480/insert/0/prometheus/api/v1/write"
                        )
                    ),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("clusters/infra/namespace.yaml", Self.namespace),
                    (
                        "clusters/apps/vmagent.yaml",
                        Self.agent(
                            "↓http://vminsert-vmcluster.monitoring.svc.infra.local:8480/insert/0/prometheus/api/v1/write"
                        )
                    ),
                ]
            ),
            Example(
                files: [
                    (
                        "talos/patches/cluster.yaml",
                        """
                        cluster:
                          network:
                            dnsDomain: cluster.local
                        """
                    ),
                    (
                        "example.yaml",
                        """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: grafana-datasources, namespace: monitoring}
                        data:
                          url: ↓http://vmselect.monitoring.svc.homelab.local:8481/select/0/prometheus
                        """
                    ),
                ]
            ),
        ]
    )

    private static let namespace = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: monitoring}
        """

    private static func agent(_ url: String) -> String {
        """
        apiVersion: operator.victoriametrics.com/v1beta1
        kind: VMAgent
        metadata: {name: vmagent-apps, namespace: monitoring}
        spec:
          remoteWrite:
            - url: \(url)
        """
    }

    /// Zones every cluster may use: the default domain and the MCS-API's.
    private static let standardZones: Set<String> = ["cluster.local", "clusterset.local"]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        // Most repositories write only standard names: gather the rest before reading Talos files and facts.
        let candidates = ServiceHostUse.byCluster(context).map { uses in
            uses.filter { use in
                use.host.zone.map { !Self.standardZones.contains($0) && !use.host.zoneIsTemplated } ?? false
            }
        }
        guard candidates.contains(where: { !$0.isEmpty }) else { return }
        let talos = context.shared("TalosPatch") { TalosPatch.all(in: context) }
        let names = Set(context.clusters.map(\.name))
        var domains: [String: [Domain]] = [:]
        for cluster in context.clusters {
            domains[cluster.name] = Self.domains(of: cluster.name, talos: talos, facts: context.facts)
        }
        var repositoryMentions: [String: Bool] = [:]
        for (cluster, uses) in zip(context.clusters, candidates) where !uses.isEmpty {
            let own = domains[cluster.name] ?? []
            let ownZones = Set(own.map(\.zone))
            var clusterMentions: [String: Bool] = [:]
            var dnsTexts: [String]?
            for use in uses {
                guard let zone = use.host.zone, !ownZones.contains(zone) else { continue }
                let labels = zone.split(separator: ".").map(String.init)
                guard !labels.contains(cluster.name) else { continue }
                let local = ownZones.count == 1 ? own[0].zone : "cluster.local"
                let suggestion = use.host.replacingZone(with: local)
                let isLocal = zone.hasSuffix(".local") || labels.count == 1
                var message: String
                var notes: [Diagnostic.Note] = []
                if isLocal, let named = labels.dropLast(zone.hasSuffix(".local") ? 1 : 0).first(where: names.contains) {
                    message =
                        "host '\(use.host.host)' does not resolve in cluster '\(cluster.name)': its zone '\(zone)' "
                        + "names cluster '\(named)', but ClusterMesh adds no zone per cluster; use '\(suggestion)' "
                        + "with a global Service"
                } else if !own.isEmpty,
                    let other = domains.sorted(by: { $0.key < $1.key }).first(where: { entry in
                        entry.key != cluster.name && entry.value.contains { $0.zone == zone }
                    })
                {
                    message =
                        "host '\(use.host.host)' does not resolve in cluster '\(cluster.name)': its zone '\(zone)' "
                        + "is the DNS domain of cluster '\(other.key)'; use '\(suggestion)' with a global Service"
                    notes = other.value.filter { $0.zone == zone }.map {
                        Diagnostic.Note("DNS domain of cluster '\(other.key)'", at: $0.location)
                    }
                } else if !own.isEmpty, zone.hasSuffix(".local") {
                    message =
                        "host '\(use.host.host)' does not resolve in cluster '\(cluster.name)', whose DNS domain is "
                        + "'\(own[0].zone)'; use '\(suggestion)'"
                    notes = own.map { Diagnostic.Note("DNS domain of cluster '\(cluster.name)'", at: $0.location) }
                } else {
                    continue
                }
                // A DNS server configured for the zone (a CoreDNS stub domain, a router's forwarder) may serve it.
                if dnsTexts == nil { dnsTexts = Self.dnsTexts(of: cluster, talos: talos) }
                if clusterMentions[zone] == nil {
                    clusterMentions[zone] = (dnsTexts ?? []).contains { Self.mentions($0, zone: zone) }
                }
                if repositoryMentions[zone] == nil {
                    repositoryMentions[zone] = Self.repositoryMentions(zone, files: context.files)
                }
                if clusterMentions[zone] == true || repositoryMentions[zone] == true { continue }
                sink.report(message, at: use.location, object: use.object, notes: notes)
            }
        }
    }

    private struct Domain {
        var zone: String
        var location: SourceLocation?
    }

    /// The DNS domains a cluster is declared to serve.
    private static func domains(of cluster: String, talos: [TalosPatch], facts: Facts) -> [Domain] {
        var out: [Domain] = []
        for patch in TalosPatch.patches(talos, for: cluster) {
            if let node = patch.root[path: ["cluster", "network", "dnsDomain"]], let domain = zone(node) {
                out.append(Domain(zone: domain, location: node.location))
            }
        }
        for entry in facts.raw?["networks"]?.items ?? [] {
            if let name = entry["cluster"]?.string, name != cluster { continue }
            if let node = entry["dnsDomain"], let domain = zone(node) {
                out.append(Domain(zone: domain, location: node.location))
            }
        }
        var seen: Set<String> = []
        return out.filter { seen.insert($0.zone).inserted }
    }

    private static func zone(_ node: YAMLNode) -> String? {
        guard var text = node.string?.lowercased(), !text.contains("${"), !text.contains("{{") else { return nil }
        while text.hasSuffix(".") { text.removeLast() }
        return text.isEmpty ? nil : text
    }

    /// Texts that may configure DNS for a cluster: ConfigMap data (CoreDNS Corefiles and their imports),
    /// CoreDNS chart values, and the cluster's Talos configuration (inline manifests, files).
    private static func dnsTexts(of cluster: Cluster, talos: [TalosPatch]) -> [String] {
        var out: [String] = []
        for object in cluster.objects where object.resource.kind == "ConfigMap" && object.resource.group.isEmpty {
            for pair in object.node["data"]?.pairs ?? [] {
                if let text = pair.value.string { out.append(text) }
            }
        }
        for release in cluster.helmReleases where release.chart.contains("coredns") {
            strings(release.values, into: &out)
        }
        for patch in TalosPatch.patches(talos, for: cluster.name) {
            strings(patch.root, into: &out)
        }
        return out
    }

    private static func strings(_ node: YAMLNode, into out: inout [String]) {
        if let items = node.items {
            for item in items { strings(item, into: &out) }
        } else if let pairs = node.pairs {
            for pair in pairs { strings(pair.value, into: &out) }
        } else if let text = node.string {
            out.append(text)
        }
    }

    /// Whether a file other than a manifest (a Corefile, a dnsmasq or Unbound configuration) mentions the zone.
    private static func repositoryMentions(_ zone: String, files: RepositoryFiles) -> Bool {
        files.paths.contains { path in
            guard !path.hasSuffix(".yaml"), !path.hasSuffix(".yml") else { return false }
            return files.text(path).map { mentions($0, zone: zone) } ?? false
        }
    }

    /// Whether a text names the zone itself, not only a host inside it.
    static func mentions(_ text: String, zone: String) -> Bool {
        let lowered = text.lowercased()
        for range in lowered.ranges(of: zone) {
            if range.lowerBound > lowered.startIndex {
                let before = lowered[lowered.index(before: range.lowerBound)]
                if before == "." || before == "-" || before == "_" || before.isLetter || before.isNumber { continue }
            }
            var after = range.upperBound
            if after < lowered.endIndex, lowered[after] == "." { after = lowered.index(after: after) }
            if after < lowered.endIndex {
                let next = lowered[after]
                if next == "-" || next == "_" || next.isLetter || next.isNumber { continue }
            }
            return true
        }
        return false
    }
}
