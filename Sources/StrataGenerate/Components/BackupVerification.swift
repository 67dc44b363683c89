import StrataPlatform
import StrataYAML

/// The restore drill: on the spec's verification schedule, for every backed-up volume, a Job checks the
/// volume's restic repository (reading part of its data), restores the latest snapshot into a scratch
/// volume and verifies the restored files, and fails — so the failed-Job alert fires — on any error.
///
/// `restic check` takes an exclusive repository lock, so a drill must never overlap a backup of the same
/// repository: the spec validator refuses a verification schedule that falls into a backup window, each
/// Job is cut off after ``deadlineSeconds`` so it cannot run into the next backup, a CronJob never starts a
/// second drill while one runs (`concurrencyPolicy: Forbid`) nor late (`startingDeadlineSeconds`), and
/// restic waits for a lock held by a backup that runs long instead of failing at once (`--retry-lock`).
public struct BackupVerification: PlatformComponent {
    /// The namespace the drills run in.
    public static let namespace = "backup-verification"
    /// The `versions.images` role of the restic image the drill runs.
    static let imageRole = "restic"
    /// The longest a drill may run; backups must start at least this long after it.
    public static let deadlineSeconds = 3600
    /// How late a missed drill may still start.
    static let startingDeadlineSeconds = 300
    /// The share of pack files `restic check` reads back each time.
    static let readDataSubset = "10%"

    /// Creates the component.
    public init() {}

    /// Adds one drill per backed-up volume of the cluster's applications.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        let repositories = VolSyncRepository.all(in: plan.cluster.name, context: context)
        guard !repositories.isEmpty else { return }
        var documents: [YAMLNode] = [
            Manifests.namespace(
                Self.namespace,
                labels: [
                    ("pod-security.kubernetes.io/enforce", "restricted"),
                    ("pod-security.kubernetes.io/audit", "restricted"),
                    ("pod-security.kubernetes.io/warn", "restricted"),
                ]
            )
        ]
        for repository in repositories {
            documents.append(repository.externalSecret(namespace: Self.namespace, context: context))
            documents.append(Self.cronJob(for: repository, context: context))
        }
        plan.add(
            documents,
            to: .backups,
            file: "verification.yaml",
            comment: """
                The restore drill: check each volume's repository, restore its latest snapshot into scratch
                space and verify it. It runs away from every backup (restic check locks the repository), is
                cut off after an hour and never runs twice at once.
                """
        )
    }

    /// The name of a volume's drill, unique across applications.
    static func name(for repository: VolSyncRepository) -> String {
        "verify-\(repository.application.namespace)-\(repository.volume.name)"
    }

    /// The drill's shell script: any failing step fails the Job.
    static let script = """
        set -eu
        restic check --retry-lock 10m --read-data-subset=\(readDataSubset)
        restic snapshots --latest 1
        restic restore latest --target /scratch --verify
        echo "restored and verified the latest snapshot of $RESTIC_REPOSITORY"
        """

    /// The CronJob of one volume.
    static func cronJob(for repository: VolSyncRepository, context: GenerationContext) -> YAMLNode {
        let user = YAMLNode.int(VolSyncRepository.userID)
        let container: YAMLNode = [
            "name": "verify",
            "image": "\(context.image(imageRole))",
            "command": ["/bin/sh", "-c"],
            "args": [.string(script)],
            "envFrom": [["secretRef": ["name": "\(repository.secretName)"]]],
            "env": [["name": "RESTIC_CACHE_DIR", "value": "/cache"]],
            "volumeMounts": [["name": "scratch", "mountPath": "/scratch"], ["name": "cache", "mountPath": "/cache"]],
            "securityContext": ["allowPrivilegeEscalation": false, "capabilities": ["drop": ["ALL"]]],
        ]
        let podSpec: YAMLNode = [
            "restartPolicy": "Never",
            "securityContext": [
                "runAsNonRoot": true,
                "runAsUser": user,
                "runAsGroup": user,
                "fsGroup": user,
                "seccompProfile": ["type": "RuntimeDefault"],
            ],
            "containers": [container],
            "volumes": [
                [
                    "name": "scratch",
                    "emptyDir": ["sizeLimit": "\(VolSyncRepository.quantity(repository.volume.sizeBytes))"],
                ],
                ["name": "cache", "emptyDir": [:]],
            ],
        ]
        return [
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": ["name": "\(name(for: repository))", "namespace": "\(namespace)"],
            "spec": [
                "schedule": "\(context.spec.backups.verification.schedule)",
                "concurrencyPolicy": "Forbid",
                "startingDeadlineSeconds": .int(startingDeadlineSeconds),
                "successfulJobsHistoryLimit": 1,
                "failedJobsHistoryLimit": 3,
                "jobTemplate": [
                    "spec": [
                        "backoffLimit": 0,
                        "activeDeadlineSeconds": .int(deadlineSeconds),
                        "template": [
                            "metadata": ["labels": ["app.kubernetes.io/name": "backup-verification"]], "spec": podSpec,
                        ],
                    ]
                ],
            ],
        ]
    }
}
