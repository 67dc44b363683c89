import StrataAnalyze
import StrataCore
import StrataFlux
import StrataYAML

/// The failure scenarios: one node (each), two nodes, a whole cluster (each), every cluster, the object store
/// and Ceph corruption; for each, what stops, what data is lost and how long recovery takes, against the
/// declared objectives.
struct ScenarioPlanner {
    /// What the planner knows of one cluster.
    struct Input {
        var cluster: Cluster
        var plan: Plan.ClusterPlan
        var ceph: [CephInventory.CephCluster]
        var nodes: [Facts.NodeFact]
    }

    /// Kubernetes notices a dead node after `--node-monitor-grace-period` (40 s) and evicts its pods after
    /// the default `not-ready`/`unreachable` toleration (300 s).
    static let failoverSeconds = 40.0 + 300.0

    let inputs: [Input]
    let objectives: [Facts.Objective]
    let throughput: Double?

    /// Every scenario, in a fixed order.
    var scenarios: [Plan.Scenario] {
        var out: [Plan.Scenario] = []
        for input in inputs {
            for node in input.nodes {
                out.append(nodes([node.name], in: input, id: "node"))
            }
        }
        for input in inputs where input.nodes.count >= 2 {
            out.append(nodes(worstPair(input), in: input, id: "two-nodes"))
        }
        for input in inputs {
            out.append(clusters([input], id: "cluster", target: input.cluster.name))
        }
        if inputs.count > 1 {
            out.append(clusters(inputs, id: "all-clusters", target: nil))
        }
        out.append(objectStore())
        for input in inputs {
            for ceph in input.plan.ceph {
                out.append(cephCorruption(ceph, in: input))
            }
        }
        return out
    }

    // MARK: - Nodes

    /// The two nodes whose loss hurts most: those with the most OSD space, then by name.
    private func worstPair(_ input: Input) -> [String] {
        let raw = Dictionary(
            input.plan.ceph.flatMap(\.domains).map { ($0.name, $0.rawBytes) },
            uniquingKeysWith: +
        )
        return input.nodes.map(\.name).sorted { (raw[$0] ?? 0, $1) > (raw[$1] ?? 0, $0) }.prefix(2).sorted()
    }

    private func nodes(_ lost: [String], in input: Input, id: String) -> Plan.Scenario {
        let name = input.cluster.name
        let lostCount = lost.count
        var effects: [Plan.Effect] = []
        var notCounted = [
            "pods of ReadWriteOnce volumes on a dead node wait for the node to be removed or tainted "
                + "node.kubernetes.io/out-of-service (non-graceful node shutdown)"
        ]
        var cephStopped = false
        var lostPools: Set<String> = []
        for (ceph, entry) in zip(input.plan.ceph, input.ceph) {
            let monitors = max(entry.spec[path: ["mon", "count"]]?.int ?? 3, 1)
            let lostMonitors =
                entry.spec[path: ["mon", "allowMultiplePerNode"]]?.bool == true
                ? monitors : min(lostCount, monitors)
            let quorum = (monitors - lostMonitors) * 2 > monitors
            effects.append(
                Plan.Effect(
                    cluster: name,
                    component: "Ceph monitors \(ceph.namespace)/\(ceph.name)",
                    state: lostMonitors == 0 ? "ok" : quorum ? "degraded" : "stopped",
                    detail: "\(monitors - lostMonitors) of \(monitors) monitors left"
                        + (quorum ? ", quorum kept" : ": no quorum, the whole Ceph cluster stops")
                )
            )
            if !quorum {
                cephStopped = true
                notCounted.append("Ceph stays stopped until enough monitors return to form a quorum")
            }
            let holding = Set(ceph.domains.map(\.name))
            let lostDomains = lost.filter(holding.contains).count
            for pool in ceph.pools {
                guard let protection = protection(pool) else { continue }
                let state = CephMath.state(protection: protection, minSize: pool.minSize, lost: lostDomains)
                if state == .lost { lostPools.insert(pool.name) }
                let left = max(protection.width - min(lostDomains, protection.width), 0)
                var detail =
                    "\(left) of \(protection.width) \(protection.label.hasPrefix("rep") ? "copies" : "chunks")"
                    + " left, min_size \(pool.minSize ?? protection.defaultMinSize)"
                if lostDomains > 0, let after = pool.afterLargestLoss {
                    detail +=
                        after.canReReplicate
                        ? "; re-replicates onto the remaining hosts" : "; no spare host to re-replicate onto"
                }
                effects.append(
                    Plan.Effect(
                        cluster: name,
                        component: "pool \(pool.name)",
                        state: cephStopped ? "stopped" : Self.state(state),
                        detail: detail
                    )
                )
            }
        }
        effects += workloads(input, lostNodes: lostCount, cephStopped: cephStopped)
        effects.append(
            Plan.Effect(
                cluster: name,
                component: "Flux controllers",
                state: "degraded",
                detail: "rescheduled onto another node after eviction"
            )
        )
        var losses: [Plan.Loss] = []
        for volume in input.plan.volumes where volume.holdsData {
            let onLostPool = volume.storage == "ceph" && lostPools.contains(volume.cephPool ?? "")
            // A local volume may be on any node: at worst on a lost one.
            guard volume.storage == "local" || onLostPool else { continue }
            losses.append(loss(volume, cluster: name))
        }
        let restore = losses.compactMap(\.restoreBytes).reduce(0, +)
        let restoreSeconds = seconds(restore)
        let recovery = Plan.Recovery(
            cluster: name,
            bootstrapSeconds: 0,
            restoreBytes: restore,
            restoreSeconds: restoreSeconds,
            totalSeconds: cephStopped ? nil : Self.failoverSeconds + (restoreSeconds ?? 0),
            notCounted: notCounted
        )
        let title =
            lostCount == 1
            ? "node \(lost[0]) of \(name) lost" : "nodes \(lost.joined(separator: " and ")) of \(name) lost"
        return scenario(
            id: id,
            target: lost.joined(separator: "+"),
            title: title,
            inputs: [input],
            effects: effects,
            losses: losses,
            recoveries: [recovery],
            readiness: { _, _ in recovery.totalSeconds }
        )
    }

    /// What happens to VictoriaMetrics and CloudNativePG when nodes go.
    private func workloads(_ input: Input, lostNodes: Int, cephStopped: Bool) -> [Plan.Effect] {
        var effects: [Plan.Effect] = []
        let name = input.cluster.name
        let cephBacked = Set(input.plan.volumes.filter { $0.storage == "ceph" }.map(\.declaredBy))
        for object in input.cluster.objects {
            let spec = object.spec
            let resource = object.resource
            let id = "\(resource.namespace ?? "default")/\(resource.name)"
            switch (resource.group, resource.kind) {
            case ("operator.victoriametrics.com", "VMCluster"):
                let factor = max(spec["replicationFactor"]?.int ?? 1, 1)
                let nodes = max(spec[path: ["vmstorage", "replicaCount"]]?.int ?? 1, 1)
                let lost = min(lostNodes, nodes)
                let stopped = cephStopped && cephBacked.contains("VMCluster/\(resource.name)")
                let state = stopped ? "stopped" : lost == 0 ? "ok" : lost < factor ? "degraded" : "stopped"
                let detail =
                    stopped
                    ? "its volumes are on the stopped Ceph cluster"
                    : "\(nodes - lost) of \(nodes) vmstorage nodes left, replicationFactor \(factor): "
                        + (lost < factor
                            ? "every sample is still on a remaining node" : "some samples are on no remaining node")
                effects.append(Plan.Effect(cluster: name, component: "VMCluster \(id)", state: state, detail: detail))
            case ("postgresql.cnpg.io", "Cluster"):
                let instances = max(spec["instances"]?.int ?? 1, 1)
                let lost = min(lostNodes, instances)
                let stopped = cephStopped && cephBacked.contains("Cluster/\(resource.name)")
                let state = stopped ? "stopped" : lost == 0 ? "ok" : lost < instances ? "degraded" : "stopped"
                let detail =
                    stopped
                    ? "its volumes are on the stopped Ceph cluster"
                    : "\(instances - lost) of \(instances) instances left"
                        + (lost < instances ? "; a replica is promoted if the primary was lost" : "")
                effects.append(
                    Plan.Effect(cluster: name, component: "CNPG Cluster \(id)", state: state, detail: detail)
                )
            default:
                continue
            }
        }
        return effects
    }

    // MARK: - Clusters

    private func clusters(_ lost: [Input], id: String, target: String?) -> Plan.Scenario {
        var effects: [Plan.Effect] = []
        var losses: [Plan.Loss] = []
        for input in lost {
            let name = input.cluster.name
            for ceph in input.plan.ceph {
                effects.append(
                    Plan.Effect(
                        cluster: name,
                        component: "Ceph \(ceph.namespace)/\(ceph.name)",
                        state: "lost",
                        detail: "every pool and its data"
                    )
                )
            }
            effects += workloads(input, lostNodes: Int.max, cephStopped: false).map {
                Plan.Effect(cluster: $0.cluster, component: $0.component, state: "lost", detail: "with the cluster")
            }
            effects.append(
                Plan.Effect(
                    cluster: name,
                    component: "Flux",
                    state: "lost",
                    detail: "bootstrapped again; "
                        + (input.plan.bootstrap.kustomizations.count == 1
                            ? "its Kustomization reconciles"
                            : "\(input.plan.bootstrap.kustomizations.count) Kustomizations reconcile")
                )
            )
            losses += input.plan.volumes.filter(\.holdsData).map { loss($0, cluster: name) }
        }
        // Clusters are rebuilt side by side, but their restores share the backup store's throughput.
        let shared = losses.compactMap(\.restoreBytes).reduce(0, +)
        let recoveries = lost.map { input in
            let restore = losses.filter { $0.cluster == input.cluster.name }.compactMap(\.restoreBytes).reduce(0, +)
            let restoreSeconds = seconds(lost.count > 1 ? shared : restore)
            return Plan.Recovery(
                cluster: input.cluster.name,
                bootstrapSeconds: input.plan.bootstrap.criticalPathSeconds,
                restoreBytes: restore,
                restoreSeconds: restoreSeconds,
                totalSeconds: restoreSeconds.map { input.plan.bootstrap.criticalPathSeconds + $0 }
                    ?? (restore == 0 ? input.plan.bootstrap.criticalPathSeconds : nil),
                notCounted: [
                    "reinstalling the nodes, bootstrapping etcd, installing the CNI and running flux bootstrap",
                    "declaring the restores (VolSync ReplicationDestination, CloudNativePG recovery, velero restore)",
                ]
            )
        }
        let title = target.map { "cluster \($0) lost" } ?? "every cluster lost"
        return scenario(
            id: id,
            target: target,
            title: title,
            inputs: lost,
            effects: effects,
            losses: losses,
            recoveries: recoveries,
            readiness: { cluster, namespace in
                // A namespace is back when the Kustomizations applying it are ready and its data restored.
                guard let input = lost.first(where: { $0.cluster.name == cluster }),
                    let recovery = recoveries.first(where: { $0.cluster == cluster })
                else { return nil }
                guard let namespace else { return recovery.totalSeconds }
                let ready = Self.readiness(of: namespace, in: input)
                let restore = losses.filter { $0.cluster == cluster && $0.namespace == namespace }
                    .compactMap(\.restoreBytes).reduce(0, +)
                guard let restoreSeconds = seconds(lost.count > 1 ? shared : restore) else {
                    return restore == 0 ? ready : nil
                }
                return ready + (restore == 0 ? 0 : restoreSeconds)
            }
        )
    }

    /// When the last Kustomization applying objects of a namespace is ready.
    static func readiness(of namespace: String, in input: Input) -> Double {
        let appliers = Set(
            input.cluster.objects.filter { ($0.resource.namespace ?? "default") == namespace }
                .map(\.appliedBy.description)
        )
        return input.plan.bootstrap.kustomizations.filter { appliers.contains($0.id) }.map(\.readySeconds).max()
            ?? input.plan.bootstrap.criticalPathSeconds
    }

    // MARK: - Object store

    private func objectStore() -> Plan.Scenario {
        var effects: [Plan.Effect] = []
        for input in inputs {
            var seen: Set<String> = []
            for volume in input.plan.volumes {
                for protection in volume.protections where protection.offsite {
                    guard seen.insert("\(protection.namespace)/\(protection.name)").inserted else { continue }
                    effects.append(
                        Plan.Effect(
                            cluster: input.cluster.name,
                            component: "\(protection.kind) \(protection.namespace)/\(protection.name)",
                            state: "stopped",
                            detail: "its copies are gone and new runs fail until a backup store is back"
                        )
                    )
                }
            }
        }
        let recoveries = inputs.map { input in
            // Nothing stops, but nothing is protected until every volume has been copied in full again.
            let protected = input.plan.volumes.filter { $0.holdsData && $0.rpoSeconds != nil }
                .compactMap(\.totalBytes).reduce(0, +)
            let copy = seconds(protected)
            let exposure =
                copy.map { " (\(PlanFormat.duration($0)) at the restore throughput)" } ?? ""
            return Plan.Recovery(
                cluster: input.cluster.name,
                bootstrapSeconds: 0,
                restoreBytes: 0,
                restoreSeconds: 0,
                totalSeconds: 0,
                notCounted: [
                    "a new backup store, then a first full backup of \(PlanFormat.bytes(protected))\(exposure) "
                        + "before the data is protected again"
                ]
            )
        }
        return scenario(
            id: "object-store",
            target: nil,
            title: "backup object store lost",
            inputs: inputs,
            effects: effects,
            losses: [],
            recoveries: recoveries,
            readiness: { _, _ in 0 }
        )
    }

    // MARK: - Ceph corruption

    private func cephCorruption(_ ceph: Plan.CephCluster, in input: Input) -> Plan.Scenario {
        let name = input.cluster.name
        let pools = Set(ceph.pools.map(\.name))
        var effects = ceph.pools.map {
            Plan.Effect(cluster: name, component: "pool \($0.name)", state: "lost", detail: "corrupted with its copies")
        }
        let onCeph = input.plan.volumes.filter { $0.storage == "ceph" && pools.contains($0.cephPool ?? "") }
        for owner in Set(onCeph.map(\.declaredBy)).sorted() {
            effects.append(
                Plan.Effect(cluster: name, component: owner, state: "stopped", detail: "its volumes are on Ceph")
            )
        }
        let losses = onCeph.filter(\.holdsData).map { loss($0, cluster: name) }
        // Rebuilding starts again at the Kustomization that applies the CephCluster and runs through everything
        // that waits for it.
        let bootstrap = input.plan.bootstrap
        let cephObject = input.cluster.objects.first {
            $0.resource.kind == "CephCluster" && $0.resource.namespace == ceph.namespace
        }
        let from = cephObject.flatMap { bootstrap.kustomization($0.appliedBy.description) }
        let downstream = from.map { Self.downstream(of: $0.id, in: bootstrap) } ?? []
        let rebuild =
            from.map { start in
                (bootstrap.kustomizations.filter { downstream.contains($0.id) }.map(\.readySeconds).max() ?? 0)
                    - start.startSeconds
            } ?? bootstrap.criticalPathSeconds
        let restore = losses.compactMap(\.restoreBytes).reduce(0, +)
        let restoreSeconds = seconds(restore)
        let recovery = Plan.Recovery(
            cluster: name,
            bootstrapSeconds: rebuild,
            restoreBytes: restore,
            restoreSeconds: restoreSeconds,
            totalSeconds: restoreSeconds.map { rebuild + $0 } ?? (restore == 0 ? rebuild : nil),
            notCounted: [
                "wiping the OSD disks and dataDirHostPath so that a new CephCluster can start",
                "declaring the restores",
            ]
        )
        return scenario(
            id: "ceph-corruption",
            target: "\(name)/\(ceph.namespace)/\(ceph.name)",
            title: "Ceph cluster \(ceph.namespace)/\(ceph.name) of \(name) corrupted",
            inputs: [input],
            effects: effects,
            losses: losses,
            recoveries: [recovery],
            readiness: { _, _ in recovery.totalSeconds }
        )
    }

    /// A Kustomization and everything that waits for it, through `dependsOn` and the parent chain.
    static func downstream(of id: String, in bootstrap: Plan.Bootstrap) -> Set<String> {
        var out: Set<String> = [id]
        var changed = true
        while changed {
            changed = false
            for kustomization in bootstrap.kustomizations where !out.contains(kustomization.id) {
                if kustomization.dependsOn.contains(where: out.contains) || out.contains(kustomization.parent ?? "") {
                    out.insert(kustomization.id)
                    changed = true
                }
            }
        }
        return out
    }

    // MARK: - Shared

    private func protection(_ pool: Plan.Pool) -> CephMath.Protection? {
        if let size = pool.size { return .replicated(size: size) }
        if let k = pool.dataChunks, let m = pool.codingChunks { return .erasureCoded(dataChunks: k, codingChunks: m) }
        return nil
    }

    private static func state(_ state: CephMath.PoolState) -> String {
        switch state {
        case .healthy: "ok"
        case .degraded: "degraded"
        case .inactive: "stopped"
        case .lost: "lost"
        }
    }

    private func seconds(_ bytes: Double) -> Double? {
        if bytes == 0 { return 0 }
        guard let throughput, throughput > 0 else { return nil }
        return bytes / throughput
    }

    /// A lost volume, restored from its best off-cluster protection.
    private func loss(_ volume: Plan.Volume, cluster: String) -> Plan.Loss {
        let best = volume.protections.filter { $0.offsite && $0.rpoSeconds != nil }
            .min { ($0.rpoSeconds ?? 0, $0.name) < ($1.rpoSeconds ?? 0, $1.name) }
        var restore: Double?
        if let best, let size = volume.sizeBytes {
            switch best.kind {
            // One instance restores; the others clone it.
            case "cnpg-wal", "cnpg-backup": restore = size
            case "volsync":
                restore = size * Double(min(volume.count, volume.protections.filter { $0.kind == "volsync" }.count))
            default: restore = size * Double(volume.count)
            }
        }
        return Plan.Loss(
            cluster: cluster,
            namespace: volume.namespace,
            volume: volume.name,
            rpoSeconds: volume.rpoSeconds,
            restoredFrom: best.map { "\($0.kind) \($0.namespace)/\($0.name)" },
            restoreBytes: restore
        )
    }

    /// Assembles a scenario and judges it against every objective that covers it.
    private func scenario(
        id: String,
        target: String?,
        title: String,
        inputs: [Input],
        effects: [Plan.Effect],
        losses: [Plan.Loss],
        recoveries: [Plan.Recovery],
        readiness: (String, String?) -> Double?
    ) -> Plan.Scenario {
        let names = inputs.map(\.cluster.name)
        var judgements: [Plan.Judgement] = []
        for objective in ObjectiveScope.applicable(objectives, scenario: id, clusters: names) {
            let clusters = objective.cluster.map { [$0] } ?? names
            let inScope = losses.filter { loss in
                clusters.contains(loss.cluster) && (objective.namespace == nil || loss.namespace == objective.namespace)
                    && (objective.name == nil || ObjectiveScope.volume(loss.volume, matches: objective.name ?? ""))
            }
            let unbounded = inScope.contains { $0.rpoSeconds == nil }
            let rpo = unbounded ? nil : inScope.compactMap(\.rpoSeconds).max() ?? 0
            let times = clusters.map { readiness($0, objective.namespace) }
            let rto = times.contains { $0 == nil } ? nil : times.compactMap { $0 }.max()
            judgements.append(
                Plan.Judgement(
                    cluster: objective.cluster,
                    namespace: objective.namespace,
                    name: objective.name,
                    declaredAt: objective.location.map { "\($0.path):\($0.line)" },
                    rpoObjectiveSeconds: objective.rpo,
                    rpoSeconds: rpo,
                    rpoUnbounded: unbounded,
                    rpoMarginSeconds: objective.rpo.flatMap { goal in rpo.map { goal - $0 } },
                    rpoMet: objective.rpo.map { goal in rpo.map { $0 <= goal } ?? false },
                    rtoObjectiveSeconds: objective.rto,
                    rtoSeconds: rto,
                    rtoMarginSeconds: objective.rto.flatMap { goal in rto.map { goal - $0 } },
                    rtoMet: objective.rto.flatMap { goal in rto.map { $0 <= goal } }
                )
            )
        }
        return Plan.Scenario(
            id: id,
            target: target,
            title: title,
            clusters: names,
            effects: effects,
            dataLoss: losses,
            recovery: recoveries,
            objectives: judgements
        )
    }
}
