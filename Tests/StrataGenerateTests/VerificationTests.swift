import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("Verification")
struct VerificationTests {
    private static func cronJobs(_ repository: GeneratedRepository, cluster: String) -> [YAMLNode] {
        DataGeneration.documents(repository, "infrastructure/\(cluster)/backups/verification.yaml").filter {
            $0["kind"]?.string == "CronJob"
        }
    }

    @Test("The drill checks, restores and verifies the wiki volume's repository on the verification schedule")
    func defaultDrill() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        #expect(Self.cronJobs(repository, cluster: "infra").isEmpty)
        let jobs = Self.cronJobs(repository, cluster: "apps")
        let job = try #require(jobs.first)
        #expect(jobs.count == 1)
        #expect(job[path: ["spec", "schedule"]]?.string == "0 6 * * 1")
        #expect(job[path: ["spec", "concurrencyPolicy"]]?.string == "Forbid")
        #expect(job[path: ["spec", "jobTemplate", "spec", "activeDeadlineSeconds"]]?.int == 3600)
        let pod = try #require(job[path: ["spec", "jobTemplate", "spec", "template", "spec"]])
        #expect(pod["restartPolicy"]?.string == "Never")
        let container = try #require(pod["containers"]?.items?.first)
        #expect(container["image"]?.string?.hasSuffix(":latest") == false)
        let script = try #require(container["args"]?.items?.first?.string)
        #expect(script.hasPrefix("set -eu\n"))
        #expect(script.contains("restic check"))
        #expect(script.contains("restic restore latest"))
        #expect(container["envFrom"]?.items?.first?[path: ["secretRef", "name"]]?.string == "wiki-data-restic")
        #expect(pod["volumes"]?.items?.first?[path: ["emptyDir", "sizeLimit"]]?.string == "10Gi")
        let secret = try #require(
            DataGeneration.object(
                repository,
                "infrastructure/apps/backups/verification.yaml",
                kind: "ExternalSecret",
                name: "wiki-data-restic"
            )
        )
        #expect(
            secret[path: ["spec", "target", "template", "data", "RESTIC_REPOSITORY"]]?.string
                == "s3:https://minio.nas.monosense.io/backups/volsync/apps/wiki/wiki-data"
        )
    }

    @Test("The second spec gets one drill per protected volume, on its schedule, sized to each volume")
    func secondSpecDrills() throws {
        let repository = DataGeneration.generate(DataGeneration.secondSpec)
        let jobs = Self.cronJobs(repository, cluster: "edge")
        #expect(
            jobs.map { $0[path: ["metadata", "name"]]?.string } == [
                "verify-notes-notes-data", "verify-notes-notes-index",
            ]
        )
        #expect(jobs.allSatisfy { $0[path: ["spec", "schedule"]]?.string == "30 2 * * 3" })
        #expect(
            jobs.allSatisfy {
                $0[path: ["spec", "jobTemplate", "spec", "template", "spec", "containers"]]?.items?.first?["image"]?
                    .string == "registry.lab.example/restic/restic:0.18.0"
            }
        )
        #expect(
            jobs.map {
                $0[path: ["spec", "jobTemplate", "spec", "template", "spec", "volumes"]]?.items?.first?[
                    path: ["emptyDir", "sizeLimit"]
                ]?.string
            } == ["5Gi", "2Gi"]
        )
        #expect(Self.cronJobs(repository, cluster: "infra").isEmpty)
        #expect(Self.cronJobs(repository, cluster: "apps").isEmpty)
    }
}
