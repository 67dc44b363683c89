import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("VolSync")
struct VolSyncTests {
    @Test("The default wiki volume is backed up from a snapshot into its own repository on the default schedule")
    func defaultSource() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        let file = "apps/apps/wiki/backup.yaml"
        let source = try #require(DataGeneration.object(repository, file, kind: "ReplicationSource"))
        #expect(source[path: ["metadata", "namespace"]]?.string == "wiki")
        #expect(source[path: ["spec", "sourcePVC"]]?.string == "wiki-data")
        #expect(source[path: ["spec", "trigger", "schedule"]]?.string == "0 2 * * *")
        let restic = try #require(source[path: ["spec", "restic"]])
        #expect(restic["copyMethod"]?.string == "Snapshot")
        #expect(restic["volumeSnapshotClassName"]?.string == "ceph-block-snapshot")
        #expect(restic["repository"]?.string == "wiki-data-restic")
        #expect(restic[path: ["retain", "daily"]]?.int == 7)
        #expect(restic[path: ["retain", "monthly"]]?.int == 6)
        #expect(restic[path: ["retain", "hourly"]] == nil)
        let secret = try #require(DataGeneration.object(repository, file, kind: "ExternalSecret"))
        #expect(
            secret[path: ["spec", "target", "template", "data", "RESTIC_REPOSITORY"]]?.string
                == "s3:https://minio.nas.monosense.io/backups/volsync/apps/wiki/wiki-data"
        )
        #expect(
            secret[path: ["spec", "data"]]?.items?.map { $0["secretKey"]?.string } == [
                "RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            ]
        )
        let release = try #require(
            DataGeneration.object(repository, "infrastructure/apps/operators/volsync.yaml", kind: "HelmRelease")
        )
        #expect(release[path: ["spec", "chart", "spec", "version"]]?.string == "0.16.0")
        // Without it the controller answers only scrapers allowed by a SubjectAccessReview.
        #expect(release[path: ["spec", "values", "metrics", "disableAuth"]]?.bool == true)
        #expect(repository.files["infrastructure/infra/operators/volsync.yaml"] == nil)
    }

    @Test("The DR destination can run: one-shot, a copy method, and the volume it creates fully described")
    func destinationCanRun() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        let destination = try #require(
            DataGeneration.object(repository, "apps/apps/wiki/backup.yaml", kind: "ReplicationDestination")
        )
        #expect(destination[path: ["spec", "trigger", "manual"]] != nil)
        #expect(destination[path: ["spec", "trigger", "schedule"]] == nil)
        let restic = try #require(destination[path: ["spec", "restic"]])
        #expect(restic["copyMethod"]?.string == "Snapshot")
        #expect(restic["destinationPVC"] == nil)
        #expect(restic["capacity"]?.string == "10Gi")
        #expect(restic["storageClassName"]?.string == "ceph-block")
        #expect(restic["volumeSnapshotClassName"]?.string == "ceph-block-snapshot")
        #expect(restic["accessModes"]?.items?.map(\.string) == ["ReadWriteOnce"])
        #expect(restic["repository"]?.string == "wiki-data-restic")
    }

    @Test("Volumes follow the second spec: own schedule and retention, Direct without snapshots, none unprotected")
    func secondSpecSources() throws {
        let repository = DataGeneration.generate(DataGeneration.secondSpec)
        let documents = DataGeneration.documents(repository, "apps/edge/notes/backup.yaml")
        let sources = documents.filter { $0["kind"]?.string == "ReplicationSource" }
        #expect(sources.map { $0[path: ["spec", "sourcePVC"]]?.string } == ["notes-data", "notes-index"])
        #expect(sources.map { $0[path: ["spec", "trigger", "schedule"]]?.string } == ["0 */6 * * *", "15 */4 * * *"])
        #expect(sources.map { $0[path: ["spec", "restic", "copyMethod"]]?.string } == ["Snapshot", "Direct"])
        #expect(sources[0][path: ["spec", "restic", "volumeSnapshotClassName"]]?.string == "ceph-ec-snapshot")
        #expect(sources[1][path: ["spec", "restic", "volumeSnapshotClassName"]] == nil)
        #expect(sources[0][path: ["spec", "restic", "retain", "hourly"]]?.int == 12)
        #expect(sources[1][path: ["spec", "restic", "retain", "weekly"]]?.int == 8)
        let destinations = documents.filter { $0["kind"]?.string == "ReplicationDestination" }
        #expect(destinations.map { $0[path: ["metadata", "name"]]?.string } == ["notes-data-restore"])
        #expect(destinations.first?[path: ["spec", "restic", "capacity"]]?.string == "5Gi")
        let urls = documents.filter { $0["kind"]?.string == "ExternalSecret" }.map {
            $0[path: ["spec", "target", "template", "data", "RESTIC_REPOSITORY"]]?.string
        }
        #expect(
            urls == [
                "s3:https://s3.lab.example/dr/volsync/edge/notes/notes-data",
                "s3:https://s3.lab.example/dr/volsync/edge/notes/notes-index",
            ]
        )
        #expect(repository.files["infrastructure/edge/operators/volsync.yaml"] != nil)
        #expect(repository.files["infrastructure/apps/operators/volsync.yaml"] == nil)
    }

    @Test("Every protected volume of a spec has its own restic repository", arguments: ["default", "second"])
    func repositoriesAreUnique(name: String) {
        let spec = DataGeneration.spec(named: name)
        let context = GenerationContext(spec: spec)
        let repositories = spec.clusters.flatMap { VolSyncRepository.all(in: $0.name, context: context) }
        #expect(!repositories.isEmpty)
        #expect(Set(repositories.map(\.url)).count == repositories.count)
    }
}
