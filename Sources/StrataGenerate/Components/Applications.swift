public import StrataPlatform
import StrataYAML

/// The spec's applications: namespace, Deployment, Service and volume claims, in the `apps` layer of the
/// cluster each runs in (`apps/<cluster>/<app>/`).
///
/// A backed-up volume on a snapshot-capable class is claimed with `dataSourceRef` to its VolSync
/// ReplicationDestination (written by ``VolSync``), so a claim created on a rebuilt cluster is filled from
/// the latest backup instead of starting empty.
public struct Applications: PlatformComponent {
    /// Creates the component.
    public init() {}

    /// Adds the applications that run in the plan's cluster.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        for application in context.spec.applications where application.cluster == plan.cluster.name {
            let directory = application.name
            plan.add(
                [Self.namespace(application)],
                to: .apps,
                file: "\(directory)/namespace.yaml",
                comment: """
                    Talos enforces the baseline Pod Security level by default; the application itself meets
                    restricted, which is audited and warned about here.
                    """
            )
            if !application.volumes.isEmpty {
                plan.add(
                    application.volumes.map { Self.claim($0, of: application, context: context) },
                    to: .apps,
                    file: "\(directory)/pvc.yaml",
                    comment: Self.claimsComment(application)
                )
            }
            plan.add(
                [Self.deployment(application), Self.service(application)],
                to: .apps,
                file: "\(directory)/deployment.yaml",
                comment: application.volumes.isEmpty
                    ? nil : "Recreate: a ReadWriteOnce volume cannot be mounted by the old and the new pod at once."
            )
        }
    }

    /// The namespace, enforcing baseline and auditing restricted.
    static func namespace(_ application: ApplicationSpec) -> YAMLNode {
        Manifests.namespace(
            application.namespace,
            labels: [
                ("pod-security.kubernetes.io/enforce", "baseline"),
                ("pod-security.kubernetes.io/audit", "restricted"),
                ("pod-security.kubernetes.io/warn", "restricted"),
            ]
        )
    }

    /// The labels that select the application's pods.
    static func selector(_ application: ApplicationSpec) -> YAMLNode {
        ["app.kubernetes.io/name": "\(application.name)"]
    }

    /// A volume's claim; restored from its backup when it is created on an empty cluster.
    static func claim(_ volume: VolumeSpec, of application: ApplicationSpec, context: GenerationContext) -> YAMLNode {
        var spec: YAMLNode = [
            "storageClassName": "\(volume.storageClass)",
            "accessModes": ["ReadWriteOnce"],
            "resources": ["requests": ["storage": "\(VolSyncRepository.quantity(volume.sizeBytes))"]],
        ]
        if volume.backup {
            let repository = VolSyncRepository(application: application, volume: volume, context: context)
            if repository.usesSnapshots {
                spec.set(
                    "dataSourceRef",
                    [
                        "apiGroup": "volsync.backube",
                        "kind": "ReplicationDestination",
                        "name": "\(repository.destinationName)",
                    ]
                )
            }
        }
        var metadata: YAMLNode = ["name": "\(volume.name)", "namespace": "\(application.namespace)"]
        if volume.backup {
            metadata.set("labels", [Velero.excludeLabel: "true"])
        } else {
            metadata.set(
                "annotations",
                ["ignore.strata.dev/backup.pvc-not-covered": "the spec marks this volume as not backed up"]
            )
        }
        return ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": metadata, "spec": spec]
    }

    /// Why the claims look the way they do; the Velero part only when some volume is backed up by VolSync.
    static func claimsComment(_ application: ApplicationSpec) -> String {
        var comment = """
            A claim that names a ReplicationDestination in dataSourceRef is filled by VolSync's volume
            populator from the latest backup when it is created, so a rebuilt cluster gets its data back.
            """
        guard application.volumes.contains(where: \.backup) else { return comment }
        comment += """

            Claims VolSync backs up are labelled out of Velero: their data is not copied twice, and a Velero
            restore does not recreate them (from an older snapshot, or empty), so the claim Flux applies from
            Git, with its dataSourceRef, is the one VolSync fills.
            """
        return comment
    }

    /// The Deployment: one replica, memory requested and limited to the spec's amount, restricted-compliant.
    static func deployment(_ application: ApplicationSpec) -> YAMLNode {
        let memory = VolSyncRepository.quantity(application.memoryBytes)
        let user = YAMLNode.int(VolSyncRepository.userID)
        var container: YAMLNode = [
            "name": "\(application.name)",
            "image": "\(application.image)",
            "ports": [["name": "http", "containerPort": .int(application.port), "protocol": "TCP"]],
            "resources": ["requests": ["memory": "\(memory)"], "limits": ["memory": "\(memory)"]],
            "readinessProbe": ["tcpSocket": ["port": "http"], "periodSeconds": 10],
            "securityContext": [
                "allowPrivilegeEscalation": false,
                "capabilities": ["drop": ["ALL"]],
            ],
        ]
        if !application.volumes.isEmpty {
            container.set(
                "volumeMounts",
                .sequence(application.volumes.map { ["name": "\($0.name)", "mountPath": "\($0.mountPath)"] })
            )
        }
        var podSpec: YAMLNode = [
            "securityContext": [
                "runAsNonRoot": true,
                "runAsUser": user,
                "runAsGroup": user,
                "fsGroup": user,
                "seccompProfile": ["type": "RuntimeDefault"],
            ],
            "containers": [container],
        ]
        if !application.volumes.isEmpty {
            podSpec.set(
                "volumes",
                .sequence(
                    application.volumes.map {
                        ["name": "\($0.name)", "persistentVolumeClaim": ["claimName": "\($0.name)"]]
                    }
                )
            )
        }
        var spec: YAMLNode = ["replicas": 1]
        if !application.volumes.isEmpty { spec.set("strategy", ["type": "Recreate"]) }
        spec.set("selector", ["matchLabels": selector(application)])
        spec.set("template", ["metadata": ["labels": selector(application)], "spec": podSpec])
        return [
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": ["name": "\(application.name)", "namespace": "\(application.namespace)"],
            "spec": spec,
        ]
    }

    /// The ClusterIP Service in front of the container port.
    static func service(_ application: ApplicationSpec) -> YAMLNode {
        [
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": ["name": "\(application.name)", "namespace": "\(application.namespace)"],
            "spec": [
                "type": "ClusterIP",
                "selector": selector(application),
                "ports": [["name": "http", "port": .int(application.port), "targetPort": "http", "protocol": "TCP"]],
            ],
        ]
    }
}
