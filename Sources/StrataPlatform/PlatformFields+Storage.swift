extension PlatformFields {
    static var storage: SpecObject<StorageSpec> {
        SpecObject(
            name: "Storage",
            doc: "Ceph and local-path storage.",
            placeholder: placeholderStorage,
            fields: [
                .section(
                    "ceph",
                    \.ceph,
                    ceph,
                    "The Ceph cluster, run by the cluster whose ceph role is provider and shared with consumers."
                ),
                .required(
                    "localPath",
                    \.localPath,
                    localPath.codec,
                    "OpenEBS local path volumes on the disks marked local."
                ),
            ]
        )
    }

    static var ceph: SpecObject<CephSpec> {
        SpecObject(
            name: "Ceph",
            doc: "The Rook Ceph cluster.",
            placeholder: placeholderStorage.ceph,
            fields: [
                .optional(
                    "mons",
                    \.mons,
                    .integer(1...9),
                    default: 3,
                    "Monitors: an odd number, at most one per provider node, so a majority survives."
                ),
                .optional("mgrs", \.mgrs, .integer(1...5), default: 2, "Managers (one active, the rest standby)."),
                .optional(
                    "osdMemoryTarget",
                    \.osdMemoryTargetBytes,
                    .bytes,
                    default: 4 << 30,
                    "osd_memory_target of each OSD; BlueStore sizes its caches inside it, so no cache size is set."
                ),
                .optional(
                    "fullRatio",
                    \.fullRatio,
                    .number(0...1),
                    default: 0.95,
                    "The used fraction at which Ceph stops writes."
                ),
                .optional(
                    "nearFullRatio",
                    \.nearFullRatio,
                    .number(0...1),
                    default: 0.85,
                    "The used fraction at which Ceph warns; below backfillFullRatio."
                ),
                .optional(
                    "backfillFullRatio",
                    \.backfillFullRatio,
                    .number(0...1),
                    default: 0.90,
                    "The used fraction above which an OSD takes no backfill; between nearFullRatio and fullRatio."
                ),
                .optional(
                    "config",
                    \.config,
                    .map(.map(.scalarText, keys: .cephOption), keys: .cephSection),
                    default: [:],
                    "Ceph options by section (global, osd, …) then option, written to the CephCluster's "
                        + "cephConfig, where Ceph reads them (storage.config is only for OSD provisioning)."
                ),
                .optional("pools", \.pools, .list(pool.codec), default: [], "RBD pools, each with its StorageClass."),
                .optional("filesystem", \.filesystem, filesystem.codec, "A CephFS filesystem, if any."),
            ]
        )
    }

    static var pool: SpecObject<CephPoolSpec> {
        SpecObject(
            name: "CephPool",
            doc: "An RBD pool and its StorageClass; give either replicated or erasureCoded.",
            placeholder: CephPoolSpec(
                name: "",
                protection: .replicated(size: 0, minSize: 0),
                failureDomain: "",
                storageClass: placeholderStorage.localPath.storageClass
            ),
            fields: [
                .required("name", \.name, .text(.dnsLabel), "The pool's name."),
                .oneOf(\.protection, protectionAlternatives),
                .optional(
                    "failureDomain",
                    \.failureDomain,
                    .choice(["host", "osd"]),
                    default: "host",
                    "Where copies or chunks are spread: one per host, or one per OSD (which survives no host loss)."
                ),
                .required(
                    "storageClass",
                    \.storageClass,
                    storageClass.codec,
                    "The StorageClass that provisions from it."
                ),
            ]
        )
    }

    static var filesystem: SpecObject<CephFilesystemSpec> {
        SpecObject(
            name: "CephFilesystem",
            doc: "A CephFS filesystem and its StorageClass.",
            placeholder: CephFilesystemSpec(
                name: "",
                metadataReplicas: 0,
                data: .replicated(size: 0, minSize: 0),
                activeStandby: false,
                storageClass: placeholderStorage.localPath.storageClass
            ),
            fields: [
                .required("name", \.name, .text(.dnsLabel), "The filesystem's name."),
                .optional(
                    "metadataReplicas",
                    \.metadataReplicas,
                    .integer(1...10),
                    default: 3,
                    "Copies of the metadata pool."
                ),
                .required("data", \.data, protection.codec, "The data pool's protection."),
                .optional(
                    "activeStandby",
                    \.activeStandby,
                    .flag,
                    default: true,
                    "Whether a standby MDS follows the active one, for fast failover."
                ),
                .required(
                    "storageClass",
                    \.storageClass,
                    storageClass.codec,
                    "The StorageClass that provisions from it."
                ),
            ]
        )
    }

    /// Replication or erasure coding, as a mapping of its own (a filesystem's data pool).
    static var protection: SpecObject<DataProtection> {
        SpecObject(
            name: "DataProtection",
            doc: "How a pool keeps its data: give either replicated or erasureCoded.",
            placeholder: .replicated(size: 0, minSize: 0),
            fields: [.oneOf(\.self, protectionAlternatives)]
        )
    }

    private static var protectionAlternatives: [SpecAlternative<DataProtection>] {
        [
            SpecAlternative(
                name: "replicated",
                doc: "Full copies, one per failure domain.",
                codec: replicated.codec.mapped(
                    { .replicated(size: $0.size, minSize: $0.minSize) },
                    { protection in
                        guard case .replicated(let size, let minSize) = protection else { return Replication() }
                        return Replication(size: size, minSize: minSize)
                    }
                ),
                matches: { if case .replicated = $0 { true } else { false } }
            ),
            SpecAlternative(
                name: "erasureCoded",
                doc: "Data and coding chunks, one per failure domain.",
                codec: erasureCoded.codec.mapped(
                    { .erasureCoded(dataChunks: $0.dataChunks, codingChunks: $0.codingChunks) },
                    { protection in
                        guard case .erasureCoded(let k, let m) = protection else { return ErasureCoding() }
                        return ErasureCoding(dataChunks: k, codingChunks: m)
                    }
                ),
                matches: { if case .erasureCoded = $0 { true } else { false } }
            ),
        ]
    }

    /// The two numbers of a replicated pool.
    struct Replication {
        var size = 0
        var minSize = 0
    }

    /// The two numbers of an erasure-coded pool.
    struct ErasureCoding {
        var dataChunks = 0
        var codingChunks = 0
    }

    static var replicated: SpecObject<Replication> {
        SpecObject(
            name: "Replicated",
            doc: "A replicated pool.",
            placeholder: Replication(),
            fields: [
                .required(
                    "size",
                    \.size,
                    .integer(1...10),
                    "Copies, each in its own failure domain; at most the number of Ceph hosts."
                ),
                .required(
                    "minSize",
                    \.minSize,
                    .integer(0...10),
                    "Copies that must be up for writes to continue; between 1 and size (2 for size 3)."
                ),
            ]
        )
    }

    static var erasureCoded: SpecObject<ErasureCoding> {
        SpecObject(
            name: "ErasureCoded",
            doc: "An erasure-coded pool; it needs dataChunks + codingChunks failure domains, and one more to "
                + "recover onto.",
            placeholder: ErasureCoding(),
            fields: [
                .required("dataChunks", \.dataChunks, .integer(1...32), "Data chunks (k)."),
                .required(
                    "codingChunks",
                    \.codingChunks,
                    .integer(1...32),
                    "Coding chunks (m): how many failure domains may be lost. 1 is risky."
                ),
            ]
        )
    }

    static var storageClass: SpecObject<StorageClassSpec> {
        SpecObject(
            name: "StorageClass",
            doc: "A StorageClass.",
            placeholder: placeholderStorage.localPath.storageClass,
            fields: [
                .required("name", \.name, .text(.dnsName), "The StorageClass's name."),
                .optional(
                    "default",
                    \.isDefault,
                    .flag,
                    default: false,
                    "Whether it is the cluster's default class; at most one class per cluster may be."
                ),
                .optional(
                    "reclaimPolicy",
                    \.reclaimPolicy,
                    .choice(["Delete", "Retain"]),
                    default: "Delete",
                    "What happens to a volume when its claim is deleted."
                ),
            ]
        )
    }

    static var localPath: SpecObject<LocalPathSpec> {
        SpecObject(
            name: "LocalPath",
            doc: "OpenEBS local path volumes, in every cluster.",
            placeholder: placeholderStorage.localPath,
            fields: [
                .optional(
                    "basePath",
                    \.basePath,
                    .text(.absolutePath),
                    default: "/var/mnt/local",
                    "Where each node mounts its local disk (a Talos user volume path)."
                ),
                .required("storageClass", \.storageClass, storageClass.codec, "The StorageClass."),
            ]
        )
    }

    private static var placeholderStorage: StorageSpec {
        let storageClass = StorageClassSpec(name: "", isDefault: false, reclaimPolicy: "")
        return StorageSpec(
            ceph: CephSpec(
                mons: 0,
                mgrs: 0,
                osdMemoryTargetBytes: 0,
                fullRatio: 0,
                nearFullRatio: 0,
                backfillFullRatio: 0,
                config: [:],
                pools: [],
                filesystem: nil
            ),
            localPath: LocalPathSpec(basePath: "", storageClass: storageClass)
        )
    }
}
