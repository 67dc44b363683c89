import StrataPlatform
import StrataYAML

/// The CephBlockPools and CephFilesystem of the provider, with the numbers derived from the spec.
struct CephPools: Sendable {
    /// The Ceph spec.
    var ceph: CephSpec
    /// How many hosts carry OSDs: the failure domains a pool can spread over.
    var hosts: Int

    /// The annotation that acknowledges a pool as wide as the cluster.
    static let noSpareAnnotation = "ignore.strata.dev/ceph.no-spare-failure-domain"

    /// The replicated pool that holds an erasure-coded RBD pool's image metadata.
    static func metadataPoolName(of pool: CephPoolSpec) -> String { "\(pool.name)-metadata" }

    /// The name of a filesystem's data pool in its `dataPools` list.
    static func filesystemDataPoolShortName(of filesystem: CephFilesystemSpec) -> String {
        if case .erasureCoded = filesystem.data { return "erasurecoded" }
        return "replicated"
    }

    /// The Ceph pool the CephFS StorageClass writes file data to: Rook names it `<filesystem>-<pool>`.
    static func filesystemDataPoolName(of filesystem: CephFilesystemSpec) -> String {
        "\(filesystem.name)-\(filesystemDataPoolShortName(of: filesystem))"
    }

    /// The size of the replicated pool beside an erasure-coded one: it must survive as many lost hosts as
    /// the coding chunks do, and never fewer than three copies, within the hosts there are.
    static func companionReplicas(codingChunks: Int, hosts: Int) -> Int {
        min(max(3, codingChunks + 1), max(hosts, 1))
    }

    /// Every pool object, then the filesystem.
    var documents: [YAMLNode] {
        var documents: [YAMLNode] = []
        for pool in ceph.pools {
            if case .erasureCoded(_, let m) = pool.protection {
                let replicas = Self.companionReplicas(codingChunks: m, hosts: hosts)
                documents.append(
                    blockPool(
                        name: Self.metadataPoolName(of: pool),
                        protection: .replicated(size: replicas, minSize: replicas - 1),
                        failureDomain: pool.failureDomain
                    )
                )
            }
            documents.append(blockPool(name: pool.name, protection: pool.protection, failureDomain: pool.failureDomain))
        }
        if let filesystem = ceph.filesystem { documents.append(self.filesystem(filesystem)) }
        return documents
    }

    /// The `replicated` or `erasureCoded` section of a pool, with `min_size` for replicated pools.
    func protectionFields(_ protection: DataProtection, failureDomain: String) -> [(String, YAMLNode)] {
        switch protection {
        case .replicated(let size, let minSize):
            // requireSafeReplicaSize refuses a size of 1; min_size is a pool property Rook sets as given.
            return [
                ("failureDomain", .string(failureDomain)),
                ("replicated", ["size": .int(size), "requireSafeReplicaSize": true]),
                ("parameters", ["min_size": "\(minSize)"]),
            ]
        case .erasureCoded(let k, let m):
            return [
                ("failureDomain", .string(failureDomain)),
                ("erasureCoded", ["dataChunks": .int(k), "codingChunks": .int(m)]),
            ]
        }
    }

    private func metadata(name: String, width: Int) -> YAMLNode {
        var metadata: YAMLNode = ["name": "\(name)", "namespace": "\(RookCeph.namespace)"]
        if width >= hosts {
            metadata.set(
                "annotations",
                .mapping([
                    (
                        Self.noSpareAnnotation,
                        .string(
                            "the pool spreads over all \(hosts) hosts with OSDs; after a host loss it stays "
                                + "degraded until the host returns, which the node recovery runbook accepts"
                        )
                    )
                ])
            )
        }
        return metadata
    }

    private func blockPool(name: String, protection: DataProtection, failureDomain: String) -> YAMLNode {
        [
            "apiVersion": "ceph.rook.io/v1",
            "kind": "CephBlockPool",
            "metadata": metadata(name: name, width: protection.width),
            "spec": .mapping(protectionFields(protection, failureDomain: failureDomain)),
        ]
    }

    private func filesystem(_ filesystem: CephFilesystemSpec) -> YAMLNode {
        let metadataSize = filesystem.metadataReplicas
        var dataPools: [YAMLNode] = []
        if case .erasureCoded(_, let m) = filesystem.data {
            // CephFS keeps its backtraces in the first data pool, which must be replicated.
            let replicas = Self.companionReplicas(codingChunks: m, hosts: hosts)
            dataPools.append(
                .mapping(
                    [("name", "default")]
                        + protectionFields(.replicated(size: replicas, minSize: replicas - 1), failureDomain: "host")
                )
            )
        }
        dataPools.append(
            .mapping(
                [("name", .string(Self.filesystemDataPoolShortName(of: filesystem)))]
                    + protectionFields(filesystem.data, failureDomain: "host")
            )
        )
        let width = max(metadataSize, filesystem.data.width)
        return [
            "apiVersion": "ceph.rook.io/v1",
            "kind": "CephFilesystem",
            "metadata": metadata(name: filesystem.name, width: width),
            "spec": [
                "metadataPool": .mapping(
                    protectionFields(
                        .replicated(size: metadataSize, minSize: max(1, metadataSize - 1)),
                        failureDomain: "host"
                    )
                ),
                "dataPools": .sequence(dataPools),
                "preserveFilesystemOnDelete": true,
                "metadataServer": [
                    "activeCount": 1,
                    "activeStandby": .bool(filesystem.activeStandby),
                    "resources": [
                        "requests": ["cpu": "500m", "memory": "1Gi"], "limits": ["memory": "4Gi"],
                    ],
                ],
            ],
        ]
    }
}
