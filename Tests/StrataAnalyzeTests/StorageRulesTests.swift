import Foundation
import StrataCore
import Testing

@testable import StrataAnalyze

/// Edge cases of the `ceph/` and `metrics/` rules that would clutter their documentation.
@Suite("Storage and metrics rules")
struct StorageRulesTests {
    private func findings(_ rule: any Rule.Type, _ files: [(path: String, text: String)]) throws -> [Diagnostic] {
        try ExampleRunner.run(rule, files: ExampleRunner.files(of: Example(files: files)))
    }

    private func findings(_ rule: any Rule.Type, _ yaml: String) throws -> [Diagnostic] {
        try findings(rule, [("example.yaml", yaml)])
    }

    private static let threeNodeCluster = """
        apiVersion: ceph.rook.io/v1
        kind: CephCluster
        metadata: {name: rook-ceph, namespace: rook-ceph}
        spec:
          storage:
            useAllNodes: false
            nodes: [{name: a}, {name: b}, {name: c}]
        ---
        """

    @Test(
        "failure-domain rules are silent when the hosts cannot be known",
        arguments: [
            // useAllNodes without node facts
            "spec:\n  storage:\n    useAllNodes: true\n",
            // OSDs on PVCs
            "spec:\n  storage:\n    storageClassDeviceSets: [{name: set1, count: 3}]\n",
            // a node name substituted out of band
            "spec:\n  storage:\n    nodes: [{name: \"${NODE_1}\"}]\n",
        ]
    )
    func silentWithoutHosts(_ clusterSpec: String) throws {
        let yaml = """
            apiVersion: ceph.rook.io/v1
            kind: CephCluster
            metadata: {name: rook-ceph, namespace: rook-ceph}
            \(clusterSpec)---
            apiVersion: ceph.rook.io/v1
            kind: CephBlockPool
            metadata: {name: replicapool, namespace: rook-ceph}
            spec: {replicated: {size: 5}}
            """
        #expect(try findings(PoolExceedsFailureDomains.self, yaml).isEmpty)
        #expect(try findings(NoSpareFailureDomain.self, yaml).isEmpty)
    }

    @Test("pools with a non-host failure domain or in another namespace are not counted against the hosts")
    func otherDomains() throws {
        let yaml =
            Self.threeNodeCluster + """
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: by-osd, namespace: rook-ceph}
                spec: {failureDomain: osd, replicated: {size: 5}}
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: elsewhere, namespace: other}
                spec: {replicated: {size: 5}}
                """
        #expect(try findings(PoolExceedsFailureDomains.self, yaml).isEmpty)
    }

    @Test("replicasPerFailureDomain divides the domains a pool needs")
    func replicasPerDomain() throws {
        let yaml =
            Self.threeNodeCluster + """
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: stretched, namespace: rook-ceph}
                spec: {replicated: {size: 4, replicasPerFailureDomain: 2}}
                """
        #expect(try findings(PoolExceedsFailureDomains.self, yaml).isEmpty)
        #expect(try findings(NoSpareFailureDomain.self, yaml).isEmpty)
    }

    @Test("the chart's useAllNodes default counts the node facts")
    func chartUsesAllNodes() throws {
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: rook-ceph-cluster, namespace: rook-ceph}
            spec:
              chart: {spec: {chart: rook-ceph-cluster, sourceRef: {kind: HelmRepository, name: rook}}}
              values:
                cephBlockPools:
                  - name: ceph-blockpool
                    spec: {replicated: {size: 3}}
            """
        let facts = "facts:\n  nodes:\n    - {name: a}\n    - {name: b}\n"
        let found = try findings(PoolExceedsFailureDomains.self, [("example.yaml", release), ("strata.yaml", facts)])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("only 2 hosts") == true)
    }

    @Test("mon count is silent when mons may share nodes and odd")
    func monsMayShare() throws {
        let yaml = """
            apiVersion: ceph.rook.io/v1
            kind: CephCluster
            metadata: {name: rook-ceph, namespace: rook-ceph}
            spec:
              mon: {count: 5, allowMultiplePerNode: true}
            """
        let facts = "facts:\n  nodes:\n    - {name: a}\n"
        #expect(try findings(MonCount.self, [("example.yaml", yaml), ("strata.yaml", facts)]).isEmpty)
    }

    @Test("an even mon count is a warning")
    func evenMonsWarn() throws {
        let yaml = """
            apiVersion: ceph.rook.io/v1
            kind: CephCluster
            metadata: {name: rook-ceph, namespace: rook-ceph}
            spec:
              mon: {count: 4}
            """
        let found = try findings(MonCount.self, yaml)
        #expect(found.map(\.severity) == [.warning])
    }

    @Test("recovery throttles are accepted when mClock's override is on or the release predates mClock")
    func mClockOverride() throws {
        for config in [
            "osd: {osd_max_backfills: \"1\", osd_mclock_override_recovery_settings: \"true\"}",
            "osd: {osd_max_backfills: \"1\", osd_op_queue: wpq}",
        ] {
            let yaml = """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  cephConfig:
                    \(config)
                """
            #expect(try findings(IgnoredOption.self, yaml).isEmpty, "\(config)")
        }
        let pacific = """
            apiVersion: ceph.rook.io/v1
            kind: CephCluster
            metadata: {name: rook-ceph, namespace: rook-ceph}
            spec:
              cephVersion: {image: "quay.io/ceph/ceph:v16.2.15"}
              cephConfig:
                osd: {osd_max_backfills: "1"}
            """
        #expect(try findings(IgnoredOption.self, pacific).isEmpty)
    }

    @Test("databaseSizeMB is accepted with a metadata device")
    func databaseWithMetadataDevice() throws {
        let yaml = """
            apiVersion: ceph.rook.io/v1
            kind: CephCluster
            metadata: {name: rook-ceph, namespace: rook-ceph}
            spec:
              storage:
                config: {databaseSizeMB: "10240", metadataDevice: nvme0n1}
            """
        #expect(try findings(IgnoredOption.self, yaml).isEmpty)
    }

    @Test("storage classes of an external Ceph cluster or of chart defaults are not checked")
    func externalAndChartDefaults() throws {
        let storageClass = """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: ceph-block}
            provisioner: rook-ceph.rbd.csi.ceph.com
            parameters: {clusterID: rook-ceph, pool: ceph-blockpool}
            """
        #expect(try findings(StorageClassTargetMissing.self, storageClass).isEmpty)
        let chart = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: rook-ceph-cluster, namespace: rook-ceph}
            spec:
              chart: {spec: {chart: rook-ceph-cluster, sourceRef: {kind: HelmRepository, name: rook}}}
              values: {}
            ---
            """
        #expect(try findings(StorageClassTargetMissing.self, chart + storageClass).isEmpty)
    }

    private static let externalConsumer = """
        apiVersion: ceph.rook.io/v1
        kind: CephCluster
        metadata: {name: rook-ceph, namespace: rook-ceph}
        spec:
          external: {enable: true}
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: ceph-block}
        provisioner: rook-ceph.rbd.csi.ceph.com
        parameters: {clusterID: rook-ceph, pool: replicapool}
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: ceph-filesystem}
        provisioner: rook-ceph.cephfs.csi.ceph.com
        parameters: {clusterID: rook-ceph, fsName: cephfs, pool: cephfs-replicated}
        """

    @Test("an external cluster's classes are checked against the provider's pools and filesystems")
    func externalClusterUsesProvider() throws {
        let provider = """
            apiVersion: ceph.rook.io/v1
            kind: CephCluster
            metadata: {name: rook-ceph, namespace: rook-ceph}
            spec: {}
            ---
            apiVersion: ceph.rook.io/v1
            kind: CephBlockPool
            metadata: {name: replicapool, namespace: rook-ceph}
            spec: {replicated: {size: 3}}
            ---
            apiVersion: ceph.rook.io/v1
            kind: CephFilesystem
            metadata: {name: cephfs, namespace: rook-ceph}
            spec:
              metadataPool: {replicated: {size: 3}}
              dataPools: [{name: replicated, replicated: {size: 3}}]
            """
        let consumer = ("clusters/apps/storage.yaml", Self.externalConsumer)
        #expect(
            try findings(StorageClassTargetMissing.self, [("clusters/infra/storage.yaml", provider), consumer]).isEmpty
        )

        // Without the filesystem and with the pool renamed, both classes of the consumer name missing targets.
        let renamed = provider.components(separatedBy: "---\n").prefix(2).joined(separator: "---\n")
            .replacingOccurrences(of: "name: replicapool", with: "name: blockpool")
        let found = try findings(StorageClassTargetMissing.self, [("clusters/infra/storage.yaml", renamed), consumer])
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.location?.path == "clusters/apps/storage.yaml" })
        #expect(found.contains { $0.message.contains("no CephBlockPool of the provider 'infra/rook-ceph' defines") })
        #expect(found.contains { $0.message.contains("filesystem 'cephfs'") })
    }

    @Test(
        "an external cluster's classes are left alone when no provider's pools are known",
        arguments: [
            // no provider in the repository
            "",
            // the provider's pools come from chart defaults
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: rook-ceph-cluster, namespace: rook-ceph}
            spec:
              chart: {spec: {chart: rook-ceph-cluster, sourceRef: {kind: HelmRepository, name: rook}}}
              values: {}
            """,
        ]
    )
    func externalClusterWithoutProvider(_ provider: String) throws {
        var files = [("clusters/apps/storage.yaml", Self.externalConsumer)]
        if !provider.isEmpty { files.append(("clusters/infra/storage.yaml", provider)) }
        #expect(try findings(StorageClassTargetMissing.self, files).isEmpty)
    }

    @Test("a claim naming a class no cluster defines is left alone")
    func unknownClassIsNotGuessed() throws {
        let yaml = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: media}
            spec: {storageClassName: openebs-hostpath}
            """
        #expect(try findings(StorageClassTargetMissing.self, yaml).isEmpty)
    }

    @Test("a storage node missing from the facts gets a suggestion")
    func nodeSuggestion() throws {
        let yaml = """
            apiVersion: ceph.rook.io/v1
            kind: CephCluster
            metadata: {name: rook-ceph, namespace: rook-ceph}
            spec:
              storage:
                nodes: [{name: prod-1}]
            """
        let facts = "facts:\n  nodes:\n    - {name: prod-01}\n"
        let found = try findings(NodeListMismatch.self, [("example.yaml", yaml), ("strata.yaml", facts)])
        #expect(found.first?.message.contains("did you mean 'prod-01'") == true)
    }

    @Test(
        "numbered NVMe kernel names are recognised",
        arguments: [
            ("^nvme1n1$", true), ("nvme0n1", true), ("^sd[b-c]$", false), ("/dev/disk/by-id/nvme-Samsung_1", false),
            ("nvme", false),
        ]
    )
    func nvmeNames(_ text: String, _ expected: Bool) {
        #expect(DeviceFilter.namesNumberedNVMe(text) == expected)
    }

    @Test(
        "cluster-local URLs name a Service and a namespace",
        arguments: [
            ("http://vminsert-vm.monitoring.svc:8480/insert", "vminsert-vm", "monitoring"),
            ("https://user@vmsingle-x.obs.svc.cluster.local/api", "vmsingle-x", "obs"),
        ]
    )
    func clusterLocalURLs(_ url: String, _ service: String, _ namespace: String) throws {
        let parsed = try #require(RemoteWriteTarget.clusterService(url))
        #expect(parsed.service == service && parsed.namespace == namespace)
    }

    @Test("other URLs are not cluster-local", arguments: ["https://metrics.example.com/write", "http://${HOST}.svc/"])
    func externalURLs(_ url: String) {
        #expect(RemoteWriteTarget.clusterService(url) == nil)
    }

    @Test(
        "retention periods count months without a unit",
        arguments: [("90d", 90.0), ("1y", 365.0), ("2w", 14.0), ("3", 90.0), ("48h", 2.0), ("x", nil)]
    )
    func retention(_ text: String, _ days: Double?) {
        #expect(RetentionExceedsVolume.retentionDays(text) == days)
    }

    @Test("the retention rule is silent without an ingest estimate")
    func retentionNeedsFacts() throws {
        let yaml = """
            apiVersion: operator.victoriametrics.com/v1beta1
            kind: VMSingle
            metadata: {name: vmsingle, namespace: monitoring}
            spec:
              retentionPeriod: 10y
              storage: {resources: {requests: {storage: 1Gi}}}
            """
        #expect(try findings(RetentionExceedsVolume.self, yaml).isEmpty)
    }

    @Test("a null selector is unset and restricts nothing")
    func nullSelector() throws {
        let yaml = """
            apiVersion: operator.victoriametrics.com/v1beta1
            kind: VMAgent
            metadata: {name: vmagent, namespace: monitoring}
            spec:
              selectAllByDefault: true
              serviceScrapeSelector:
            """
        #expect(try findings(SelectorRestricts.self, yaml).isEmpty)
    }
}
