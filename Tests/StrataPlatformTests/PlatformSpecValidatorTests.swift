import StrataCore
import Testing

@testable import StrataPlatform

/// One contradiction: how to make it from the default text, the finding it gives, and the text it points at.
struct Contradiction: Sendable, CustomTestStringConvertible {
    var name: String
    var changes: [(String, String)]
    var id: String
    /// Text at the start of the offending value; the finding's line must be this text's line.
    var at: String
    /// Text the message must contain.
    var says: String
    var severity: Severity = .error

    var testDescription: String { name }
}

@Suite("Platform spec validator")
struct PlatformSpecValidatorTests {
    static let contradictions: [Contradiction] = [
        Contradiction(
            name: "overlapping pod CIDRs",
            changes: [("podCIDR: 10.246.0.0/16", "podCIDR: 10.244.128.0/17")],
            id: "spec/overlapping-cidrs",
            at: "10.244.128.0/17",
            says: "the pod CIDR of cluster 'apps' ('10.244.128.0/17') overlaps the pod CIDR of cluster 'infra'"
        ),
        Contradiction(
            name: "a service CIDR over another cluster's LoadBalancer pool",
            changes: [("serviceCIDR: 10.247.0.0/16", "serviceCIDR: 10.25.12.0/24")],
            id: "spec/overlapping-cidrs",
            at: "10.25.12.0/24",
            says: "the service CIDR of cluster 'apps' ('10.25.12.0/24') overlaps LoadBalancer pool '10.25.12.0/26' "
                + "of cluster 'infra' ('10.25.12.0/26')"
        ),
        Contradiction(
            name: "a LoadBalancer pool inside the node subnet",
            changes: [("loadBalancerPools: [10.25.12.0/26]", "loadBalancerPools: [10.25.11.128/26]")],
            id: "spec/unreachable-lb-pool",
            at: "10.25.11.128/26",
            says: "nothing answers (Cilium's L2 announcements are off and the router does not proxy-ARP)"
        ),
        Contradiction(
            name: "a node outside the node subnet",
            changes: [("address: 10.25.11.12", "address: 10.25.21.12")],
            id: "spec/address-outside-subnet",
            at: "10.25.21.12",
            says: "node 'prod-02' ('10.25.21.12') is outside the node subnet '10.25.11.0/24'"
        ),
        Contradiction(
            name: "a gateway outside the node subnet",
            changes: [("gateway: 10.25.11.1", "gateway: 10.25.10.1")],
            id: "spec/address-outside-subnet",
            at: "10.25.10.1",
            says: "the gateway ('10.25.10.1') is outside the node subnet"
        ),
        Contradiction(
            name: "a router peering address outside the node subnet",
            changes: [("address: 10.25.11.1\n", "address: 10.25.9.1\n")],
            id: "spec/address-outside-subnet",
            at: "10.25.9.1",
            says: "the router ('10.25.9.1') is outside the node subnet"
        ),
        Contradiction(
            name: "an endpoint on the subnet's broadcast address",
            changes: [("endpoint: 10.25.11.20", "endpoint: 10.25.11.255")],
            id: "spec/address-outside-subnet",
            at: "10.25.11.255",
            says: "is the broadcast address of the node subnet"
        ),
        Contradiction(
            name: "an endpoint that is a node's address",
            changes: [("endpoint: 10.25.11.20", "endpoint: 10.25.11.14")],
            id: "spec/duplicate-address",
            at: "endpoint: 10.25.11.14",
            says: "the API endpoint of cluster 'apps' uses '10.25.11.14', already the address of node 'prod-04'"
        ),
        Contradiction(
            name: "two nodes with one address",
            changes: [("address: 10.25.11.16", "address: 10.25.11.15")],
            id: "spec/duplicate-address",
            at:
                "address: 10.25.11.15\n        memory: 64Gi\n        cpus: 12\n        disks:\n          - {device: /dev/sda, size: 500G, use: system}\n          - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100006",
            says: "node 'prod-06' uses '10.25.11.15', already the address of node 'prod-05'"
        ),
        Contradiction(
            name: "two nodes with one name",
            changes: [("name: prod-05", "name: prod-01")],
            id: "spec/duplicate-name",
            at: "name: prod-01\n        role: controlplane\n        address: 10.25.11.15",
            says: "node name 'prod-01' is used twice"
        ),
        Contradiction(
            name: "two clusters with one Cilium id",
            changes: [("id: 2", "id: 1")],
            id: "spec/duplicate-cluster-id",
            at: "id: 1\n    asn: 65002",
            says: "Cilium cluster id 1 of cluster 'apps' is already used by cluster 'infra'"
        ),
        Contradiction(
            name: "a cluster with the router's ASN",
            changes: [("asn: 65002", "asn: 65000")],
            id: "spec/duplicate-asn",
            at: "asn: 65000\n    podCIDR",
            says: "ASN 65000 of cluster 'apps' is already used by the router"
        ),
        Contradiction(
            name: "a keepalive above a third of the hold time",
            changes: [("keepaliveSeconds: 3", "keepaliveSeconds: 4")],
            id: "spec/bgp-timers",
            at: "keepaliveSeconds: 4",
            says: "use a keepalive of at most 3s"
        ),
        Contradiction(
            name: "a pod CIDR too small for its nodes",
            changes: [("podCIDR: 10.246.0.0/16", "podCIDR: 10.246.0.0/23")],
            id: "spec/pod-cidr-too-small",
            at: "10.246.0.0/23",
            says: "holds 2 node ranges of /24 but the cluster has 3 nodes"
        ),
        Contradiction(
            name: "a pool wider than the Ceph hosts",
            changes: [
                (
                    "replicated: {size: 3, minSize: 2}\n        failureDomain",
                    "replicated: {size: 4, minSize: 2}\n        failureDomain"
                )
            ],
            id: "spec/pool-too-wide",
            at: "replicated: {size: 4",
            says: "pool 'replicapool' keeps 4 copies, one per host, but cluster 'infra' has 3 hosts with Ceph disks"
        ),
        Contradiction(
            name: "an erasure-coded pool wider than the Ceph hosts",
            changes: [
                (
                    "replicated: {size: 3, minSize: 2}\n        failureDomain",
                    "erasureCoded: {dataChunks: 2, codingChunks: 2}\n        failureDomain"
                )
            ],
            id: "spec/pool-too-wide",
            at: "erasureCoded:",
            says: "splits data into 2+2 = 4 chunks, one per host, but cluster 'infra' has 3 hosts with Ceph disks"
        ),
        Contradiction(
            name: "an erasure-coded pool with no spare host",
            changes: [
                (
                    "replicated: {size: 3, minSize: 2}\n        failureDomain",
                    "erasureCoded: {dataChunks: 2, codingChunks: 1}\n        failureDomain"
                )
            ],
            id: "spec/no-spare-host",
            at: "erasureCoded:",
            says: "leaving none to recover onto",
            severity: .warning
        ),
        Contradiction(
            name: "a filesystem data pool wider than the Ceph hosts",
            changes: [("data:\n        replicated: {size: 3", "data:\n        replicated: {size: 5")],
            id: "spec/pool-too-wide",
            at: "replicated: {size: 5",
            says: "the data pool of filesystem 'cephfs' keeps 5 copies"
        ),
        Contradiction(
            name: "a minSize above the size",
            changes: [
                (
                    "replicated: {size: 3, minSize: 2}\n        failureDomain",
                    "replicated: {size: 3, minSize: 4}\n        failureDomain"
                )
            ],
            id: "spec/pool-min-size",
            at: "replicated: {size: 3, minSize: 4}",
            says: "pool 'replicapool' has minSize 4 above its size 3"
        ),
        Contradiction(
            name: "a minSize of zero",
            changes: [
                (
                    "replicated: {size: 3, minSize: 2}\n        failureDomain",
                    "replicated: {size: 3, minSize: 0}\n        failureDomain"
                )
            ],
            id: "spec/pool-min-size",
            at: "replicated: {size: 3, minSize: 0}",
            says: "accepts writes with no copy up"
        ),
        Contradiction(
            name: "an even number of monitors",
            changes: [("mons: 3", "mons: 2")],
            id: "spec/mon-count",
            at: "mons: 2",
            says: "2 monitors survive no more failures than 1"
        ),
        Contradiction(
            name: "more monitors than nodes",
            changes: [("mons: 3", "mons: 5")],
            id: "spec/mon-count",
            at: "mons: 5",
            says: "5 monitors need 5 nodes (one per node), but cluster 'infra' has 3"
        ),
        Contradiction(
            name: "OSDs that need more memory than the node has",
            changes: [("osdMemoryTarget: 4Gi", "osdMemoryTarget: 80Gi")],
            id: "spec/osd-memory",
            at: "osdMemoryTarget: 80Gi",
            says: "node 'prod-01' has 64Gi of memory but its OSD aims for 80Gi, leaving nothing for the system"
        ),
        Contradiction(
            name: "Ceph ratios out of order",
            changes: [("nearFullRatio: 0.85", "nearFullRatio: 0.92")],
            id: "spec/ceph-ratios",
            at: "backfillFullRatio: 0.90",
            says: "nearFullRatio < backfillFullRatio < fullRatio (now 0.92, 0.9, 0.95)"
        ),
        Contradiction(
            name: "a consumer without a provider",
            changes: [("ceph: provider", "ceph: none")],
            id: "spec/ceph-provider",
            at: "ceph: consumer",
            says: "cluster 'apps' consumes Ceph but no cluster provides it"
        ),
        Contradiction(
            name: "two providers",
            changes: [("ceph: consumer", "ceph: provider")],
            id: "spec/ceph-provider",
            at: "ceph: provider\n    nodes:\n      - name: prod-04",
            says: "clusters 'infra' and 'apps' all provide Ceph"
        ),
        Contradiction(
            name: "a provider without Ceph disks",
            changes: Array(repeating: (", size: 1T, use: ceph}", ", size: 1T, use: local}"), count: 3),
            id: "spec/no-osds",
            at: "ceph: provider",
            says: "cluster 'infra' provides Ceph but none of its nodes has a disk with 'use: ceph'"
        ),
        Contradiction(
            name: "a volume of a class nothing defines",
            changes: [("storageClass: ceph-block\n        mountPath", "storageClass: ceph-blok\n        mountPath")],
            id: "spec/unknown-storage-class",
            at: "ceph-blok",
            says: "which no pool, filesystem or local path defines; cluster 'apps' has 'ceph-block', 'ceph-filesystem' "
                + "and 'openebs-hostpath'; did you mean 'ceph-block'?"
        ),
        Contradiction(
            name: "a Ceph volume in a cluster without Ceph",
            changes: [("ceph: consumer", "ceph: none")],
            id: "spec/unknown-storage-class",
            at: "storageClass: ceph-block\n        mountPath",
            says: "volume 'wiki-data' of application 'wiki' uses StorageClass 'ceph-block', a Ceph class, but cluster "
                + "'apps' has 'ceph: none'"
        ),
        Contradiction(
            name: "two classes with one name",
            changes: [("name: ceph-filesystem", "name: ceph-block")],
            id: "spec/duplicate-name",
            at: "name: ceph-block, default: false",
            says: "StorageClass 'ceph-block' is defined twice"
        ),
        Contradiction(
            name: "two default classes",
            changes: [("name: openebs-hostpath, default: false", "name: openebs-hostpath, default: true")],
            id: "spec/multiple-default-classes",
            at: "name: openebs-hostpath, default: true",
            says:
                "clusters 'infra' and 'apps' would have 2 default StorageClasses ('ceph-block' and 'openebs-hostpath')"
        ),
        Contradiction(
            name: "an application in an unknown cluster",
            changes: [("cluster: apps\n    namespace: wiki", "cluster: app\n    namespace: wiki")],
            id: "spec/unknown-cluster",
            at: "cluster: app\n",
            says: "application 'wiki' names cluster 'app', which the spec does not define; the clusters are 'infra' "
                + "and 'apps'; did you mean 'apps'?"
        ),
        Contradiction(
            name: "a database in an unknown cluster",
            changes: [
                ("cluster: infra\n    namespace: databases", "cluster: infrastructure\n    namespace: databases")
            ],
            id: "spec/unknown-cluster",
            at: "cluster: infrastructure",
            says: "database 'postgres' names cluster 'infrastructure'"
        ),
        Contradiction(
            name: "metrics in an unknown cluster",
            changes: [("metrics:\n  cluster: infra", "metrics:\n  cluster: monitoring")],
            id: "spec/unknown-cluster",
            at: "cluster: monitoring",
            says: "the metrics cluster names cluster 'monitoring'"
        ),
        Contradiction(
            name: "an objective for an unknown cluster",
            changes: [("cluster: apps, rpo", "cluster: web, rpo")],
            id: "spec/unknown-cluster",
            at: "cluster: web",
            says: "the 'cluster' objective names cluster 'web'"
        ),
        Contradiction(
            name: "a metrics replication factor above the storage replicas",
            changes: [("replicationFactor: 2", "replicationFactor: 4")],
            id: "spec/metrics-replication",
            at: "replicationFactor: 4",
            says: "metrics replicationFactor 4 is above storageReplicas 3"
        ),
        Contradiction(
            name: "an application defined twice",
            changes: [
                (
                    "applications:\n",
                    "applications:\n  - {name: wiki, cluster: apps, namespace: wiki, image: nginx:1.27, port: 80, memory: 64Mi}\n"
                )
            ],
            id: "spec/duplicate-name",
            at: "  - name: wiki\n",
            says: "application 'wiki' is defined twice in namespace 'wiki' of cluster 'apps'"
        ),
        Contradiction(
            name: "an objective given twice",
            changes: [
                (
                    "  - {scenario: all-clusters, rpo: 24h, rto: 3h}\n",
                    "  - {scenario: all-clusters, rpo: 24h, rto: 3h}\n  - {scenario: all-clusters, rpo: 48h, rto: 4h}\n"
                )
            ],
            id: "spec/duplicate-name",
            at: "{scenario: all-clusters, rpo: 48h",
            says: "the 'all-clusters' objective for every cluster is given twice"
        ),
        Contradiction(
            name: "an RPO below the nightly volume backups of the cluster it names",
            changes: [("cluster: apps, rpo: 24h", "cluster: apps, rpo: 6h")],
            id: "spec/rpo-below-interval",
            at: "rpo: 6h",
            says: "the 'cluster' objective for cluster 'apps' allows losing 6h of data, but volume 'wiki-data' of "
                + "application 'wiki' is lost in that failure and backed up only every 24h ('0 2 * * *')"
        ),
        Contradiction(
            name: "an RPO below the backups of a consumer's volumes when the Ceph provider is lost",
            changes: [("cluster: infra, rpo: 24h", "cluster: infra, rpo: 12h")],
            id: "spec/rpo-below-interval",
            at: "rpo: 12h",
            says: "volume 'wiki-data' of application 'wiki' is lost in that failure"
        ),
        Contradiction(
            name: "an RPO below a database's 6-field schedule",
            changes: [("backupSchedule: \"0 0 */6 * * *\"", "backupSchedule: \"0 0 0 */2 * *\"")],
            id: "spec/rpo-below-interval",
            at: "{scenario: cluster, cluster: infra",
            says: "database 'postgres' is lost in that failure and backed up only every 48h ('0 0 0 */2 * *')"
        ),
        Contradiction(
            name: "a zero node RPO for a volume on a node's local disk",
            changes: [
                ("storageClass: ceph-block\n        mountPath", "storageClass: openebs-hostpath\n        mountPath")
            ],
            id: "spec/rpo-below-interval",
            at: "{scenario: node",
            says: "the 'node' objective allows no data loss, but volume 'wiki-data' of application 'wiki' is lost in "
                + "that failure and backed up only every 24h ('0 2 * * *'); keep it on storage that survives this "
                + "failure, or raise the rpo to 24h"
        ),
        Contradiction(
            name: "a restore drill an hour after the nightly backups",
            changes: [("schedule: \"0 6 * * 1\"", "schedule: \"0 3 * * 1\"")],
            id: "spec/schedule-collision",
            at: "schedule: \"0 3 * * 1\"",
            says: "the restore drill ('0 3 * * 1') starts within an hour of the volume backup '0 2 * * *' (both run "
                + "around Monday 03:00)"
        ),
        Contradiction(
            name: "a restore drill with no fixed time",
            changes: [("schedule: \"0 6 * * 1\"", "schedule: \"@every 168h\"")],
            id: "spec/schedule-collision",
            at: "@every 168h",
            says: "an '@every' schedule runs at no fixed time"
        ),
        Contradiction(
            name: "a restore drill colliding with a volume's own schedule",
            changes: [("        backup: true", "        schedule: \"30 5 * * *\"\n        backup: true")],
            id: "spec/schedule-collision",
            at: "schedule: \"0 6 * * 1\"",
            says: "within an hour of the volume backup '30 5 * * *'"
        ),
    ]

    @Test("The default spec validates without findings")
    func defaultIsClean() {
        let (document, diagnostics) = SpecText.check(DefaultPlatformText.text)
        #expect(document.spec != nil)
        #expect(diagnostics.isEmpty, "\(SpecText.describe(diagnostics))")
        #expect(PlatformSpecValidator.validate(DefaultPlatform.spec).isEmpty)
    }

    @Test("A contradiction is reported at the offending value with the reason and the fix", arguments: contradictions)
    func reported(_ contradiction: Contradiction) throws {
        let text = SpecText.mutated(contradiction.changes)
        let (document, diagnostics) = SpecText.check(text)
        #expect(document.diagnostics.isEmpty, "decoding: \(SpecText.describe(document.diagnostics))")
        let found = diagnostics.filter { $0.id == contradiction.id }
        let diagnostic = try #require(found.first, "no \(contradiction.id) in:\n\(SpecText.describe(diagnostics))")
        #expect(diagnostic.message.contains(contradiction.says), "\(diagnostic.message)")
        #expect(diagnostic.severity == contradiction.severity)
        let position = try #require(SpecText.position(of: contradiction.at, in: text))
        #expect(diagnostic.location?.line == position.line, "\(SpecText.describe([diagnostic]))")
        #expect(diagnostic.location?.path == SpecText.path)
    }

    @Test("Every contradiction of a spec is reported in one run")
    func everyContradiction() {
        let text = SpecText.mutated([
            ("podCIDR: 10.246.0.0/16", "podCIDR: 10.244.128.0/17"),
            ("loadBalancerPools: [10.25.12.64/26]", "loadBalancerPools: [10.25.11.192/26]"),
            ("id: 2", "id: 1"),
            ("mons: 3", "mons: 4"),
            ("replicationFactor: 2", "replicationFactor: 5"),
            ("schedule: \"0 6 * * 1\"", "schedule: \"0 2 * * 1\""),
            ("cluster: apps, rpo: 24h", "cluster: apps, rpo: 1h"),
        ])
        let (document, diagnostics) = SpecText.check(text)
        #expect(document.diagnostics.isEmpty)
        let ids = Set(diagnostics.map(\.id))
        #expect(
            ids == [
                "spec/overlapping-cidrs", "spec/unreachable-lb-pool", "spec/duplicate-cluster-id", "spec/mon-count",
                "spec/metrics-replication", "spec/schedule-collision", "spec/rpo-below-interval",
            ],
            "\(SpecText.describe(diagnostics))"
        )
        #expect(diagnostics.map(\.location) == diagnostics.map(\.location).sorted { ($0?.line ?? 0) < ($1?.line ?? 0) })
    }

    @Test("Findings name the first place with a note")
    func notes() throws {
        let text = SpecText.mutated([("id: 2", "id: 1")])
        let diagnostic = try #require(SpecText.check(text).diagnostics.first)
        #expect(diagnostic.notes.first?.message == "first used here")
        #expect(diagnostic.notes.first?.location?.line == SpecText.position(of: "id: 1", in: text)?.line)
    }

    @Test("A spec built in code is validated too, with no locations")
    func specInCode() throws {
        var spec = DefaultPlatform.spec
        spec.clusters[1].loadBalancerPools = ["10.25.11.64/26"]
        spec.storage.ceph.pools[0].protection = .erasureCoded(dataChunks: 4, codingChunks: 2)
        let diagnostics = PlatformSpecValidator.validate(spec)
        #expect(diagnostics.map(\.id).sorted() == ["spec/pool-too-wide", "spec/unreachable-lb-pool"])
        #expect(diagnostics.allSatisfy { $0.location == nil })
    }

    @Test("A second platform, different in every number, validates clean, and its five-host erasure coding fits")
    func secondPlatform() {
        var spec = DefaultPlatform.spec
        spec.network.nodeSubnet = "192.168.40.0/24"
        spec.network.gateway = "192.168.40.254"
        spec.network.nameservers = ["192.168.40.254"]
        spec.router = RouterSpec(model: "srx320", asn: 64600, routerID: "192.168.40.254", address: "192.168.40.254")
        func nodes(_ base: Int, _ count: Int) -> [NodeSpec] {
            (0..<count).map { i in
                NodeSpec(
                    name: "node-\(base + i)",
                    role: i < 3 ? .controlplane : .worker,
                    address: "192.168.40.\(base + i)",
                    memoryBytes: 128 << 30,
                    cpus: 16,
                    disks: [DiskSpec(device: "/dev/disk/by-id/nvme-\(base + i)", sizeBytes: 2 << 40, use: .ceph)]
                )
            }
        }
        spec.clusters = [
            ClusterSpec(
                name: "core",
                id: 11,
                asn: 64611,
                podCIDR: "10.60.0.0/16",
                serviceCIDR: "10.61.0.0/16",
                loadBalancerPools: ["10.62.0.0/27"],
                endpoint: "192.168.40.10",
                ceph: .provider,
                nodes: nodes(11, 5)
            ),
            ClusterSpec(
                name: "edge",
                id: 12,
                asn: 64612,
                podCIDR: "10.70.0.0/16",
                serviceCIDR: "10.71.0.0/16",
                loadBalancerPools: ["10.72.0.0/27"],
                endpoint: "192.168.40.20",
                ceph: .consumer,
                nodes: nodes(21, 3)
            ),
            ClusterSpec(
                name: "lab",
                id: 13,
                asn: 64613,
                podCIDR: "10.80.0.0/16",
                serviceCIDR: "10.81.0.0/16",
                loadBalancerPools: ["10.82.0.0/27"],
                endpoint: "192.168.40.30",
                ceph: .none,
                nodes: nodes(31, 3)
            ),
        ]
        spec.storage.ceph.pools[0].protection = .erasureCoded(dataChunks: 3, codingChunks: 2)
        spec.metrics.cluster = "core"
        spec.databases[0].cluster = "core"
        spec.applications[0].cluster = "edge"
        spec.objectives = spec.objectives.map { objective in
            var objective = objective
            objective.cluster = objective.cluster.map { $0 == "infra" ? "core" : "edge" }
            return objective
        }
        let diagnostics = PlatformSpecValidator.validate(spec)
        #expect(diagnostics.map(\.id) == ["spec/no-spare-host"], "\(SpecText.describe(diagnostics))")
        spec.storage.ceph.pools[0].protection = .erasureCoded(dataChunks: 4, codingChunks: 2)
        #expect(PlatformSpecValidator.validate(spec).map(\.id) == ["spec/pool-too-wide"])
    }

    @Test("A document without a spec has nothing to validate")
    func noSpec() {
        #expect(PlatformSpecValidator.validate(SpecText.decode("name: [")).isEmpty)
    }
}
