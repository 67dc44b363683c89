public import StrataPlatform
import StrataYAML

/// VolSync: the operator, and for every backed-up application volume a restic ReplicationSource with its
/// own repository, plus the ReplicationDestination that restores the volume when its claim is recreated.
///
/// Restores are one-shot (`trigger.manual`): VolSync's restic mover is a backup tool, not a replicator, and
/// a periodic restore into a claim the application mounts would collide with the running pod. The
/// destination creates its own volume (`copyMethod: Snapshot`, with capacity, access modes and class) and
/// the application's claim names it in `dataSourceRef`, so VolSync's volume populator fills a new claim
/// from the latest backup — after a cluster is rebuilt, Flux recreates the claim and the data comes back.
public struct VolSync: PlatformComponent {
    /// The chart.
    static let chart = "volsync"
    /// The operator's namespace.
    public static let operatorNamespace = "volsync-system"

    /// Creates the component.
    public init() {}

    /// Adds the operator to clusters with backed-up volumes, and each volume's backup next to its app.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let repositories = VolSyncRepository.all(in: plan.cluster.name, context: context)
        guard !repositories.isEmpty, let version = context.version(of: Self.chart),
            let source = ChartSource.all[Self.chart]
        else { return }
        plan.addSource(for: source)
        plan.add(
            [
                Manifests.namespace(Self.operatorNamespace),
                Manifests.helmRelease(
                    name: Self.chart,
                    namespace: Self.operatorNamespace,
                    source: source,
                    version: version,
                    values: ["manageCRDs": true, "metrics": ["disableAuth": true]]
                ),
            ],
            to: .operators,
            file: "volsync.yaml",
            comment: """
                Metrics without authentication: the controller otherwise checks every scrape with a
                TokenReview and SubjectAccessReview, which VMAgent's service account is not granted, and the
                backup alerts would have no data.
                """
        )
        for repository in repositories {
            plan.add(
                Self.objects(for: repository, context: context),
                to: .apps,
                file: "\(repository.application.name)/backup.yaml",
                comment: Self.comment
            )
        }
    }

    /// The controller's metrics Service, named by the chart after the release (`<fullname>-metrics`).
    static var metricsService: String { "\(chart)-metrics" }
    /// The label the chart puts on the controller's pods and its metrics Service.
    static var controllerLabel: (key: String, value: String) { ("control-plane", "\(chart)-controller") }
    /// The metrics Service's port: HTTPS with a certificate the controller signs itself.
    static let metricsPort = "https"

    private static let comment = """
        One restic repository per volume, so retention and restores never mix two volumes.
        Each destination restores once when created (manual trigger); the claim's dataSourceRef makes a
        recreated claim start from the latest backup. Classes without CSI snapshots are backed up from the
        live volume (Direct) and have no destination.
        """

    /// The ExternalSecret, the ReplicationSource and, for snapshot-capable classes, the ReplicationDestination.
    static func objects(for repository: VolSyncRepository, context: GenerationContext) -> [YAMLNode] {
        let namespace = repository.application.namespace
        var objects = [repository.externalSecret(namespace: namespace, context: context)]
        objects.append(source(for: repository))
        if let destination = destination(for: repository) { objects.append(destination) }
        return objects
    }

    /// The ReplicationSource that backs the volume up on its schedule.
    static func source(for repository: VolSyncRepository) -> YAMLNode {
        var restic: YAMLNode = [
            "repository": "\(repository.secretName)",
            "copyMethod": repository.usesSnapshots ? "Snapshot" : "Direct",
        ]
        if let snapshotClass = repository.snapshotClassName {
            restic.set("volumeSnapshotClassName", .string(snapshotClass))
            restic.set("storageClassName", .string(repository.volume.storageClass))
        }
        restic.set("retain", repository.retainNode)
        restic.set("moverSecurityContext", VolSyncRepository.moverSecurityContext)
        return [
            "apiVersion": "volsync.backube/v1alpha1",
            "kind": "ReplicationSource",
            "metadata": ["name": "\(repository.volume.name)", "namespace": "\(repository.application.namespace)"],
            "spec": [
                "sourcePVC": "\(repository.volume.name)",
                "trigger": ["schedule": "\(repository.schedule)"],
                "restic": restic,
            ],
        ]
    }

    /// The one-shot restore the application's claim is populated from; `nil` without CSI snapshots, since
    /// the populator hands over a snapshot of the restored volume.
    static func destination(for repository: VolSyncRepository) -> YAMLNode? {
        guard let snapshotClass = repository.snapshotClassName else { return nil }
        return [
            "apiVersion": "volsync.backube/v1alpha1",
            "kind": "ReplicationDestination",
            "metadata": [
                "name": "\(repository.destinationName)", "namespace": "\(repository.application.namespace)",
            ],
            "spec": [
                "trigger": ["manual": "restore-once"],
                "restic": [
                    "repository": "\(repository.secretName)",
                    "copyMethod": "Snapshot",
                    "volumeSnapshotClassName": "\(snapshotClass)",
                    "storageClassName": "\(repository.volume.storageClass)",
                    "accessModes": ["ReadWriteOnce"],
                    "capacity": "\(VolSyncRepository.quantity(repository.volume.sizeBytes))",
                    "cleanupTempPVC": true,
                    "moverSecurityContext": VolSyncRepository.moverSecurityContext,
                ],
            ],
        ]
    }
}
