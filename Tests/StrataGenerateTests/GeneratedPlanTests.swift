import Foundation
import StrataCore
import StrataGenerate
import StrataPlan
import StrataPlatform
import Testing

/// `strata plan` on what `strata generate` writes for the default spec: the numbers the plan reads back from
/// the manifests and `strata.yaml` are the spec's numbers, worked through by hand below.
@Suite("Plan of the generated default platform")
struct GeneratedPlanTests {
    static let plan: Plan? = {
        guard let directory = try? GenerationHarness.write(RepositoryGenerator(spec: DefaultPlatform.spec).generate())
        else { return nil }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return Planner().plan(root: directory, into: DiagnosticCollector()).plan
    }()

    @Test("Ceph: three 1 TB OSDs on infra are 3e12 bytes raw and 1e12 usable at size 3; apps has no Ceph of its own")
    func ceph() throws {
        let plan = try #require(Self.plan)
        let ceph = try #require(plan.cluster("infra")?.ceph.first)
        // 3 hosts × 1,000 GB.
        #expect(ceph.rawBytes == 3e12)
        #expect(ceph.domains.count == 3)
        let pool = try #require(ceph.pools.first { $0.name == "replicapool" })
        // 3e12 / 3 replicas.
        #expect(pool.usableBytes == 1e12)
        #expect(pool.afterLargestLoss?.remainingDomains == 2)
        #expect(plan.cluster("apps")?.ceph.allSatisfy { $0.rawBytes == 0 } ?? true)
    }

    @Test("Metrics: the VMCluster keeps 90 days at replication 2 on three 100 Gi volumes, 20,000 series every 30 s")
    func metrics() throws {
        let plan = try #require(Self.plan)
        let store = try #require(plan.cluster("infra")?.metrics.first)
        #expect(store.retentionDays == 90)
        #expect(store.replicationFactor == 2)
        #expect(store.storageNodes == 3)
        #expect(store.volumeBytes == Double(100 * 1_073_741_824))
        #expect(store.activeSeries == 20_000)
        #expect(store.scrapeIntervalSeconds == 30)
    }

    @Test("Backups: the wiki volume is protected by VolSync nightly, so its recovery point is one day")
    func wikiVolume() throws {
        let plan = try #require(Self.plan)
        let volume = try #require(plan.cluster("apps")?.volumes.first { $0.name == "wiki-data" })
        #expect(volume.protections.contains { $0.kind.lowercased().contains("volsync") && $0.offsite })
        // "0 2 * * *": one run a day.
        #expect(volume.rpoSeconds == 86_400)
        #expect(plan.restoreThroughputBytesPerSecond == Double(100 * 1_048_576))
    }

    @Test("Every failure scenario is planned and judged against the spec's objectives")
    func scenarios() throws {
        let plan = try #require(Self.plan)
        let ids = Set(plan.scenarios.map(\.id))
        for scenario in ["node", "two-nodes", "cluster", "all-clusters", "object-store", "ceph-corruption"] {
            #expect(ids.contains(scenario), "no '\(scenario)' scenario in \(ids.sorted())")
        }
        #expect(plan.scenarios.contains { !$0.objectives.isEmpty })
    }
}
