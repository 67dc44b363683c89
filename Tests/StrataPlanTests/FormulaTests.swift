import Testing

@testable import StrataPlan

private let gib = 1_073_741_824.0
private let tb = 1e12

@Suite("Capacity formulas")
struct FormulaTests {
    @Test("raw space counts only the failure domains that hold OSDs")
    func rawCountsDomainsWithOSDs() {
        // Two hosts with one 1 TB OSD each, and a host with none: 1e12 + 1e12 = 2e12 bytes.
        let domains = [
            CephMath.Domain(name: "a", osds: 1, bytes: tb),
            CephMath.Domain(name: "b", osds: 1, bytes: tb),
            CephMath.Domain(name: "c", osds: 0, bytes: 0),
        ]
        #expect(CephMath.raw(domains) == 2 * tb)
        #expect(CephMath.dataDomains(domains).map(\.name) == ["a", "b"])
    }

    @Test(
        "usable space is raw times the pool's efficiency",
        arguments: [
            // 3e12 / 3 = 1e12 B = 931.3 GiB.
            (CephMath.Protection.replicated(size: 3), 1e12),
            // 3e12 / 2 = 1.5e12 B = 1397 GiB.
            (.replicated(size: 2), 1.5e12),
            // 3e12 × 2/3 = 2e12 B = 1862.6 GiB.
            (.erasureCoded(dataChunks: 2, codingChunks: 1), 2e12),
            // 3e12 × 4/6 = 2e12 B.
            (.erasureCoded(dataChunks: 4, codingChunks: 2), 2e12),
        ]
    )
    func usableByProtection(protection: CephMath.Protection, expected: Double) {
        #expect(abs(CephMath.usable(raw: 3 * tb, protection: protection) - expected) < 1)
    }

    @Test("the fill ratios scale the usable space")
    func ratios() {
        // 3e12 × 0.85 / 3 = 8.5e11; × 0.95 / 3 = 9.5e11.
        let ratios = CephMath.Ratios.cephDefaults
        #expect(
            abs(CephMath.usable(raw: 3 * tb, protection: .replicated(size: 3), ratio: ratios.nearfull) - 8.5e11) < 1
        )
        #expect(abs(CephMath.usable(raw: 3 * tb, protection: .replicated(size: 3), ratio: ratios.full) - 9.5e11) < 1)
    }

    @Test("three hosts cannot re-replicate a size-3 pool after losing one")
    func noSpareDomain() {
        // Three domains, size 3: two remain, fewer than the three copies need.
        let domains = (1...3).map { CephMath.Domain(name: "n\($0)", osds: 1, bytes: tb) }
        let after = CephMath.afterLosingLargest(domains, protection: .replicated(size: 3))
        #expect(after.remainingDomains == 2)
        #expect(after.remainingRaw == 2 * tb)
        #expect(!after.canReReplicate)
        #expect(after.recoverableData == 0)
        #expect(after.safeFill == 0)
    }

    @Test("the headroom after losing the largest domain is what fits below backfillfull")
    func headroomWithSpare() {
        // Hosts of 1, 1, 1 and 2 TB, size 3: the 2 TB host is lost, 3e12 raw remain on 3 domains.
        // Recoverable data: 3e12 × 0.90 / 3 = 9e11. Nominal usable: 5e12 / 3 = 1.667e12. Safe fill: 0.54.
        let domains = [
            CephMath.Domain(name: "a", osds: 1, bytes: tb),
            CephMath.Domain(name: "b", osds: 1, bytes: tb),
            CephMath.Domain(name: "c", osds: 1, bytes: tb),
            CephMath.Domain(name: "d", osds: 2, bytes: 2 * tb),
        ]
        let after = CephMath.afterLosingLargest(domains, protection: .replicated(size: 3))
        #expect(after.lost == "d")
        #expect(after.canReReplicate)
        #expect(abs(after.recoverableData - 9e11) < 1)
        #expect(abs(after.safeFill - 0.54) < 1e-9)
    }

    @Test(
        "min_size defaults follow Ceph",
        arguments: [
            // size − ⌊size/2⌋: 3 → 2, 2 → 1, 5 → 3; erasure coding k+1: 2+1 → 3, 4+2 → 5.
            (CephMath.Protection.replicated(size: 3), 2),
            (.replicated(size: 2), 1),
            (.replicated(size: 5), 3),
            (.erasureCoded(dataChunks: 2, codingChunks: 1), 3),
            (.erasureCoded(dataChunks: 4, codingChunks: 2), 5),
        ]
    )
    func minSize(protection: CephMath.Protection, expected: Int) {
        #expect(protection.defaultMinSize == expected)
    }

    @Test(
        "a pool's state after losing domains: degraded above min_size, inactive below, lost beyond tolerance",
        arguments: [
            // size 3, min 2: 1 lost → 2 left ≥ 2; 2 lost → 1 left < 2; 3 lost → no copy left.
            (CephMath.Protection.replicated(size: 3), 0, CephMath.PoolState.healthy),
            (.replicated(size: 3), 1, .degraded),
            (.replicated(size: 3), 2, .inactive),
            (.replicated(size: 3), 3, .lost),
            (.replicated(size: 3), 5, .lost),
            // size 2, min 1: 1 lost → 1 left ≥ 1.
            (.replicated(size: 2), 1, .degraded),
            // 2+1, min 3: 1 lost → 2 chunks < 3, still decodable; 2 lost → more than m = 1.
            (.erasureCoded(dataChunks: 2, codingChunks: 1), 1, .inactive),
            (.erasureCoded(dataChunks: 2, codingChunks: 1), 2, .lost),
            // 4+2, min 5: 1 lost → 5 ≥ 5; 2 lost → 4 < 5; 3 lost → more than m = 2.
            (.erasureCoded(dataChunks: 4, codingChunks: 2), 1, .degraded),
            (.erasureCoded(dataChunks: 4, codingChunks: 2), 2, .inactive),
            (.erasureCoded(dataChunks: 4, codingChunks: 2), 3, .lost),
        ]
    )
    func poolState(protection: CephMath.Protection, lost: Int, expected: CephMath.PoolState) {
        #expect(CephMath.state(protection: protection, lost: lost) == expected)
    }

    @Test("VictoriaMetrics storage is series × samples a day × days × bytes per sample × replication")
    func metricsStorage() {
        // 20,000 series every 30 s: 20,000 × 86,400 / 30 = 57.6M samples a day.
        #expect(MetricsMath.samplesPerDay(series: 20_000, scrapeInterval: 30) == 57_600_000)
        // 90 days at 1 B/sample, replication 2: 57.6e6 × 90 × 1 × 2 = 1.0368e10 B; on 3 nodes 3.456e9 each.
        let total = MetricsMath.retainedBytes(
            series: 20_000,
            scrapeInterval: 30,
            retentionDays: 90,
            bytesPerSample: 1,
            replicationFactor: 2
        )
        #expect(total == 1.0368e10)
        #expect(MetricsMath.perNode(total, nodes: 3) == 3.456e9)
        // 20% of a volume stays free: 100 Gi → 80 Gi writable.
        #expect(MetricsMath.writable(volume: 100 * gib) == 80 * gib)
    }

    @Test("a node's memory budget adds Ceph daemons, workloads and the OS reserve")
    func memoryBudget() {
        // 1 OSD × 8 Gi + mon 4 Gi + mgr 2 Gi = 14 Gi of Ceph; + 3 Gi of requests + 612 Mi reserve
        // = 17 Gi + 612 Mi; 64 Gi − that = 47 Gi − 612 Mi free.
        let budget = MemoryBudget(
            node: "n1",
            memory: 64 * gib,
            osds: 1,
            perOSD: 8 * gib,
            mon: 4 * gib,
            mgr: 2 * gib,
            mds: 0,
            workloads: 3 * gib,
            osReserve: MemoryBudget.talosControlPlaneReserve
        )
        #expect(budget.ceph == 14 * gib)
        #expect(budget.total == 17 * gib + 612 * 1_048_576)
        #expect(budget.free == 47 * gib - 612 * 1_048_576)
    }
}
