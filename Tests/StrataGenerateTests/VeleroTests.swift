import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("Velero")
struct VeleroTests {
    private static func values(_ repository: GeneratedRepository, cluster: String) -> YAMLNode? {
        DataGeneration.object(repository, "infrastructure/\(cluster)/backups/velero.yaml", kind: "HelmRelease")?[
            path: ["spec", "values"]
        ]
    }

    @Test("Every cluster gets Velero with CSI enabled, no CSI plugin or snapshot location, and data moved off Ceph")
    func defaultVelero() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        for cluster in ["infra", "apps"] {
            let values = try #require(Self.values(repository, cluster: cluster))
            #expect(values[path: ["configuration", "features"]]?.string == "EnableCSI")
            #expect(values["snapshotsEnabled"]?.bool == false)
            #expect(values["deployNodeAgent"]?.bool == true)
            let plugins = values["initContainers"]?.items?.compactMap { $0["image"]?.string } ?? []
            #expect(plugins.count == 1)
            #expect(plugins.allSatisfy { !$0.contains("plugin-for-csi") })
            let location = try #require(values[path: ["configuration", "backupStorageLocation"]]?.items?.first)
            #expect(location["bucket"]?.string == "backups")
            #expect(location["prefix"]?.string == "velero/\(cluster)")
            #expect(location[path: ["config", "s3Url"]]?.string == "https://minio.nas.monosense.io")
            #expect(location[path: ["config", "checksumAlgorithm"]]?.string == "")
            let schedule = try #require(values[path: ["schedules", "default"]])
            #expect(schedule["schedule"]?.string == "0 3 * * 0")
            #expect(schedule[path: ["template", "ttl"]]?.string == "720h")
            #expect(schedule[path: ["template", "snapshotMoveData"]]?.bool == true)
            #expect(values[path: ["credentials", "existingSecret"]]?.string == "velero-credentials")
        }
        let infra = try #require(Self.values(repository, cluster: "infra"))
        #expect(
            infra[path: ["schedules", "default", "template", "excludedNamespaces"]]?.items?.map(\.string) == [
                "databases"
            ]
        )
        let apps = try #require(Self.values(repository, cluster: "apps"))
        #expect(apps[path: ["schedules", "default", "template", "excludedNamespaces"]] == nil)
    }

    @Test("The credentials file is built from the object store's item by an ExternalSecret")
    func credentials() throws {
        let repository = DataGeneration.generate(DataGeneration.secondSpec)
        let secret = try #require(
            DataGeneration.object(repository, "infrastructure/edge/backups/velero.yaml", kind: "ExternalSecret")
        )
        #expect(
            secret[path: ["spec", "data"]]?.items?.allSatisfy { $0[path: ["remoteRef", "key"]]?.string == "lab-s3" }
                == true
        )
        let file = try #require(secret[path: ["spec", "target", "template", "data", "cloud"]]?.string)
        #expect(file.hasPrefix("[default]\n"))
        #expect(file.contains("aws_access_key_id={{ .accessKeyID }}"))
    }

    @Test("Velero follows the second spec: schedule, TTL, bucket, region and a prefix per cluster")
    func secondSpecVelero() throws {
        let repository = DataGeneration.generate(DataGeneration.secondSpec)
        var prefixes: [String] = []
        for cluster in DataGeneration.secondSpec.clusters.map(\.name) {
            let values = try #require(Self.values(repository, cluster: cluster))
            #expect(values[path: ["schedules", "default", "schedule"]]?.string == "30 1 * * *")
            #expect(values[path: ["schedules", "default", "template", "ttl"]]?.string == "336h")
            let location = try #require(values[path: ["configuration", "backupStorageLocation"]]?.items?.first)
            #expect(location["bucket"]?.string == "dr")
            #expect(location[path: ["config", "region"]]?.string == "eu-west-2")
            prefixes.append(location["prefix"]?.string ?? "")
            #expect(
                values["initContainers"]?.items?.compactMap { $0["image"]?.string }
                    == ["registry.lab.example/velero/velero-plugin-for-aws:v1.14.2"]
            )
        }
        #expect(Set(prefixes).count == 3)
        let edge = try #require(Self.values(repository, cluster: "edge"))
        #expect(edge[path: ["schedules", "default", "template", "excludedNamespaces"]]?.items?.map(\.string) == ["pg"])
    }
}
