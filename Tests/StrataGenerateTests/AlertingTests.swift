import Foundation
import StrataCore
import StrataPlatform
import StrataTestSupport
import StrataYAML
import Testing

@testable import StrataGenerate

@Suite("Alerting")
struct AlertingTests {
    static let promtool: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        "A schedule's longest interval is the longest wait between two runs",
        arguments: [
            ("0 2 * * *", 86_400),
            ("0 3 * * 0", 604_800),
            ("0 0 */6 * * *", 21_600),
            ("0 30 */12 * * *", 43_200),
            ("*/15 * * * *", 900),
            ("0 9 1 * *", 31 * 86_400),
            ("0 0 * * MON-FRI", 3 * 86_400),
            ("30 1,13 * * *", 43_200),
            ("0 6 * * 1", 604_800),
        ]
    )
    func longestInterval(_ schedule: String, _ seconds: Int) {
        #expect(AlertingSchedule.longestInterval(schedule) == seconds)
    }

    @Test(
        "Schedules that never run or are not cron give no interval",
        // robfig/cron, which the controllers parse schedules with, refuses day-of-week 7.
        arguments: ["0 0 30 2 *", "daily", "61 * * * *", "0 3 * * 7"]
    )
    func noInterval(_ schedule: String) {
        #expect(AlertingSchedule.longestInterval(schedule) == nil)
    }

    @Test("Durations use the largest exact unit")
    func durations() {
        #expect(AlertingSchedule.duration(seconds: 86_400) == "1d")
        #expect(AlertingSchedule.duration(seconds: 604_800) == "1w")
        #expect(AlertingSchedule.duration(seconds: 21_600) == "6h")
        #expect(AlertingSchedule.duration(seconds: 5_400) == "90m")
        #expect(AlertingSchedule.duration(seconds: 45) == "45s")
    }

    static func rules(_ spec: PlatformSpec) -> [String: [YAMLNode]] {
        let repository = MetricsFixture.generate(spec)
        let objects = MetricsFixture.objects(repository, cluster: spec.metrics.cluster, layer: .observability)
        var result: [String: [YAMLNode]] = [:]
        for rule in objects where rule["kind"]?.string == "VMRule" {
            let name = rule[path: ["metadata", "name"]]?.string ?? ""
            result[name] = (rule[path: ["spec", "groups"]]?.items ?? []).flatMap { $0["rules"]?.items ?? [] }
        }
        return result
    }

    @Test("Ceph rules use the spec's ratios and monitor count", arguments: [0, 1])
    func cephThresholds(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let ceph = try #require(Self.rules(spec)["ceph"])
        func expression(_ alert: String) -> String? {
            ceph.first { $0["alert"]?.string == alert }?["expr"]?.string
        }
        let provider = try #require(spec.clusters.first { $0.ceph == .provider })
        #expect(expression("CephOSDNearFull")?.hasSuffix("> \(index == 0 ? "0.85" : "0.75")") == true)
        #expect(expression("CephOSDBackfillFull")?.hasSuffix("> \(index == 0 ? "0.9" : "0.8")") == true)
        #expect(expression("CephOSDFull")?.hasSuffix("> \(index == 0 ? "0.95" : "0.9")") == true)
        #expect(expression("CephMonDown")?.hasSuffix("< \(spec.storage.ceph.mons)") == true)
        // Three monitors are at risk with two in quorum, five with three.
        #expect(expression("CephMonQuorumAtRisk")?.hasSuffix("<= \(index == 0 ? 2 : 3)") == true)
        #expect(expression("CephHealthError")?.contains("cluster=\"\(provider.name)\"") == true)
    }

    @Test("A late backup is twice its own schedule", arguments: [0, 1])
    func backupDeadlines(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let backups = try #require(Self.rules(spec)["backups"])
        let volumes = backups.filter { $0["alert"]?.string == "VolSyncBackupLate" }
        // The default spec's one volume is daily; the second spec's are every 4 hours and weekly.
        let expected: [String: String] = index == 0 ? ["wiki-data": "1d"] : ["wiki-data": "4h", "wiki-uploads": "1w"]
        #expect(volumes.count == expected.count)
        for (volume, duration) in expected {
            let rule = try #require(volumes.first { $0["expr"]?.string?.contains("obj_name=\"\(volume)\"") == true })
            #expect(rule["for"]?.string == duration)
            let application = try #require(spec.applications.first)
            #expect(rule["expr"]?.string?.contains("cluster=\"\(application.cluster)\"") == true)
        }
        let postgres = try #require(backups.first { $0["alert"]?.string == "PostgresBackupLate" }?["expr"]?.string)
        #expect(postgres.contains("> \(index == 0 ? 43_200 : 86_400)"))
        #expect(postgres.contains("pod=~\"\(spec.databases[0].name)-[0-9]+\""))
        let velero = try #require(backups.first { $0["alert"]?.string == "VeleroBackupLate" }?["expr"]?.string)
        #expect(velero.hasSuffix("> \(index == 0 ? 1_209_600 : 172_800)"))
    }

    @Test("Every cluster of the spec is watched for missing metrics", arguments: [0, 1])
    func everyClusterWatched(_ index: Int) throws {
        let spec = MetricsFixture.specs[index].1
        let flux = try #require(Self.rules(spec)["flux"])
        for cluster in spec.clusters {
            #expect(flux.contains { $0["expr"]?.string?.contains("cluster=\"\(cluster.name)\"") == true })
        }
        #expect(!flux.contains { $0["expr"]?.string?.contains("gotk_reconcile_condition") == true })
    }

    @Test("Every rule group passes promtool check rules", .enabled(if: promtool != nil), arguments: [0, 1])
    func promtoolAccepts(_ index: Int) throws {
        let promtool = try #require(Self.promtool)
        let repository = MetricsFixture.generate(MetricsFixture.specs[index].1)
        let rules = MetricsFixture.objects(repository, under: "infrastructure").filter {
            $0["kind"]?.string == "VMRule"
        }
        #expect(rules.count == 3)
        var files: [String: String] = [:]
        for rule in rules {
            let name = rule[path: ["metadata", "name"]]?.string ?? "rules"
            let groups = try #require(rule[path: ["spec", "groups"]])
            files["\(name).yaml"] = YAMLWriter.write(["groups": groups])
        }
        let directory = try TemporaryRepository(files)
        for file in files.keys.sorted() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: promtool)
            process.arguments = ["check", "rules", directory.path(file)]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(file): \(text)")
            #expect(!text.contains("duplicate"), "\(file): \(text)")
        }
    }
}
