import StrataGenerate
import StrataPlatform
import StrataYAML
import Testing

@Suite("Databases")
struct DatabaseTests {
    @Test("The default postgres runs in infra with the spec's instances, size, image, schedule and retention")
    func defaultDatabase() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        let file = "infrastructure/infra/databases/postgres.yaml"
        let cluster = try #require(DataGeneration.object(repository, file, kind: "Cluster"))
        #expect(cluster["apiVersion"]?.string == "postgresql.cnpg.io/v1")
        #expect(cluster[path: ["metadata", "namespace"]]?.string == "databases")
        #expect(cluster[path: ["spec", "instances"]]?.int == 3)
        // The in-tree barmanObjectStore needs barman-cloud in the image: the system flavour has it.
        #expect(
            cluster[path: ["spec", "imageName"]]?.string == "ghcr.io/cloudnative-pg/postgresql:17.6-system-bookworm"
        )
        #expect(cluster[path: ["spec", "storage", "size"]]?.string == "50Gi")
        #expect(cluster[path: ["spec", "storage", "storageClass"]]?.string == "ceph-block")
        #expect(cluster[path: ["spec", "backup", "retentionPolicy"]]?.string == "30d")
        let store = try #require(cluster[path: ["spec", "backup", "barmanObjectStore"]])
        #expect(store["destinationPath"]?.string == "s3://backups/cnpg/infra/databases")
        #expect(store["endpointURL"]?.string == "https://minio.nas.monosense.io")
        #expect(store[path: ["s3Credentials", "accessKeyId", "name"]]?.string == "postgres-s3")
        let scheduled = try #require(DataGeneration.object(repository, file, kind: "ScheduledBackup"))
        #expect(scheduled[path: ["spec", "schedule"]]?.string == "0 0 */6 * * *")
        #expect(scheduled[path: ["spec", "method"]]?.string == "barmanObjectStore")
        #expect(scheduled[path: ["spec", "cluster", "name"]]?.string == "postgres")
        let secret = try #require(DataGeneration.object(repository, file, kind: "ExternalSecret"))
        #expect(secret[path: ["spec", "secretStoreRef", "name"]]?.string == "onepassword")
        #expect(
            secret[path: ["spec", "data"]]?.items?.map { $0[path: ["remoteRef", "key"]]?.string } == [
                "minio-backups", "minio-backups",
            ]
        )
        #expect(repository.files["infrastructure/apps/databases/kustomization.yaml"] == nil)
        #expect(repository.files["infrastructure/apps/operators/cloudnative-pg.yaml"] == nil)
    }

    @Test("The operator is a HelmRelease of the pinned chart in the operators layer")
    func operatorRelease() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        let release = try #require(
            DataGeneration.object(repository, "infrastructure/infra/operators/cloudnative-pg.yaml", kind: "HelmRelease")
        )
        #expect(release[path: ["spec", "chart", "spec", "chart"]]?.string == "cloudnative-pg")
        #expect(release[path: ["spec", "chart", "spec", "version"]]?.string == "0.29.0")
        #expect(repository.files["clusters/infra/sources.yaml"]?.contains("cloudnative-pg.github.io") == true)
    }

    @Test("The databases layer waits for a Cluster's Ready condition, which kstatus cannot read")
    func healthExpression() throws {
        let repository = DataGeneration.generate(DefaultPlatform.spec)
        let layers = DataGeneration.documents(repository, "clusters/infra/layers.yaml")
        let databases = try #require(layers.first { $0[path: ["metadata", "name"]]?.string == "databases" })
        let expression = try #require(databases[path: ["spec", "healthCheckExprs"]]?.items?.first)
        #expect(expression["kind"]?.string == "Cluster")
        #expect(expression["current"]?.string?.contains("c.type == 'Ready' && c.status == 'True'") == true)
    }

    @Test("A database follows the second spec: its cluster, namespace, instances, size, class and schedule")
    func secondSpecDatabase() throws {
        let repository = DataGeneration.generate(DataGeneration.secondSpec)
        #expect(repository.files["infrastructure/infra/databases/kustomization.yaml"] == nil)
        let file = "infrastructure/edge/databases/main.yaml"
        let cluster = try #require(DataGeneration.object(repository, file, kind: "Cluster"))
        #expect(cluster[path: ["metadata", "namespace"]]?.string == "pg")
        #expect(cluster[path: ["spec", "instances"]]?.int == 2)
        #expect(cluster[path: ["spec", "storage", "size"]]?.string == "20Gi")
        #expect(cluster[path: ["spec", "storage", "storageClass"]]?.string == "ceph-ec")
        #expect(cluster[path: ["spec", "backup", "retentionPolicy"]]?.string == "14d")
        #expect(
            cluster[path: ["spec", "backup", "barmanObjectStore", "destinationPath"]]?.string == "s3://dr/cnpg/edge/pg"
        )
        let scheduled = try #require(DataGeneration.object(repository, file, kind: "ScheduledBackup"))
        #expect(scheduled[path: ["spec", "schedule"]]?.string == "0 30 */2 * * *")
        let secret = try #require(DataGeneration.object(repository, file, kind: "ExternalSecret"))
        #expect(secret[path: ["spec", "target", "template", "data", "REGION"]]?.string == "eu-west-2")
        #expect(repository.files["infrastructure/edge/databases/namespace-pg.yaml"] != nil)
        #expect(repository.files["infrastructure/edge/operators/cloudnative-pg.yaml"] != nil)
    }
}
