import StrataFlux
import StrataYAML

/// A ReplicationDestination has no copyMethod, or sets volume options VolSync ignores.
struct DestinationCopyMethod: Rule {
    static let description = RuleDescription(
        id: "backup/destination-copy-method",
        name: "Destination Copy Method",
        summary:
            "A ReplicationDestination lacks copyMethod, or sets volume options that destinationPVC makes VolSync ignore",
        rationale: """
            At the end of every sync a ReplicationDestination preserves the received data according to \
            `copyMethod` (`Direct`, `None` or `Snapshot`); without one VolSync stops with "unsupported \
            copyMethod" and the destination never completes (backube/volsync, \
            `internal/controller/volumehandler/volumehandler.go`, `EnsureImage`). `capacity`, `accessModes`, \
            `storageClassName` and `volumeSnapshotClassName` describe the volume VolSync creates itself; with \
            `destinationPVC` the existing claim is used as it is and these fields are silently ignored \
            (https://volsync.readthedocs.io/en/stable/usage/restic/index.html, destination options).
            """,
        remediation: """
            Set `copyMethod: Direct` when restoring into an existing `destinationPVC` (or `Snapshot` to keep \
            a snapshot of each sync), and remove the volume options that only apply when VolSync creates the \
            volume, or drop `destinationPVC` to let VolSync create it.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationDestination
                metadata: {name: postgres-restore, namespace: databases}
                spec:
                  trigger: {manual: restore-once}
                  restic:
                    repository: postgres-restic
                    destinationPVC: postgres-data
                    copyMethod: Direct
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationDestination
                metadata: {name: postgres-restore, namespace: databases}
                spec:
                  trigger: {manual: restore-once}
                  ↓restic:
                    repository: postgres-restic
                    destinationPVC: postgres-data-restored
                    ↓storageClassName: ceph-block
                    ↓accessModes:
                      - ReadWriteOnce
                    ↓capacity: 20Gi
                """
            )
        ]
    )

    private static let movers = ["restic", "rclone", "rsync", "rsyncTLS"]
    private static let ignoredWithClaim = ["capacity", "accessModes", "storageClassName", "volumeSnapshotClassName"]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for (cluster, object) in context.volSync("ReplicationDestination") {
            let reference = context.reference(object, in: cluster)
            for mover in Self.movers {
                guard let options = object.spec[mover], options.isMapping else { continue }
                if options["copyMethod"]?.string == nil {
                    sink.report(
                        "ReplicationDestination '\(object.resource.name)' has no 'copyMethod'; every sync fails without one",
                        at: object.spec.keyLocation(mover),
                        object: reference
                    )
                }
                guard options["destinationPVC"]?.string != nil else { continue }
                for field in Self.ignoredWithClaim where options[field] != nil {
                    sink.report(
                        "'\(field)' is ignored because 'destinationPVC' is set; VolSync uses that claim as it is",
                        at: options.keyLocation(field),
                        object: reference,
                        severity: .warning
                    )
                }
            }
        }
    }
}
