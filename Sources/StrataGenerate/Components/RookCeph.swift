import StrataPlatform
import StrataYAML

/// Rook Ceph: the operator on every cluster that takes part in Ceph, the Ceph cluster with its pools,
/// filesystem and classes on the provider, and an external cluster with the same classes on each consumer.
///
/// The CephCluster and pools are written as custom resources rather than through the `rook-ceph-cluster`
/// chart: they are validated against Rook's CRDs as written, sit in the storage layer after the operator
/// that defines them, and the consumers' classes come from the same code as the provider's.
public struct RookCeph: PlatformComponent {
    /// The namespace of the operator and of the CephCluster (the CSI drivers' name prefix and `clusterID`).
    public static let namespace = "rook-ceph"
    /// The CephCluster's name, provider or external: Rook's own examples name it after its namespace.
    public static let clusterName = namespace

    /// Creates the component.
    public init() {}

    /// Adds the operator, then the provider's or the consumer's objects.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard let provider = context.cephProvider, plan.cluster.ceph != .none,
            let version = context.version(of: "rook-ceph"), let source = ChartSource.all["rook-ceph"]
        else { return }
        plan.addSource(for: source)
        let release = Manifests.helmRelease(
            name: "rook-ceph",
            namespace: Self.namespace,
            source: source,
            version: version,
            values: ["crds": ["enabled": true]]
        )
        // Ceph daemons and CSI plugins use host networking and host paths, which Talos' default baseline
        // Pod Security level refuses.
        let namespace = Manifests.namespace(
            Self.namespace,
            labels: [
                ("pod-security.kubernetes.io/enforce", "privileged"),
                ("pod-security.kubernetes.io/audit", "privileged"),
                ("pod-security.kubernetes.io/warn", "privileged"),
            ]
        )
        plan.add(
            [namespace, release],
            to: .operators,
            file: "rook-ceph.yaml",
            comment: "The operator chart installs the ceph.rook.io CRDs and the CSI drivers."
        )
        let ceph = context.spec.storage.ceph
        let classes = CephStorageClasses(ceph: ceph, context: context).documents
        switch plan.cluster.ceph {
        case .provider:
            let cephCluster = CephProviderCluster(cluster: plan.cluster, spec: context.spec)
            let pools = CephPools(ceph: ceph, hosts: cephCluster.storageNodes.count)
            plan.add(
                [cephCluster.document],
                to: .storage,
                file: "ceph-cluster.yaml",
                comment: """
                    Ceph options live in cephConfig (Rook writes them to the mons' config database); the OSD
                    memory limit leaves room above osd_memory_target for recovery.
                    """
            )
            plan.add(
                pools.documents,
                to: .storage,
                file: "ceph-pools.yaml",
                comment: "Erasure-coded RBD pools keep image metadata in a replicated companion pool."
            )
            plan.add(classes, to: .storage, file: "ceph-storage-classes.yaml")
            // Rook reports the cluster's phase as Ready once the mons, mgrs and OSDs are up, Failure on errors.
            plan.addHealthCheckExpression(
                apiVersion: "ceph.rook.io/v1",
                kind: "CephCluster",
                current: "status.phase == 'Ready'",
                failed: "status.phase == 'Failure'",
                to: .storage
            )
            // Pools and filesystems carry only a phase and no conditions, which kstatus takes as ready at once.
            for kind in ["CephBlockPool", "CephFilesystem"] {
                plan.addHealthCheckExpression(
                    apiVersion: "ceph.rook.io/v1",
                    kind: kind,
                    current: "status.phase == 'Ready'",
                    failed: "status.phase == 'Failure'",
                    to: .storage
                )
            }
        case .consumer:
            let external = CephExternalCluster(provider: provider, store: context.secretStoreName)
            plan.add(
                external.secrets,
                to: .platform,
                file: "ceph-external-secrets.yaml",
                comment: external.comment(ceph: ceph)
            )
            plan.add(
                [external.cluster],
                to: .storage,
                file: "ceph-external-cluster.yaml",
                comment: """
                    The Ceph cluster of \(provider.name), reached on its nodes' addresses (host networking),
                    through the connection objects of the platform layer.
                    """
            )
            plan.add(
                classes,
                to: .storage,
                file: "ceph-storage-classes.yaml",
                comment:
                    "The same classes as on \(provider.name): they name its pools, reached through the external cluster."
            )
            // An external cluster never becomes Ready: Rook reports Connected once it reaches the mons.
            plan.addHealthCheckExpression(
                apiVersion: "ceph.rook.io/v1",
                kind: "CephCluster",
                current: "status.phase == 'Connected'",
                failed: "status.phase == 'Failure'",
                to: .storage
            )
        case .none:
            break
        }
    }
}
