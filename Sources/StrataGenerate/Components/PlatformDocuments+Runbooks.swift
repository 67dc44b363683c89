import StrataPlatform

extension PlatformDocuments {
    /// One DR runbook.
    struct Runbook {
        var scenario: String
        var title: String
        var text: String
    }

    /// The prefix that runs the `ceph` and `rados` CLIs against the cluster, through Rook's kubectl plugin
    /// (`kubectl krew install rook-ceph`): it needs no toolbox Deployment in the cluster.
    static let cephCLI = "kubectl rook-ceph -n \(RookCeph.namespace)"

    /// Commands indented to sit in a fenced block of a numbered step.
    static func stepCommands(_ lines: [String]) -> String {
        lines.map { "   \($0)\n" }.joined()
    }

    /// The bootstrap Secrets the secret store needs, made by hand on every new cluster: the Connect token the
    /// store reads, and the credentials file of a Connect server the platform runs itself.
    static func secretStoreCommands(_ spec: PlatformSpec) -> [String] {
        var namespaces = [ExternalSecrets.namespace]
        var commands = ExternalSecrets.connectTokenCommand(vault: spec.secrets.vault)
        if let connect = ExternalSecretsConnect(connectHost: spec.secrets.connectHost) {
            if !namespaces.contains(connect.namespace) { namespaces.append(connect.namespace) }
            commands += connect.credentialsCommand
        }
        let create = namespaces.map {
            "kubectl create namespace \($0) --dry-run=client -o yaml | kubectl apply -f -"
        }
        return create + commands
    }

    static func runbooks(_ spec: PlatformSpec, repository: GeneratedRepository) -> [Runbook] {
        [
            Runbook(scenario: "node", title: "One node lost", text: node(spec)),
            Runbook(scenario: "two-nodes", title: "Two nodes of a cluster lost", text: twoNodes(spec)),
            Runbook(
                scenario: "cluster",
                title: "A whole cluster lost (or first build)",
                text: cluster(spec, repository: repository)
            ),
            Runbook(scenario: "all-clusters", title: "Every cluster lost", text: allClusters(spec)),
            Runbook(scenario: "object-store", title: "Backup object store lost", text: objectStore(spec)),
            Runbook(
                scenario: "ceph-corruption",
                title: "Ceph data corrupted or unrecoverable",
                text: cephCorruption(spec)
            ),
        ]
    }

    static func objectives(_ spec: PlatformSpec, _ scenario: String) -> String {
        guard let objective = spec.objectives.first(where: { $0.scenario == scenario }) else {
            return "No recovery objective is declared for this scenario in the spec.\n"
        }
        return
            "Objectives: RPO \(StrataFacts.duration(objective.rpoSeconds)), RTO \(StrataFacts.duration(objective.rtoSeconds)).\n"
    }

    /// The Talos, Cilium and Flux steps that bring up one cluster from machines in maintenance mode.
    static func buildSteps(_ spec: PlatformSpec, _ cluster: ClusterSpec, nodes: [NodeSpec]? = nil) -> String {
        let name = cluster.name
        let controlPlanes = cluster.nodes.filter { $0.role == .controlplane }
        let first = controlPlanes.first ?? cluster.nodes.first
        let version = spec.versions.charts["cilium"] ?? "<version>"
        var text = """
            1. Boot every machine of `\(name)` from the Talos \(spec.versions.talos) image; they wait in maintenance mode.
            2. Write the machine configurations, with the cluster's secrets bundle kept in the secrets provider
               (`talosctl gen secrets -o secrets.yaml` once, on the very first build, then store it):
               ```sh
               op read 'op://\(spec.secrets.vault)/talos-\(name)/secrets.yaml' > secrets.yaml
               talosctl gen config \(name) https://\(cluster.endpoint):\(Talos.apiServerPort) --with-secrets secrets.yaml \\
                 --kubernetes-version \(spec.versions.kubernetes) --config-patch @\(Talos.clusterPatchPath(cluster)) -o _out/\(name)
               ```
            3. Apply each node's configuration over the maintenance API (`--insecure`: the node has no certificates yet);
               use the address the machine has in maintenance mode if it differs from its final one:
               ```sh

            """
        for node in nodes ?? cluster.nodes {
            let file = node.role == .controlplane ? "controlplane.yaml" : "worker.yaml"
            text +=
                "   talosctl apply-config --insecure --nodes \(node.address) --file _out/\(name)/\(file) --config-patch @\(Talos.nodePatchPath(cluster, node))\n"
        }
        text += """
               ```
            4. Bootstrap etcd once, on one control-plane node, and fetch the kubeconfig:
               ```sh
               export TALOSCONFIG=_out/\(name)/talosconfig
               talosctl config endpoint \(controlPlanes.map(\.address).joined(separator: " "))
               talosctl bootstrap --nodes \(first?.address ?? "<control-plane address>")
               talosctl kubeconfig --nodes \(first?.address ?? "<control-plane address>") --force kubeconfig-\(name)
               export KUBECONFIG=$PWD/kubeconfig-\(name)
               kubectl get nodes   # NotReady until the CNI runs
               ```
            5. Install Cilium before anything else (Talos runs no CNI, so Flux's own pods could not start), with the
               bootstrap values and the CA every cluster of the mesh shares:
               ```sh
               helm repo add cilium https://helm.cilium.io && helm repo update cilium

            """
        text += stepCommands(Cilium.installCommand(cluster: cluster, version: version, vault: spec.secrets.vault))
        text += """
               kubectl -n \(Cilium.namespace) rollout status daemonset/cilium --timeout=10m
               kubectl wait --for=condition=Ready nodes --all --timeout=10m
               ```
            6. Install Flux \(FluxBootstrap.release(spec)), the release every cluster runs, and point it at this repository
               (the deploy key is the `flux-system` Secret):
               ```sh
               flux install --version=\(FluxBootstrap.release(spec))
               flux create secret git flux-system --url=\(spec.repository.url) --private-key-file=./\(name)-deploy-key
               kubectl apply -k \(FluxBootstrap.clusterDirectory(cluster))/flux-system
               ```
            7. Give the secret store its credentials, the only secrets not in the store itself:
               ```sh

            """
        text += stepCommands(secretStoreCommands(spec))
        text += """
               ```
            8. Wait for every layer; each starts once those it depends on are ready:
               ```sh
               flux get kustomizations --watch
               flux get helmreleases -A
               ```

            """
        return text
    }

    /// Restores of a rebuilt cluster's data, in dependency order.
    static func restoreSteps(_ spec: PlatformSpec, _ cluster: ClusterSpec) -> String {
        var text = "Restore the data, once the `backups` and `apps` layers are ready:\n\n"
        let databases = spec.databases.filter { $0.cluster == cluster.name }
        for database in databases {
            text += """
                - PostgreSQL `\(database.namespace)/\(database.name)`: CloudNativePG cannot recover into a running
                  cluster. Delete it and let it be recreated from its backups (a Cluster with `bootstrap.recovery` from the
                  object store, pointing at the last base backup and WAL), then check it:
                  ```sh
                  kubectl -n \(database.namespace) get backups.postgresql.cnpg.io
                  kubectl -n \(database.namespace) get clusters.postgresql.cnpg.io \(database.name) -o jsonpath='{.status.phase}'
                  ```

                """
        }
        let volumes = spec.applications.filter { $0.cluster == cluster.name }.flatMap { application in
            application.volumes.filter(\.backup).map { (application.namespace, $0.name) }
        }
        if !volumes.isEmpty {
            text +=
                "- Volumes backed up by VolSync: scale each workload down, trigger its ReplicationDestination, wait for\n"
            text += "  the restore, scale it back up.\n  ```sh\n"
            for namespace in Set(volumes.map(\.0)).sorted() {
                text += "  kubectl -n \(namespace) get replicationsource,replicationdestination\n"
                text +=
                    "  kubectl -n \(namespace) patch replicationdestination <destination> --type merge -p '{\"spec\":{\"trigger\":{\"manual\":\"restore-'$(date +%s)'\"}}}'\n"
                text +=
                    "  kubectl -n \(namespace) get replicationdestination <destination> -o jsonpath='{.status.latestMoverStatus.result}'\n"
            }
            text += "  ```\n"
        }
        text += """
            - Kubernetes objects that are not in Git (Velero, weekly `\(spec.backups.velero.schedule)`, kept \(spec.backups.velero.ttl)):
              ```sh
              velero backup get
              velero restore create --from-backup <latest backup> --exclude-namespaces flux-system,kube-system --wait
              ```

            """
        return text
    }

    static func node(_ spec: PlatformSpec) -> String {
        notice + """
            # One node lost

            \(objectives(spec, "node"))
            Kubernetes reschedules pods, not Talos; pods holding a read-write-once Ceph volume on the dead node stay stuck
            until the node is marked out of service. Ceph marks its OSD down after the heartbeat grace (about 20 s) and out
            after `mon_osd_down_out_interval` (10 min); with no spare host of the failure domain, placement groups stay
            degraded until the node is back.

            1. Confirm the node is down and release its volumes:
               ```sh
               kubectl get nodes -o wide
               kubectl taint nodes <node> node.kubernetes.io/out-of-service=nodeshutdown:NoExecute
               \(cephCLI) ceph status
               ```
            2. Repair or replace the machine, boot it from the Talos \(spec.versions.talos) image and apply its configuration
               (`talosctl gen config` as in the [cluster runbook](cluster.md) step 2, then):
               ```sh
               talosctl apply-config --insecure --nodes <address> --file _out/<cluster>/controlplane.yaml --config-patch @talos/<cluster>/nodes/<node>.yaml
               ```
               A control-plane node joins etcd by itself; do not run `talosctl bootstrap` again. If the old member is still
               listed, remove it first: `talosctl etcd members` then `talosctl etcd remove-member <id>`.
            3. Remove the taint and watch Ceph recover:
               ```sh
               kubectl taint nodes <node> node.kubernetes.io/out-of-service-
               \(cephCLI) ceph -s
               ```

            """
    }

    static func twoNodes(_ spec: PlatformSpec) -> String {
        notice + """
            # Two nodes of a cluster lost

            \(objectives(spec, "two-nodes"))
            With three control planes, two lost means etcd has lost quorum: the API server stops answering. A Ceph pool
            of size 3 and min_size 2 stops serving I/O with two of three hosts down.

            1. If one of the two machines can come back, bring it back first: quorum and Ceph I/O return on their own.
            2. Otherwise recover etcd from the surviving control-plane node's snapshot:
               ```sh
               talosctl -n <surviving node> etcd snapshot db.snapshot
               talosctl -n <surviving node> reset --graceful=false --reboot --system-labels-to-wipe=EPHEMERAL
               talosctl -n <surviving node> bootstrap --recover-from=./db.snapshot
               ```
            3. Rebuild the two lost nodes as in the [node runbook](node.md) step 2.
            4. Check Ceph: `\(cephCLI) ceph health detail`. Placement groups with
               every copy on the lost hosts are gone; restore the volumes they held as in the [cluster runbook](cluster.md).

            """
    }

    static func cluster(_ spec: PlatformSpec, repository: GeneratedRepository) -> String {
        var text = notice + "# A whole cluster lost (or first build)\n\n" + objectives(spec, "cluster")
        text += """

            The order matters: the CNI before Flux, the secret store's credentials before the platform layer, the storage
            provider (the cluster that runs Ceph) before the clusters that consume it.

            """
        for cluster in spec.clusters {
            text += "\n## \(cluster.name)\n\n" + buildSteps(spec, cluster) + "\n" + restoreSteps(spec, cluster)
        }
        return text
    }

    static func allClusters(_ spec: PlatformSpec) -> String {
        let ordered = spec.clusters.filter { $0.ceph == .provider } + spec.clusters.filter { $0.ceph != .provider }
        var text = notice + "# Every cluster lost\n\n" + objectives(spec, "all-clusters")
        text += """

            Nothing survives but Git, the secrets provider and the backup object store (`\(spec.backups.objectStore.endpoint)`,
            bucket `\(spec.backups.objectStore.bucket)`). Load the router configuration if the router was lost too
            (`\(Router.path(spec.router))`), then rebuild the clusters in this order, each with the
            [cluster runbook](cluster.md): \(ordered.map { "`\($0.name)`" }.joined(separator: ", ")). The Ceph provider comes first
            because the others consume its storage; metrics history (`\(spec.metrics.cluster)`) has no backup and starts empty.

            Check the mesh once every cluster is up:
            ```sh
            cilium clustermesh status --wait
            ```

            """
        return text
    }

    static func objectStore(_ spec: PlatformSpec) -> String {
        let store = spec.backups.objectStore
        return notice + """
            # Backup object store lost

            \(objectives(spec, "object-store"))
            The clusters keep running; only their backups are gone. Recreate the store and start a fresh backup chain now,
            rather than waiting for the schedules.

            1. Recreate the bucket `\(store.bucket)` at `\(store.endpoint)` (region `\(store.region)`), with the credentials of
               the `\(store.credentialsItem)` item (or rotate them there: External Secrets picks the change up).
            2. Check that every consumer sees the store again:
               ```sh
               velero backup-location get
               kubectl get replicationsource -A
               kubectl get backups.postgresql.cnpg.io -A
               ```
            3. Start new backups at once:
               ```sh
               velero backup create after-store-loss --wait
               kubectl -n <namespace> patch replicationsource <name> --type merge -p '{"spec":{"trigger":{"manual":"now-'$(date +%s)'"}}}'
               kubectl cnpg backup <cluster> -n <namespace>
               ```
               Each VolSync repository is initialised again by its first backup.

            """
    }

    static func cephCorruption(_ spec: PlatformSpec) -> String {
        notice + """
            # Ceph data corrupted or unrecoverable

            \(objectives(spec, "ceph-corruption"))
            1. Find what is damaged, from the Rook toolbox (the `ceph` CLI runs there, not on the nodes):
               ```sh
               \(cephCLI) ceph health detail
               \(cephCLI) rados list-inconsistent-pg <pool>
               ```
            2. For inconsistent placement groups found by scrubbing, repair them (a repair, not a scrub):
               `\(cephCLI) ceph pg repair <pgid>`.
            3. If the cluster cannot be repaired, rebuild it. Rook refuses to delete a CephCluster that still has pools or
               volumes, and leaves data on the hosts unless told to wipe it:
               ```sh
               flux suspend kustomization \(Layer.storage.kustomizationName)
               kubectl -n \(RookCeph.namespace) patch cephcluster \(RookCeph.clusterName) --type merge -p '{"spec":{"cleanupPolicy":{"confirmation":"yes-really-destroy-data"}}}'
               kubectl delete pvc --all -A --wait=false   # only the Ceph-backed claims, after checking the list
               kubectl -n \(RookCeph.namespace) delete cephcluster \(RookCeph.clusterName)
               ```
               Then follow Rook's teardown guide to wipe `/var/lib/rook` and the OSD disks on every Ceph host, and resume:
               `flux resume kustomization \(Layer.storage.kustomizationName)`.
            4. Restore every volume and database from the object store as in the [cluster runbook](cluster.md).

            """
    }
}
