import Foundation
import StrataCore
import Testing

@testable import StrataPlan

private let gib = 1_073_741_824.0

/// The repository fixtures below `Tests/Fixtures/repos`.
enum Fixtures {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/repos").path

    /// Plans a fixture as `strata plan` does.
    static func plan(_ name: String) -> Plan {
        let path = URL(fileURLWithPath: root + "/" + name).resolvingSymlinksInPath().path
        return Planner().plan(root: path, into: DiagnosticCollector()).plan
    }
}

/// `strata plan` on the seed's design as written, end to end, with each figure checked against the corrected
/// numbers of its review (SEED-REVIEW, items cited by number).
@Suite("Plan of the seed design")
struct SeedPlanTests {
    static let plan = Fixtures.plan("seed-as-written")

    var infra: Plan.ClusterPlan { Self.plan.cluster("infra") ?? Plan.ClusterPlan.empty }

    @Test("item 47: three 1 TB OSDs are 2,794 GiB raw, 931 GiB at size 3, and the 900 Gi quota is 97% of it")
    func cephCapacity() throws {
        let ceph = try #require(infra.ceph.first)
        // 3 × 1e12 B = 3e12 B = 2,794.0 GiB.
        #expect(ceph.rawBytes == 3e12)
        #expect(PlanFormat.bytes(ceph.rawBytes) == "2,794 GiB")
        let pool = try #require(ceph.pools.first { $0.name == "replicapool" })
        // 3e12 / 3 = 1e12 B = 931.3 GiB.
        #expect(pool.usableBytes == 1e12)
        #expect(PlanFormat.bytes(pool.usableBytes) == "931 GiB")
        // 900 Gi = 9.664e11 B = 96.6% of 1e12: above nearfull (0.85), backfillfull (0.90) and full (0.95).
        let quota = try #require(pool.quotaBytes)
        #expect(PlanFormat.percent(quota / 1e12) == "96.6%")
        #expect(quota > (pool.fullBytes ?? .infinity))
    }

    @Test("item 49: erasure coding 2+1 gives 1,862 GiB and 2 replicas 1,397 GiB, and 2+1 stops on one host lost")
    func alternatives() throws {
        let ceph = try #require(infra.ceph.first)
        let domains = ceph.domains.map { CephMath.Domain(name: $0.name, osds: $0.osds, bytes: $0.rawBytes) }
        let raw = CephMath.raw(domains)
        // 3e12 × 2/3 = 2e12 B = 1,862.6 GiB; 3e12 / 2 = 1.5e12 B = 1,397 GiB.
        let coded = CephMath.Protection.erasureCoded(dataChunks: 2, codingChunks: 1)
        #expect(PlanFormat.bytes(CephMath.usable(raw: raw, protection: coded)) == "1,863 GiB")
        #expect(PlanFormat.bytes(CephMath.usable(raw: raw, protection: .replicated(size: 2))) == "1,397 GiB")
        // min_size k+1 = 3: one host lost leaves 2 chunks, so placement groups go inactive; no fourth host.
        #expect(CephMath.state(protection: coded, lost: 1) == .inactive)
        #expect(!CephMath.afterLosingLargest(domains, protection: coded).canReReplicate)
    }

    @Test("item 50: about 85% is practically usable, nothing re-replicates after a host loss, VM's 300 Gi is 32%")
    func overheads() throws {
        let pool = try #require(infra.ceph.first?.pools.first { $0.name == "replicapool" })
        // nearfull: 0.85 × 1e12 = 8.5e11 B.
        #expect(pool.nearfullBytes == 8.5e11)
        #expect(pool.afterLargestLoss?.canReReplicate == false)
        #expect(pool.afterLargestLoss?.remainingDomains == 2)
        // 3 × 100 Gi = 3.221e11 B of 1e12: 32.2%.
        let vmstorage = try #require(
            infra.volumes.first { $0.declaredBy == "VMCluster/vmcluster" && $0.role == "data" }
        )
        #expect(PlanFormat.percent((vmstorage.totalBytes ?? 0) / (pool.usableBytes ?? 1)) == "32.2%")
    }

    @Test("items 33 and 35: the OSD's memory is Rook's 8 Gi limit, not the ignored storage.config target")
    func memory() throws {
        let node = try #require(infra.memory.first { $0.node == "prod-01" })
        #expect(node.osds == 1)
        #expect(node.perOSD == 8 * gib)
        // 8 (OSD limit) + 4 (mon limit) + 2 (mgr limit) + 4 (MDS limit) = 18 Gi of Ceph daemons on 64 Gi.
        #expect(node.ceph == 18 * gib)
        #expect(node.free > 0)
    }

    @Test("item 60: 57.6M samples a day, and the document's 180 GB for 90 days is 20 to 35 times too much")
    func metrics() throws {
        let store = try #require(infra.metrics.first { $0.kind == "VMCluster" })
        // 20,000 × 2 × 1,440 = 57,600,000.
        #expect(store.samplesPerDay == 57_600_000)
        #expect(store.bytesPerSampleSource == "calibration")
        let single = (store.retainedBytes ?? 0) / Double(store.replicationFactor)
        // The document: "~1-2GB" a day, "~180GB" for 90 days; measured: 57.6e6 × 90 × bytes per sample.
        let factor = 180e9 / single
        #expect(factor > 20 && factor < 35, "180 GB is \(factor) times the measured figure")
        // Replication 2 over 3 nodes against 80% of 100 Gi each: fits with room to spare.
        #expect(store.fits == true)
        #expect((store.perNodeBytes ?? .infinity) < 0.1 * (store.writableBytes ?? 0))
    }

    @Test("items 69, 75 and 90: what protects the data, and how much of it a cluster loss takes")
    func backups() throws {
        // 69: VolSync names `postgres-data`, which CloudNativePG never creates (its claims are postgres-N).
        #expect(infra.unmatchedBackups.map(\.target) == ["postgres-data"])
        // 90: that ReplicationSource runs every 6 h (the document's PostgreSQL RPO) …
        #expect(infra.unmatchedBackups.first?.intervalSeconds == 21_600)
        let postgres = try #require(infra.volumes.first { $0.name == "postgres-N" })
        #expect(postgres.count == 3)
        // … so the database's own claims are only in the weekly Velero schedule (90: "7 days"), whose CSI
        // snapshots stay in Ceph (75): nothing off the cluster protects them.
        let velero = try #require(postgres.protections.first { $0.kind == "velero" })
        #expect(velero.intervalSeconds == 604_800)
        #expect(!velero.offsite)
        #expect(postgres.rpoSeconds == nil)
        // 90: "total loss for metrics".
        let metrics = try #require(infra.volumes.first { $0.declaredBy == "VMCluster/vmcluster" && $0.role == "data" })
        #expect(metrics.rpoSeconds == nil)
        let cluster = try #require(Self.plan.scenarios.first { $0.id == "cluster" && $0.target == "infra" })
        let lost = Set(cluster.dataLoss.filter { $0.rpoSeconds == nil }.map(\.volume))
        #expect(lost == ["postgres-N", "vmstorage-db-vmstorage-vmcluster-N"])
        // 90: the promised 6 h RPO for the infra cluster and for both clusters is not met.
        let judgement = try #require(cluster.objectives.first { $0.cluster == "infra" })
        #expect(judgement.rpoMet == false)
        #expect(judgement.rpoUnbounded)
        let both = try #require(Self.plan.scenarios.first { $0.id == "all-clusters" })
        let promise = try #require(both.objectives.first { $0.cluster == nil })
        #expect(promise.rpoObjectiveSeconds == 21_600)
        #expect(promise.rpoMet == false)
    }

    @Test("items 81 and I: the infra bootstrap path waits out every timeout, 57 minutes before restores")
    func recoveryTime() throws {
        let bootstrap = infra.bootstrap
        // crds (no wait) → operators 30 s … 630 s → storage 660 … 1,860 s (the 20 m timeout the HEALTH_OK gate
        // of item 81 always runs into) → platform-services 1,890 … 2,790 s → databases 2,820 … 3,420 s.
        #expect(
            bootstrap.criticalPath == [
                "flux-system/flux-system", "flux-system/crds", "flux-system/operators", "flux-system/storage",
                "flux-system/platform-services", "flux-system/databases",
            ]
        )
        #expect(bootstrap.criticalPathSeconds == 3_420)
        #expect(bootstrap.kustomization("flux-system/storage")?.readySeconds == 1_860)
        // Scenario 3 (infra lost, "RTO ~2 hours"): nothing can be restored, so recovery is the path alone, which
        // leaves 2 h − 57 m = 63 m for what the model does not count (item 85: Talos, etcd, the CNI, bootstrap).
        let cluster = try #require(Self.plan.scenarios.first { $0.id == "cluster" && $0.target == "infra" })
        #expect(cluster.recovery.first?.totalSeconds == 3_420)
        let judgement = try #require(cluster.objectives.first { $0.cluster == "infra" })
        #expect(judgement.rtoMarginSeconds == 3_780)
        // Scenario 2 (apps lost, "RTO ~30 minutes"): infra-minimal 10 m, then apps 30 s later for 5 m: 15m30s.
        let apps = try #require(Self.plan.scenarios.first { $0.id == "cluster" && $0.target == "apps" })
        #expect(apps.recovery.first?.totalSeconds == 930)
    }

    @Test("items 64 and 89: the apps cluster has no Ceph, so nothing of its own survives there to mount")
    func appsCluster() throws {
        let apps = try #require(Self.plan.cluster("apps"))
        #expect(apps.ceph.isEmpty)
        #expect(apps.volumes.isEmpty)
    }

    @Test("item 87: one node lost leaves the pools degraded with no spare host; two lose the monitors' quorum")
    func nodeLoss() throws {
        let one = try #require(Self.plan.scenarios.first { $0.id == "node" && $0.target == "prod-01" })
        let pool = try #require(one.effects.first { $0.component == "pool replicapool" })
        #expect(pool.state == "degraded")
        #expect(pool.detail.contains("no spare host"))
        let two = try #require(Self.plan.scenarios.first { $0.id == "two-nodes" && $0.target == "prod-01+prod-02" })
        #expect(two.effects.first { $0.component.hasPrefix("Ceph monitors") }?.state == "stopped")
    }
}

extension Plan.ClusterPlan {
    /// A plan of nothing, for tests that look a cluster up.
    static let empty = Plan.ClusterPlan(
        name: "",
        ceph: [],
        memory: [],
        metrics: [],
        volumes: [],
        unmatchedBackups: [],
        bootstrap: Plan.Bootstrap(
            kustomizations: [],
            criticalPath: [],
            criticalPathSeconds: 0,
            withOneRetrySeconds: 0,
            requeueSeconds: 0
        ),
        network: Plan.Network(
            nodeSubnets: [],
            nodeAddresses: [],
            podSubnets: [],
            serviceSubnets: [],
            loadBalancerPools: [],
            bgp: []
        )
    )
}
