import Testing

@testable import StrataPlan

private let gib = 1_073_741_824.0
private let mib = 1_048_576.0

@Suite("Capacity from a repository")
struct CapacityPlannerTests {
    @Test("each node's memory: OSDs where the disks are, one of each other daemon, requests spread, OS reserve")
    func memory() throws {
        let plan = try PlanRepository.plan(
            [
                "ceph.yaml": """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  mon: {count: 3}
                  resources:
                    mon: {limits: {memory: 3Gi}}
                  storage:
                    useAllNodes: false
                    nodes:
                      - {name: n1, devices: [{name: sdb}, {name: sdc}]}
                      - {name: n2, devices: [{name: sdb}]}
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephFilesystem
                metadata: {name: fs, namespace: rook-ceph}
                spec:
                  metadataPool: {replicated: {size: 2}}
                  dataPools: [{name: data, replicated: {size: 2}}]
                  metadataServer:
                    activeCount: 1
                    resources: {limits: {memory: 2Gi}}
                """,
                "apps.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: app}
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers: [{name: web, image: web:1, resources: {requests: {memory: 512Mi}}}]
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: agent, namespace: app}
                spec:
                  template:
                    spec:
                      containers: [{name: agent, image: agent:1, resources: {requests: {memory: 256Mi}}}]
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: db}
                spec:
                  instances: 2
                  resources: {requests: {memory: 1Gi}}
                  storage: {size: 1Gi}
                """,
            ],
            facts: """
                  nodes:
                    - {cluster: c1, name: n1, memory: 32Gi, disks: [{device: sdb, size: 1T}, {device: sdc, size: 1T}]}
                    - {cluster: c1, name: n2, memory: 16Gi, disks: [{device: sdb, size: 1T}]}
                """
        )
        let memory = try #require(plan.cluster("c1")?.memory)
        #expect(memory.map(\.node) == ["n1", "n2"])
        // OSDs at Ceph's default 4 Gi target; mon at its 3 Gi limit; mgr at the chart's 1 Gi; one MDS at 2 Gi.
        // n1: 2 × 4 + 3 + 1 + 2 = 14 Gi; n2: 1 × 4 + 3 + 1 + 2 = 10 Gi.
        #expect(memory[0].osds == 2)
        #expect(memory[0].ceph == 14 * gib)
        #expect(memory[1].ceph == 10 * gib)
        // Requests: (2 × 512 Mi + 2 × 1 Gi) / 2 nodes = 1.5 Gi, plus the DaemonSet's 256 Mi on each = 1.75 Gi.
        #expect(memory[0].workloads == 1.75 * gib)
        // n1: 14 Gi + 1.75 Gi + 612 Mi; free = 32 Gi − that.
        #expect(memory[0].total == 15.75 * gib + 612 * mib)
        #expect(memory[0].free == 16.25 * gib - 612 * mib)
    }

    static let vmcluster = """
        apiVersion: operator.victoriametrics.com/v1beta1
        kind: VMCluster
        metadata: {name: vm, namespace: monitoring}
        spec:
          retentionPeriod: 30d
          replicationFactor: 2
          vmstorage:
            replicaCount: 3
            storage:
              volumeClaimTemplate:
                spec:
                  resources: {requests: {storage: 50Gi}}
        ---
        apiVersion: operator.victoriametrics.com/v1beta1
        kind: VMSingle
        metadata: {name: single, namespace: monitoring}
        spec:
          storage:
            resources: {requests: {storage: 10Gi}}
        """

    @Test("VictoriaMetrics: the retention's bytes per vmstorage node against 80% of its volume")
    func metricsWithDeclaredBytes() throws {
        let plan = try PlanRepository.plan(
            ["vm.yaml": Self.vmcluster],
            facts: "  metrics: {activeSeries: 100000, scrapeInterval: 15s, bytesPerSample: 0.5}\n"
        )
        let stores = try #require(plan.cluster("c1")?.metrics)
        let cluster = try #require(stores.first { $0.kind == "VMCluster" })
        // 100,000 × 86,400 / 15 = 576,000,000 samples a day; × 30 days × 0.5 B × 2 = 1.728e10 B;
        // 5.76e9 B on each of 3 nodes, against 0.8 × 50 Gi = 40 Gi: fits.
        #expect(cluster.samplesPerDay == 576_000_000)
        #expect(cluster.retainedBytes == 1.728e10)
        #expect(cluster.perNodeBytes == 5.76e9)
        #expect(cluster.writableBytes == 40 * gib)
        #expect(cluster.fits == true)
        #expect(cluster.bytesPerSampleSource == "facts")
        // VMSingle: retention 1 month counted as 30 days, no replication: 576e6 × 30 × 0.5 = 8.64e9 B,
        // above 0.8 × 10 Gi = 8.59e9 B.
        let single = try #require(stores.first { $0.kind == "VMSingle" })
        #expect(single.retentionDays == 30)
        #expect(single.retainedBytes == 8.64e9)
        #expect(single.fits == false)
    }

    @Test("without a declared figure, the measured bytes per sample is used")
    func metricsWithCalibration() throws {
        let plan = try PlanRepository.plan(
            ["vm.yaml": Self.vmcluster],
            facts: "  metrics: {activeSeries: 100000, scrapeInterval: 15s}\n"
        )
        let cluster = try #require(plan.cluster("c1")?.metrics.first { $0.kind == "VMCluster" })
        #expect(cluster.bytesPerSampleSource == "calibration")
        #expect(cluster.bytesPerSample == Calibration.bytesPerSample)
        #expect(cluster.retainedBytes == 576_000_000 * 30 * Calibration.bytesPerSample * 2)
    }
}
