import StrataCore
import StrataFlux
import StrataYAML

/// Two VolSync ReplicationSources write to one restic repository.
struct SharedRepository: Rule {
    static let description = RuleDescription(
        id: "backup/shared-repository",
        name: "Shared Repository",
        summary: "Two ReplicationSources back up into the same restic repository",
        rationale: """
            VolSync's restic mover backs up every volume under one fixed host name and path, applies the \
            source's `retain` policy with `restic forget --host <that name>`, and restores `latest` for that \
            host (backube/volsync, `mover-restic/entry.sh`). Two sources writing one repository are therefore \
            one snapshot group to restic: each source's retention forgets the other's snapshots, a restore \
            gets whichever volume was backed up last, and the movers contend for the repository lock. Two \
            sources share a repository when they use the same Secret, or Secrets whose readable \
            `RESTIC_REPOSITORY` is the same URL (https://volsync.readthedocs.io/en/stable/usage/restic/index.html).
            """,
        remediation: """
            Give every ReplicationSource its own Secret with its own `RESTIC_REPOSITORY` (for example a path \
            per application: `s3:https://s3.example.com/volsync/<app>`).
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: radarr-restic, namespace: media}
                stringData:
                  RESTIC_REPOSITORY: ${RESTIC_BASE}/radarr
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: sonarr-restic, namespace: media}
                stringData:
                  RESTIC_REPOSITORY: ${RESTIC_BASE}/sonarr
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: radarr, namespace: media}
                spec:
                  sourcePVC: radarr
                  trigger: {schedule: "0 * * * *"}
                  restic: {repository: radarr-restic, copyMethod: Snapshot}
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: sonarr, namespace: media}
                spec:
                  sourcePVC: sonarr
                  trigger: {schedule: "0 * * * *"}
                  restic: {repository: sonarr-restic, copyMethod: Snapshot}
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: postgres-backup-secret, namespace: databases}
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
                  target:
                    name: postgres-backup-secret
                    template:
                      data:
                        RESTIC_REPOSITORY: s3:https://minio.example.com/volsync/postgres
                        RESTIC_PASSWORD: "{{ .RESTIC_PASSWORD }}"
                  dataFrom: [{extract: {key: volsync-restic}}]
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: postgres-data, namespace: databases}
                spec:
                  sourcePVC: postgres-data
                  trigger: {schedule: "0 */6 * * *"}
                  restic:
                    repository: postgres-backup-secret
                    copyMethod: Snapshot
                ---
                apiVersion: volsync.backube/v1alpha1
                kind: ReplicationSource
                metadata: {name: postgres-wal, namespace: databases}
                spec:
                  sourcePVC: postgres-wal
                  trigger: {schedule: "30 */6 * * *"}
                  restic:
                    repository: ↓postgres-backup-secret
                    copyMethod: Snapshot
                """
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        var first: [BackupInventory.Repository: (cluster: String, name: String, node: YAMLNode)] = [:]
        for cluster in context.clusters {
            let inventory = context.shared("BackupInventory/\(cluster.name)") { BackupInventory(cluster) }
            for object in cluster.objects
            where object.resource.kind == "ReplicationSource" && object.resource.group == "volsync.backube" {
                guard let node = object.spec[path: ["restic", "repository"]], let secret = node.string,
                    !secret.contains("${")
                else { continue }
                let namespace = object.resource.namespace ?? "default"
                let repository = inventory.repository(namespace: namespace, secret: secret)
                guard let earlier = first[repository] else {
                    first[repository] = (cluster.name, object.resource.name, node)
                    continue
                }
                let place = earlier.cluster == cluster.name ? "" : " in cluster '\(earlier.cluster)'"
                sink.report(
                    "ReplicationSource '\(object.resource.name)' backs up into \(repository.quoted), like ReplicationSource '\(earlier.name)'\(place)",
                    at: node.location,
                    object: context.reference(object, in: cluster),
                    notes: [Diagnostic.Note("the other source uses it here", at: earlier.node.location)]
                )
            }
        }
    }
}

extension BackupInventory.Repository {
    /// The repository for a message: a quoted URL, or the Secret naming it.
    var quoted: String {
        switch self {
        case .url(let url): "restic repository '\(url)'"
        case .secret: "the restic repository of \(description)"
        }
    }
}
