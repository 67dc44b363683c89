public import StrataPlatform
public import StrataYAML

/// The restic repository of one backed-up application volume, with every name and number derived from it.
///
/// Each volume has its own repository: VolSync's restic mover backs up every source under one host name,
/// so two volumes in one repository would forget each other's snapshots and restore each other's data.
public struct VolSyncRepository: Sendable, Equatable {
    /// The application the volume belongs to.
    public let application: ApplicationSpec
    /// The volume.
    public let volume: VolumeSpec
    /// Backup schedule: the volume's own, or the VolSync default.
    public let schedule: String
    /// Snapshots kept: the volume's own retention, or the VolSync default.
    public let retention: RetentionSpec
    /// The restic repository URL (`s3:<endpoint>/<bucket>/volsync/<cluster>/<namespace>/<claim>`).
    public let url: String
    /// The VolumeSnapshotClass of the volume's class; `nil` when the class cannot take CSI snapshots.
    public let snapshotClassName: String?

    /// The UID and GID the application and its movers run as, so both can read and write the volume.
    public static let userID = 1000

    /// Derives the repository of a volume.
    public init(application: ApplicationSpec, volume: VolumeSpec, context: GenerationContext) {
        let spec = context.spec
        self.application = application
        self.volume = volume
        schedule = volume.schedule ?? spec.backups.volsync.schedule
        retention = volume.retention ?? spec.backups.volsync.retention
        var endpoint = spec.backups.objectStore.endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        url =
            "s3:\(endpoint)/\(spec.backups.objectStore.bucket)/volsync/"
            + "\(application.cluster)/\(application.namespace)/\(volume.name)"
        snapshotClassName =
            Self.cephStorageClasses(spec).contains(volume.storageClass)
            ? context.snapshotClassName(forStorageClass: volume.storageClass) : nil
    }

    /// Every backed-up volume of the applications running in a cluster, in spec order.
    public static func all(in cluster: String, context: GenerationContext) -> [VolSyncRepository] {
        context.spec.applications.filter { $0.cluster == cluster }.flatMap { application in
            application.volumes.filter(\.backup).map {
                VolSyncRepository(application: application, volume: $0, context: context)
            }
        }
    }

    /// The Secret (and ExternalSecret) holding the repository's URL, password and object-store keys.
    public var secretName: String { "\(volume.name)-restic" }

    /// The ReplicationDestination that restores the volume when its claim is created from nothing.
    public var destinationName: String { "\(volume.name)-restore" }

    /// Whether VolSync backs the volume up from a CSI snapshot (and can restore it through the populator).
    public var usesSnapshots: Bool { snapshotClassName != nil }

    /// The ExternalSecret that fills the repository's Secret in a namespace.
    ///
    /// The URL is not secret, so a template adds it to the keys read from the store.
    public func externalSecret(namespace: String, context: GenerationContext) -> YAMLNode {
        let store = context.spec.backups.objectStore
        var secret = Manifests.externalSecret(
            name: secretName,
            namespace: namespace,
            store: context.secretStoreName,
            data: [
                (key: "RESTIC_PASSWORD", item: context.spec.backups.volsync.resticPasswordItem, property: "password"),
                (key: "AWS_ACCESS_KEY_ID", item: store.credentialsItem, property: ObjectStoreSpec.accessKeyProperty),
                (
                    key: "AWS_SECRET_ACCESS_KEY", item: store.credentialsItem,
                    property: ObjectStoreSpec.secretKeyProperty
                ),
            ]
        )
        secret.set(
            path: ["spec", "target", "template"],
            [
                "engineVersion": "v2",
                "mergePolicy": "Merge",
                "data": ["RESTIC_REPOSITORY": "\(url)"],
            ]
        )
        return secret
    }

    /// The `retain` block of the mover: only the periods that keep something.
    public var retainNode: YAMLNode {
        let periods = [
            ("hourly", retention.hourly), ("daily", retention.daily),
            ("weekly", retention.weekly), ("monthly", retention.monthly),
        ]
        return .mapping(periods.filter { $0.1 > 0 }.map { ($0.0, .int($0.1)) })
    }

    /// The pod security context the movers run with: the application's user, restricted-compliant.
    public static var moverSecurityContext: YAMLNode {
        [
            "runAsNonRoot": true,
            "runAsUser": .int(userID),
            "runAsGroup": .int(userID),
            "fsGroup": .int(userID),
            "seccompProfile": ["type": "RuntimeDefault"],
        ]
    }

    /// The StorageClasses backed by Ceph, which have a VolumeSnapshotClass.
    static func cephStorageClasses(_ spec: PlatformSpec) -> Set<String> {
        var names = Set(spec.storage.ceph.pools.map(\.storageClass.name))
        if let filesystem = spec.storage.ceph.filesystem { names.insert(filesystem.storageClass.name) }
        return names
    }

    /// A byte count as a Kubernetes quantity, in the largest binary unit that divides it exactly.
    public static func quantity(_ bytes: Int64) -> String {
        let units: [(String, Int64)] = [("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        for (suffix, size) in units where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return String(bytes)
    }
}

extension ObjectStoreSpec {
    /// The field of the credentials item that holds the access key id.
    public static let accessKeyProperty = "access-key-id"
    /// The field of the credentials item that holds the secret access key.
    public static let secretKeyProperty = "secret-access-key"
}
