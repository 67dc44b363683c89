import StrataPlatform
import StrataYAML
import Testing

@testable import StrataGenerate

@Suite("Ceph")
struct CephTests {
    static let second = StorageFixture.generate(StorageFixture.secondSpec)
    static let secondStorage = StorageFixture.objects(second, under: "infrastructure/storage/storage")

    @Test("The provider's CephCluster takes its image, daemons, disks, ratios and memory from the spec")
    func providerCluster() throws {
        let cluster = try #require(StorageFixture.object(Self.secondStorage, kind: "CephCluster", name: "rook-ceph"))
        let spec = try #require(cluster["spec"])
        #expect(spec[path: ["cephVersion", "image"]]?.string == "quay.io/ceph/ceph:v19.2.2")
        #expect(spec[path: ["mon", "count"]]?.int == 5)
        #expect(spec[path: ["mgr", "count"]]?.int == 3)
        #expect(spec[path: ["network", "provider"]]?.string == "host")
        #expect(spec[path: ["network", "addressRanges", "public"]]?.items?.first?.string == "192.168.40.0/24")
        let nodes = spec[path: ["storage", "nodes"]]?.items ?? []
        #expect(nodes.compactMap { $0["name"]?.string } == ["node-1", "node-2", "node-3", "node-4", "node-5"])
        #expect(
            nodes.first?["devices"]?.items?.compactMap { $0["name"]?.string }
                == ["/dev/disk/by-id/nvme-osd-a-1", "/dev/disk/by-id/nvme-osd-b-1"]
        )
        #expect(spec[path: ["storage", "config"]] == nil)
        #expect(spec[path: ["storage", "fullRatio"]]?.string == "0.9")
        #expect(spec[path: ["storage", "nearFullRatio"]]?.string == "0.75")
        #expect(spec[path: ["storage", "backfillFullRatio"]]?.string == "0.8")
        #expect(spec[path: ["cephConfig", "osd", "osd_memory_target"]]?.string == String(6 << 30))
        #expect(spec[path: ["cephConfig", "osd", "osd_mclock_profile"]]?.string == "high_client_ops")
        #expect(spec[path: ["resources", "osd", "limits", "memory"]]?.string == "12Gi")
    }

    @Test("An erasure-coded 3+2 pool on five hosts gets a replicated metadata pool and a class using both")
    func erasureCodedPool() throws {
        let data = try #require(StorageFixture.object(Self.secondStorage, kind: "CephBlockPool", name: "bulk"))
        #expect(data[path: ["spec", "erasureCoded", "dataChunks"]]?.int == 3)
        #expect(data[path: ["spec", "erasureCoded", "codingChunks"]]?.int == 2)
        #expect(data[path: ["spec", "replicated"]] == nil)
        // Five chunks on five hosts: no spare host, acknowledged with a reason.
        #expect(data[path: ["metadata", "annotations", CephPools.noSpareAnnotation]] != nil)
        let metadata = try #require(
            StorageFixture.object(Self.secondStorage, kind: "CephBlockPool", name: "bulk-metadata")
        )
        #expect(metadata[path: ["spec", "replicated", "size"]]?.int == 3)
        #expect(metadata[path: ["spec", "replicated", "requireSafeReplicaSize"]]?.bool == true)
        #expect(metadata[path: ["metadata", "annotations"]] == nil)
        let storageClass = try #require(
            StorageFixture.object(Self.secondStorage, kind: "StorageClass", name: "block-bulk")
        )
        #expect(storageClass[path: ["parameters", "pool"]]?.string == "bulk-metadata")
        #expect(storageClass[path: ["parameters", "dataPool"]]?.string == "bulk")
        #expect(storageClass["provisioner"]?.string == "rook-ceph.rbd.csi.ceph.com")
        #expect(storageClass["reclaimPolicy"]?.string == "Delete")
        #expect(storageClass[path: ["metadata", "annotations"]] == nil)
    }

    @Test("A replicated pool keeps its size and minimum size, and its class is the default")
    func replicatedPool() throws {
        let pool = try #require(StorageFixture.object(Self.secondStorage, kind: "CephBlockPool", name: "fast"))
        #expect(pool[path: ["spec", "replicated", "size"]]?.int == 3)
        #expect(pool[path: ["spec", "parameters", "min_size"]]?.string == "2")
        #expect(pool[path: ["metadata", "annotations"]] == nil)
        let storageClass = try #require(
            StorageFixture.object(Self.secondStorage, kind: "StorageClass", name: "block-fast")
        )
        #expect(storageClass[path: ["parameters", "pool"]]?.string == "fast")
        #expect(storageClass[path: ["parameters", "dataPool"]] == nil)
        #expect(storageClass["reclaimPolicy"]?.string == "Retain")
        #expect(
            storageClass[path: ["metadata", "annotations", "storageclass.kubernetes.io/is-default-class"]]?.string
                == "true"
        )
    }

    @Test("An erasure-coded filesystem puts a replicated pool first and its class on the coded pool")
    func filesystem() throws {
        let filesystem = try #require(StorageFixture.object(Self.secondStorage, kind: "CephFilesystem", name: "shared"))
        #expect(filesystem[path: ["spec", "metadataPool", "replicated", "size"]]?.int == 4)
        let pools = filesystem[path: ["spec", "dataPools"]]?.items ?? []
        #expect(pools.compactMap { $0["name"]?.string } == ["default", "erasurecoded"])
        #expect(pools.first?[path: ["replicated", "size"]]?.int == 3)
        #expect(pools.last?[path: ["erasureCoded", "codingChunks"]]?.int == 2)
        #expect(filesystem[path: ["spec", "metadataServer", "activeStandby"]]?.bool == false)
        let storageClass = try #require(StorageFixture.object(Self.secondStorage, kind: "StorageClass", name: "files"))
        #expect(storageClass["provisioner"]?.string == "rook-ceph.cephfs.csi.ceph.com")
        #expect(storageClass[path: ["parameters", "fsName"]]?.string == "shared")
        #expect(storageClass[path: ["parameters", "pool"]]?.string == "shared-erasurecoded")
    }

    @Test("Each Ceph class has a snapshot class of the agreed name on its driver, on provider and consumer")
    func snapshotClasses() throws {
        let context = GenerationContext(spec: StorageFixture.secondSpec)
        for cluster in ["storage", "web"] {
            let objects = StorageFixture.objects(Self.second, under: "infrastructure/\(cluster)/storage")
            for (name, driver) in [
                ("block-fast", "rook-ceph.rbd.csi.ceph.com"), ("block-bulk", "rook-ceph.rbd.csi.ceph.com"),
                ("files", "rook-ceph.cephfs.csi.ceph.com"),
            ] {
                let snapshot = StorageFixture.object(
                    objects,
                    kind: "VolumeSnapshotClass",
                    name: context.snapshotClassName(forStorageClass: name)
                )
                #expect(snapshot?["driver"]?.string == driver, "\(cluster) \(name)")
                #expect(StorageFixture.object(objects, kind: "StorageClass", name: name) != nil)
            }
        }
        #expect(StorageFixture.objects(Self.second, under: "infrastructure/edge/storage").isEmpty)
    }

    @Test("A consumer fills Rook's import objects from the store and waits for Connected")
    func consumer() throws {
        let platform = StorageFixture.objects(Self.second, under: "infrastructure/web/platform")
        let names = platform.filter { $0["kind"]?.string == "ExternalSecret" }
            .compactMap { $0[path: ["metadata", "name"]]?.string }
        #expect(
            Set(names)
                == [
                    "rook-ceph-mon", "rook-ceph-mon-endpoints", "rook-csi-rbd-node", "rook-csi-rbd-provisioner",
                    "rook-csi-cephfs-node", "rook-csi-cephfs-provisioner",
                ]
        )
        let endpoints = try #require(
            StorageFixture.object(platform, kind: "ExternalSecret", name: "rook-ceph-mon-endpoints")
        )
        #expect(endpoints[path: ["spec", "target", "manifest", "kind"]]?.string == "ConfigMap")
        #expect(
            endpoints[path: ["spec", "data"]]?.items?.first?[path: ["remoteRef", "key"]]?.string
                == "ceph-external-storage"
        )
        let storage = StorageFixture.objects(Self.second, under: "infrastructure/web/storage")
        let cluster = try #require(StorageFixture.object(storage, kind: "CephCluster", name: "rook-ceph"))
        #expect(cluster[path: ["spec", "external", "enable"]]?.bool == true)
        #expect(StorageFixture.object(storage, kind: "CephBlockPool", name: "fast") == nil)
        let layers = StorageFixture.documents(Self.second, "clusters/web/layers.yaml")
        let storageLayer = try #require(StorageFixture.object(layers, kind: "Kustomization", name: "storage"))
        let expressions = storageLayer[path: ["spec", "healthCheckExprs"]]?.items ?? []
        #expect(expressions.first?["current"]?.string == "status.phase == 'Connected'")
        let operators = StorageFixture.objects(Self.second, under: "infrastructure/web/operators")
        let eso = try #require(StorageFixture.object(operators, kind: "HelmRelease", name: "external-secrets"))
        #expect(eso[path: ["spec", "values", "genericTargets", "enabled"]]?.bool == true)
    }

    @Test("The provider's storage layer waits for the cluster, pools and filesystem to report Ready")
    func providerHealth() throws {
        let layers = StorageFixture.documents(Self.second, "clusters/storage/layers.yaml")
        let storage = try #require(StorageFixture.object(layers, kind: "Kustomization", name: "storage"))
        let kinds = (storage[path: ["spec", "healthCheckExprs"]]?.items ?? []).compactMap { $0["kind"]?.string }
        #expect(kinds == ["CephCluster", "CephBlockPool", "CephFilesystem"])
    }

    @Test(
        "A companion replicated pool tolerates as many host losses as the coding chunks, within the hosts",
        arguments: [(1, 5, 3), (2, 5, 3), (3, 6, 4), (4, 4, 4)]
    )
    func companionReplicas(codingChunks: Int, hosts: Int, expected: Int) {
        #expect(CephPools.companionReplicas(codingChunks: codingChunks, hosts: hosts) == expected)
    }
}

@Suite("Ceph quantities")
struct CephQuantityTests {
    @Test(
        "Byte counts become quantities in the largest binary unit that divides them",
        arguments: [(Int64(4) << 30, "4Gi"), (Int64(1536) << 20, "1536Mi"), (Int64(1000), "1000")]
    )
    func quantity(bytes: Int64, expected: String) {
        #expect(CephProviderCluster.quantity(bytes) == expected)
    }
}
