import Testing

@testable import StrataPlan

private let gib = 1_073_741_824.0

@Suite("Failure scenarios")
struct ScenarioTests {
    /// Four storage nodes (1, 1, 1 and 2 TB), three monitors, a size-3 pool; a storage layer (20 m timeout) and
    /// an application layer after it (5 m); an application volume backed up every 6 h, a database archiving WAL,
    /// and metrics with replication 2 on three vmstorage nodes and no backup.
    static func plan() throws -> Plan {
        try PlanRepository.plan(
            [
                "flux.yaml": """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: storage, namespace: flux-system}
                spec:
                  interval: 10m
                  timeout: 20m
                  retryInterval: 2m
                  wait: true
                  path: ./storage
                  sourceRef: {kind: GitRepository, name: flux-system}
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: apps, namespace: flux-system}
                spec:
                  dependsOn: [{name: storage}]
                  interval: 10m
                  timeout: 5m
                  wait: true
                  path: ./apps
                  sourceRef: {kind: GitRepository, name: flux-system}
                """
            ],
            other: [
                "storage/kustomization.yaml": "resources: [ceph.yaml, classes.yaml]\n",
                "storage/ceph.yaml": """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  mon: {count: 3, allowMultiplePerNode: false}
                  storage:
                    useAllNodes: false
                    nodes:
                      - {name: n1, devices: [{name: sdb}]}
                      - {name: n2, devices: [{name: sdb}]}
                      - {name: n3, devices: [{name: sdb}]}
                      - {name: n4, devices: [{name: sdb}]}
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: replicapool, namespace: rook-ceph}
                spec:
                  failureDomain: host
                  replicated: {size: 3}
                """,
                "storage/classes.yaml": BackupCoverageTests.classes,
                "apps/kustomization.yaml": "resources: [apps.yaml]\n",
                "apps/apps.yaml": """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data, namespace: app}
                spec:
                  resources: {requests: {storage: 10Gi}}
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: data, namespace: app}
                spec:
                  sourcePVC: data
                  trigger: {schedule: "0 */6 * * *"}
                  restic: {repository: data-restic}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: db}
                spec:
                  instances: 3
                  storage: {size: 20Gi}
                  backup:
                    barmanObjectStore: {destinationPath: "s3://backups/pg"}
                ---
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
                          resources: {requests: {storage: 10Gi}}
                """,
            ],
            facts: """
                  restoreThroughput: 100Mi
                  nodes:
                    - {cluster: c1, name: n1, memory: 16Gi, disks: [{device: sdb, size: 1T}]}
                    - {cluster: c1, name: n2, memory: 16Gi, disks: [{device: sdb, size: 1T}]}
                    - {cluster: c1, name: n3, memory: 16Gi, disks: [{device: sdb, size: 1T}]}
                    - {cluster: c1, name: n4, memory: 16Gi, disks: [{device: sdb, size: 2T}]}
                  objectives:
                    - {namespace: app, rpo: 1h, rto: 1h}
                    - {scenario: cluster, rpo: 12h, rto: 30m}
                """
        )
    }

    private func scenario(_ plan: Plan, _ id: String, _ target: String?) throws -> Plan.Scenario {
        try #require(plan.scenarios.first { $0.id == id && $0.target == target })
    }

    private func state(_ scenario: Plan.Scenario, _ component: String) -> String? {
        scenario.effects.first { $0.component.hasPrefix(component) }?.state
    }

    @Test("the capacity of four hosts of 1, 1, 1 and 2 TB with a size-3 pool")
    func capacity() throws {
        let ceph = try #require(try Self.plan().cluster("c1")?.ceph.first)
        // Raw 5e12; usable 5e12 / 3; losing the 2 TB host leaves 3e12 on 3 hosts: 3e12 × 0.90 / 3 = 9e11.
        #expect(ceph.rawBytes == 5e12)
        let pool = try #require(ceph.pools.first)
        #expect(abs((pool.usableBytes ?? 0) - 5e12 / 3) < 1)
        #expect(pool.afterLargestLoss?.lost == "n4")
        #expect(pool.afterLargestLoss?.canReReplicate == true)
        #expect(abs((pool.afterLargestLoss?.recoverableBytes ?? 0) - 9e11) < 1)
        // Claims on the pool: 10 Gi + 3 × 20 Gi + 3 × 10 Gi = 100 Gi.
        #expect(pool.provisionedBytes == 100 * gib)
    }

    @Test("one node: quorum and every copy's majority survive, pods fail over in 5m40s")
    func oneNode() throws {
        let plan = try Self.plan()
        let scenario = try scenario(plan, "node", "n1")
        #expect(state(scenario, "Ceph monitors") == "degraded")
        #expect(state(scenario, "pool replicapool") == "degraded")
        #expect(state(scenario, "VMCluster") == "degraded")
        #expect(state(scenario, "CNPG Cluster") == "degraded")
        #expect(scenario.dataLoss.isEmpty)
        // Node monitor grace 40 s + eviction toleration 300 s = 340 s.
        #expect(scenario.recovery.first?.totalSeconds == 340)
        let app = try #require(scenario.objectives.first { $0.namespace == "app" })
        #expect(app.rpoSeconds == 0)
        #expect(app.rpoMet == true)
        // 3,600 − 340 = 3,260 s to spare.
        #expect(app.rtoMarginSeconds == 3_260)
    }

    @Test("two nodes: the monitors lose quorum and Ceph stops, with the pool and what lives on it")
    func twoNodes() throws {
        let plan = try Self.plan()
        // The two with the most OSD space: n4 (2 TB), then n1 by name.
        let scenario = try scenario(plan, "two-nodes", "n1+n4")
        #expect(state(scenario, "Ceph monitors") == "stopped")
        #expect(state(scenario, "pool replicapool") == "stopped")
        #expect(state(scenario, "VMCluster") == "stopped")
        #expect(scenario.dataLoss.isEmpty)
        #expect(scenario.recovery.first?.totalSeconds == nil)
    }

    @Test("the whole cluster: Flux's critical path plus every restore, against each objective")
    func wholeCluster() throws {
        let plan = try Self.plan()
        let scenario = try scenario(plan, "cluster", "c1")
        let losses = Dictionary(uniqueKeysWithValues: scenario.dataLoss.map { ($0.volume, $0) })
        // Every 6 h; WAL every 5 min; metrics have no backup.
        #expect(losses["data"]?.rpoSeconds == 21_600)
        #expect(losses["pg-N"]?.rpoSeconds == 300)
        #expect(losses["vmstorage-db-vmstorage-vm-N"]?.rpoSeconds == nil)
        // Flux: storage ready at 1,200 s; apps starts 1,230 s, ready 1,530 s.
        // Restore: 10 Gi + one 20 Gi database instance = 30 Gi at 100 Mi/s = 307.2 s; 1,530 + 307.2 = 1,837.2 s.
        let recovery = try #require(scenario.recovery.first)
        #expect(recovery.bootstrapSeconds == 1_530)
        #expect(recovery.restoreBytes == 30 * gib)
        #expect(abs((recovery.restoreSeconds ?? 0) - 307.2) < 1e-9)
        #expect(abs((recovery.totalSeconds ?? 0) - 1_837.2) < 1e-9)
        // The cluster objective (12 h, 30 min): the metrics are lost entirely; 1,837.2 s is 37.2 s over 1,800 s.
        let whole = try #require(scenario.objectives.first { $0.namespace == nil })
        #expect(whole.rpoUnbounded)
        #expect(whole.rpoMet == false)
        #expect(whole.rtoMet == false)
        #expect(abs((whole.rtoMarginSeconds ?? 0) + 37.2) < 1e-9)
        // The app namespace (1 h, 1 h): 6 h of data lost, 5 h over; back when apps is ready and its 10 Gi are
        // restored: 1,530 + 102.4 = 1,632.4 s, 1,967.6 s to spare.
        let app = try #require(scenario.objectives.first { $0.namespace == "app" })
        #expect(app.rpoSeconds == 21_600)
        #expect(app.rpoMarginSeconds == -18_000)
        #expect(abs((app.rtoSeconds ?? 0) - 1_632.4) < 1e-9)
        #expect(app.rtoMet == true)
    }

    @Test("Ceph corruption: everything on Ceph is restored after the storage layer and what waits for it")
    func cephCorruption() throws {
        let plan = try Self.plan()
        let scenario = try scenario(plan, "ceph-corruption", "c1/rook-ceph/rook-ceph")
        #expect(state(scenario, "pool replicapool") == "lost")
        #expect(Set(scenario.dataLoss.map(\.volume)) == ["data", "pg-N", "vmstorage-db-vmstorage-vm-N"])
        // From the storage layer's start (0 s) to apps ready (1,530 s), plus 307.2 s of restores.
        let recovery = try #require(scenario.recovery.first)
        #expect(recovery.bootstrapSeconds == 1_530)
        #expect(abs((recovery.totalSeconds ?? 0) - 1_837.2) < 1e-9)
    }

    @Test("the object store: nothing stops or is lost, but every off-cluster backup stops")
    func objectStore() throws {
        let plan = try Self.plan()
        let scenario = try scenario(plan, "object-store", nil)
        #expect(scenario.dataLoss.isEmpty)
        #expect(
            Set(scenario.effects.map(\.component)) == ["volsync app/ReplicationSource/data", "cnpg-wal db/Cluster/pg"]
        )
        #expect(scenario.effects.allSatisfy { $0.state == "stopped" })
        #expect(scenario.recovery.first?.totalSeconds == 0)
    }
}
