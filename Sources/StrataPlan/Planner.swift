import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// Computes a repository's plan from the loaded clusters and the facts of `strata.yaml`.
public struct Planner: Sendable {
    /// The bytes per sample used when the facts do not state one.
    public var bytesPerSample: Double

    /// Creates a planner with the measured bytes per sample.
    public init(bytesPerSample: Double = Calibration.bytesPerSample) {
        self.bytesPerSample = bytesPerSample
    }

    /// The model's assumptions, as reports state them.
    public static let assumptions = [
        "Ceph: raw space counts only hosts that hold OSDs; usable = raw × 1/size (replicated) or k/(k+m) "
            + "(erasure-coded), each pool as if it had the raw space to itself; min_size is Ceph's default "
            + "(size − size/2, or k+1) unless the pool sets it; recovery after losing the largest host must fit "
            + "below the backfillfull ratio on the hosts left.",
        "Memory: every node may run a monitor, a manager and a metadata server of each filesystem (one of each "
            + "when Rook keeps them apart); daemons count at their memory limit, else their request, else the "
            + "rook-ceph-cluster chart's default; workloads count at their declared requests, DaemonSets on every "
            + "node and the rest spread evenly; pods of Helm charts are not rendered and not counted; the OS "
            + "reserve is Talos' control-plane systemReserved plus the kubelet's eviction threshold.",
        "VictoriaMetrics: retained bytes = series × 86,400 / scrape interval × retention days × bytes per sample "
            + "× replicationFactor, spread evenly over the vmstorage nodes, each of which must keep 20% of its "
            + "volume free.",
        "Backups: a volume's recovery point is the longest gap between two runs of its best off-cluster "
            + "protection (how long a run takes is not known from the repository and is not added); CSI snapshots "
            + "that stay in the storage system do not count; CloudNativePG with WAL archiving loses at most its "
            + "archive_timeout.",
        "Flux: a Kustomization starts once its parent applied it and each dependsOn target is ready, plus up to "
            + "the 30 s dependency requeue; one that waits for health costs its timeout, one that does not costs "
            + "nothing; the recovery time is the critical path plus restoring every lost volume at the restore "
            + "throughput, one after the other.",
        "Failures: placement is at its worst (a lost node held a monitor, a copy of every pool, a vmstorage "
            + "node, a database instance and any local volume); the Kubernetes control plane (etcd) is not "
            + "modelled because node roles are not facts.",
    ]

    /// Plans every cluster of an analysis context.
    public func plan(_ context: AnalysisContext) -> Plan {
        let ceph = context.shared("CephInventory") { CephInventory(context) }
        let network = context.shared("NetworkInventory") { NetworkInventory(context) }
        let pools = context.shared("CiliumPool") { CiliumPool.all(in: context) }
        let routers = context.shared("JunosConfig") { JunosConfig.all(in: context.files) }
        let throughput = context.facts.restoreThroughput
        var inputs: [ScenarioPlanner.Input] = []
        for cluster in context.clusters {
            let classes = StorageClasses(cluster, ceph: ceph)
            let inventory = VolumeInventory(cluster, classes: classes)
            let coverage = BackupCoverage(cluster, inventory: inventory, context: context)
            let plan = Plan.ClusterPlan(
                name: cluster.name,
                ceph: CephPlanner.plan(
                    cluster: cluster.name,
                    inventory: ceph,
                    facts: context.facts,
                    volumes: coverage.volumes
                ),
                memory: MemoryPlanner.plan(cluster: cluster, inventory: ceph, facts: context.facts),
                metrics: MetricsPlanner.plan(cluster: cluster, facts: context.facts, bytesPerSample: bytesPerSample),
                volumes: coverage.volumes,
                unmatchedBackups: coverage.unmatched,
                bootstrap: BootstrapPath.compute(BootstrapPath.nodes(of: cluster)),
                network: NetworkPlanner.plan(cluster: cluster, inventory: network, pools: pools)
            )
            inputs.append(
                ScenarioPlanner.Input(
                    cluster: cluster,
                    plan: plan,
                    ceph: ceph.clusters.filter { $0.cluster == cluster.name },
                    nodes: context.facts.nodes(in: cluster.name)
                )
            )
        }
        let scenarios = ScenarioPlanner(
            inputs: inputs,
            objectives: context.facts.objectives,
            throughput: throughput
        ).scenarios
        var calibration = Plan.CalibrationInfo.measured
        calibration.bytesPerSample = bytesPerSample
        return Plan(
            assumptions: Self.assumptions,
            calibration: calibration,
            restoreThroughputBytesPerSecond: throughput,
            clusters: inputs.map(\.plan),
            routers: NetworkPlanner.routers(routers),
            scenarios: scenarios
        )
    }

    /// Loads a repository with its `strata.yaml` and plans it.
    ///
    /// - Parameters:
    ///   - root: The absolute repository root.
    ///   - options: Clusters and sources, as for any load.
    ///   - sink: Receives the configuration's findings.
    /// - Returns: The loaded repository, its configuration and its plan.
    public func plan(
        root: String,
        options: LoadOptions = LoadOptions(),
        into sink: some DiagnosticSink
    ) -> (repository: Repository, configuration: Configuration, plan: Plan) {
        let configuration = Configuration.load(root: root, knownRuleIDs: Analyzer.knownIDs, into: sink)
        var options = options
        if options.clusters.isEmpty { options.clusters = configuration.clusters }
        let repository = RepositoryLoader(root: root, options: options).load()
        let context = AnalysisContext(
            repository: repository,
            configuration: configuration,
            files: RepositoryFiles(root: repository.root)
        )
        return (repository, configuration, plan(context))
    }
}
