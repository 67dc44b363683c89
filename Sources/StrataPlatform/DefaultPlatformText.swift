/// The default `platform.yaml`, commented, as `strata init` writes it for the user to edit.
///
/// It describes ``DefaultPlatform/spec`` exactly (a test decodes one and compares it with the other), and
/// its comments say where the design it comes from was corrected.
public enum DefaultPlatformText {
    /// The file's text.
    public static let text = #"""
        # platform.yaml: the whole platform in one file. `strata generate` writes the GitOps repository, the
        # Talos patches, the router configuration and the runbooks from it, and refuses a spec
        # that contradicts itself before writing anything.
        #
        # This default is a two-cluster platform: `infra` runs Ceph, PostgreSQL and the metrics store; `apps`
        # runs the applications and uses infra's Ceph. Where the design it comes from was wrong, the comment
        # says what changed and cites its review item (A.20 and so on).
        #
        # Sizes are Kubernetes quantities (64Gi = 64 × 2^30 bytes, 1T = 10^12 bytes); durations read like
        # 30s, 15m, 24h, 90d; schedules are cron expressions.

        # A short name for the platform, used in object names and documents.
        name: monosense
        # The DNS domain of the platform's services.
        domain: monosense.io

        # The Git repository Flux reconciles from.
        repository:
          url: ssh://git@github.com/monosense/platform
          branch: main

        # Chart and image versions. Every key may be left out to use the version this release is tested with.
        versions:
          charts:
            cert-manager: v1.21.1
            cilium: 1.18.3
            cloudnative-pg: 0.29.0
            external-secrets: 2.9.0
            grafana: 12.11.1
            localpv-provisioner: 4.1.1
            rook-ceph: v1.18.11
            rook-ceph-cluster: v1.18.11
            snapshot-controller: 5.2.0
            velero: 12.1.0
            victoria-metrics-operator: 0.67.2
            volsync: 0.16.0
          # Ceph Squid, the default of Rook 1.18; Reef is nearing its end of life (review C.42).
          cephImage: quay.io/ceph/ceph:v19.2.3
          # The `system` flavour carries barman-cloud, which backups to the object store need.
          postgresImage: ghcr.io/cloudnative-pg/postgresql:17.6-system-bookworm
          talos: v1.11.5
          kubernetes: v1.34.2
          # Flux 2.9: kustomize.toolkit.fluxcd.io/v1, helm.toolkit.fluxcd.io/v2, source.toolkit.fluxcd.io/v1.
          flux: v2.9.4
          # Images run outside any chart.
          images:
            connect-api: 1password/connect-api:1.7.3
            connect-sync: 1password/connect-sync:1.7.3
            # The restic release VolSync 0.16's mover uses, so the drill reads what the backups wrote.
            restic: docker.io/restic/restic:0.18.0
            # The plugin line built against Velero 1.18 (chart 12).
            velero-plugin-for-aws: docker.io/velero/velero-plugin-for-aws:v1.14.2

        # The layer-2 network all six nodes share.
        network:
          # Node addresses, the API endpoints and the gateway are on it. Pod, service and LoadBalancer ranges
          # must not be.
          nodeSubnet: 10.25.11.0/24
          # The default gateway: the router.
          gateway: 10.25.11.1
          # Jumbo frames on the 10GbE bond; every device on the segment must use the same MTU.
          mtu: 9000
          # Talos only creates a bond that is declared, with its members and mode (review A.26).
          bond:
            name: bond0
            # LACP: the switch ports must form a matching LAG.
            mode: 802.3ad
            links: [enp1s0f0, enp1s0f1]
          nameservers: [10.25.11.1]

        # The Juniper SRX320 every cluster peers with; its `set` commands are generated from these numbers.
        router:
          model: srx320
          asn: 65000
          routerID: 10.25.11.1
          # The peering address, on the node subnet (the peers are directly connected, so no multihop: review B.30).
          address: 10.25.11.1

        # BGP session settings for every peering.
        bgp:
          # Fast failover: a dead node's routes are withdrawn after 9 s, not after the default 90 s (review A.21).
          holdTimeSeconds: 9
          keepaliveSeconds: 3
          gracefulRestart: true
          # The router installs equal-cost paths to every node announcing a LoadBalancer address (review B.31).
          multipath: true

        # The Kubernetes clusters (Talos), in order.
        clusters:
          - name: infra
            # Cilium's cluster.id, unique across the ClusterMesh (1–255).
            id: 1
            # Each cluster is its own AS, distinct from the router's.
            asn: 65001
            # Pod and service ranges, distinct across clusters as ClusterMesh requires.
            podCIDR: 10.244.0.0/16
            serviceCIDR: 10.245.0.0/16
            # LoadBalancer addresses live outside the node subnet and are announced by BGP: inside it, hosts
            # would ARP for them and nothing would answer (review A.20).
            loadBalancerPools: [10.25.12.0/26]
            # The API endpoint is a virtual IP shared by the control-plane nodes, not the router's address
            # (review A.1); Cilium itself reaches the API server through KubePrism.
            endpoint: 10.25.11.10
            # infra runs the Ceph cluster on its nodes' Ceph disks.
            ceph: provider
            nodes:
              - name: prod-01
                # All nodes are control planes (and run workloads).
                role: controlplane
                address: 10.25.11.11
                memory: 64Gi
                cpus: 12
                disks:
                  - {device: /dev/sda, size: 500G, use: system}
                  # Disks by a stable path: kernel names such as nvme1n1 can swap with the local disk after a
                  # reboot, and Rook would then wipe it (review C.43). Put your disks' /dev/disk/by-id paths here.
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100001, size: 1T, use: ceph}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_500GB_S5GXNF0T200001, size: 512G, use: local}
              - name: prod-02
                role: controlplane
                address: 10.25.11.12
                memory: 64Gi
                cpus: 12
                disks:
                  - {device: /dev/sda, size: 500G, use: system}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100002, size: 1T, use: ceph}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_500GB_S5GXNF0T200002, size: 512G, use: local}
              - name: prod-03
                role: controlplane
                address: 10.25.11.13
                memory: 64Gi
                cpus: 12
                disks:
                  - {device: /dev/sda, size: 500G, use: system}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100003, size: 1T, use: ceph}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_500GB_S5GXNF0T200003, size: 512G, use: local}

          - name: apps
            id: 2
            asn: 65002
            podCIDR: 10.246.0.0/16
            serviceCIDR: 10.247.0.0/16
            loadBalancerPools: [10.25.12.64/26]
            endpoint: 10.25.11.20
            # apps has no Ceph of its own: it uses infra's as a Rook external cluster, which is what gives it the
            # ceph-block class (review E.64). Its nodes' Ceph disks stay unused.
            ceph: consumer
            nodes:
              - name: prod-04
                role: controlplane
                address: 10.25.11.14
                memory: 64Gi
                cpus: 12
                disks:
                  - {device: /dev/sda, size: 500G, use: system}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100004, size: 1T, use: ceph}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_500GB_S5GXNF0T200004, size: 512G, use: local}
              - name: prod-05
                role: controlplane
                address: 10.25.11.15
                memory: 64Gi
                cpus: 12
                disks:
                  - {device: /dev/sda, size: 500G, use: system}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100005, size: 1T, use: ceph}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_500GB_S5GXNF0T200005, size: 512G, use: local}
              - name: prod-06
                role: controlplane
                address: 10.25.11.16
                memory: 64Gi
                cpus: 12
                disks:
                  - {device: /dev/sda, size: 500G, use: system}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T100006, size: 1T, use: ceph}
                  - {device: /dev/disk/by-id/nvme-Samsung_SSD_980_PRO_500GB_S5GXNF0T200006, size: 512G, use: local}

        # Ceph, run by the provider cluster and shared with consumers, and local-path volumes everywhere.
        storage:
          ceph:
            # Three monitors, one per infra node: a majority survives one node.
            mons: 3
            mgrs: 2
            # osd_memory_target; BlueStore sizes its caches inside it, so no cache size is set beside it
            # (review C.35). One OSD per node: 4Gi of each node's 64Gi.
            osdMemoryTarget: 4Gi
            # Ceph's own ratios: warn at 85%, stop backfill at 90%, stop writes at 95%.
            fullRatio: 0.95
            nearFullRatio: 0.85
            backfillFullRatio: 0.90
            # Options go to the CephCluster's cephConfig, where Ceph reads them; under storage.config Rook
            # dropped them (review C.33). Recovery is throttled through the mClock profile, since mClock ignores
            # osd_max_backfills and osd_recovery_* (review C.37).
            config:
              global:
                osd_pool_default_pg_autoscale_mode: "on"
              osd:
                osd_max_scrubs: "1"
                osd_scrub_during_recovery: "false"
                osd_mclock_profile: high_client_ops
            pools:
              - name: replicapool
                # Three copies on three hosts; writes continue with two. (Erasure coding would need at least
                # four hosts: review C.49.)
                replicated: {size: 3, minSize: 2}
                failureDomain: host
                storageClass: {name: ceph-block, default: true, reclaimPolicy: Delete}
            filesystem:
              name: cephfs
              metadataReplicas: 3
              data:
                replicated: {size: 3, minSize: 2}
              activeStandby: true
              storageClass: {name: ceph-filesystem, default: false, reclaimPolicy: Delete}
          # OpenEBS local path volumes on each node's local disk, in every cluster.
          localPath:
            basePath: /var/mnt/local
            storageClass: {name: openebs-hostpath, default: false, reclaimPolicy: Delete}

        # VictoriaMetrics: one VMCluster on infra; apps' VMAgent writes to it through a ClusterMesh global service.
        metrics:
          cluster: infra
          retention: 90d
          # Two copies of every sample on three vmstorage nodes.
          replicationFactor: 2
          storageReplicas: 3
          frontendReplicas: 2
          # 20,000 series at 30s is about 58 MB a day, 5 GB for 90 days, 10 GB with two copies: 100Gi per
          # vmstorage leaves ample room (review D.60).
          storageVolumeSize: 100Gi
          scrapeInterval: 30s
          seriesEstimate: 20000

        # Where backups go, how often they run, and the drill that proves they can be restored.
        backups:
          # The MinIO on the NAS; every backup goes there.
          objectStore:
            endpoint: https://minio.nas.monosense.io
            bucket: backups
            region: us-east-1
            # The 1Password item with the access key and secret key.
            credentialsItem: minio-backups
            # What a restore reads from the NAS per second; restore times in the plan and runbooks use it.
            # 100Mi is about what one 1 Gb/s link sustains; measure yours with a restic restore.
            restoreThroughput: 100Mi
          # VolSync backs up each application volume with restic, to its own repository.
          volsync:
            # Nightly at 02:00: a volume's data can be up to 24h old after a restore.
            schedule: "0 2 * * *"
            retention: {hourly: 0, daily: 7, weekly: 4, monthly: 6}
            resticPasswordItem: volsync-restic
          # Velero backs up the cluster resources that are not in Git, weekly, kept 30 days.
          velero:
            schedule: "0 3 * * 0"
            ttl: 720h
          # The restore drill checks every restic repository. restic check locks a repository, so it runs on
          # Monday at 06:00, four hours clear of the nightly backups (review I.92).
          verification:
            schedule: "0 6 * * 1"

        # External Secrets reads every secret from 1Password through 1Password Connect.
        secrets:
          provider: onepassword
          connectHost: http://onepassword-connect.external-secrets.svc:8080
          vault: kubernetes

        # How long Flux waits for each layer to become healthy, and how soon it retries a failed one.
        flux:
          interval: 10m
          layers:
            crds: {timeout: 5m, retryInterval: 2m}
            operators: {timeout: 10m, retryInterval: 2m}
            # Ceph takes a while to come up.
            storage: {timeout: 20m, retryInterval: 5m}
            platform: {timeout: 15m, retryInterval: 3m}
            databases: {timeout: 10m, retryInterval: 2m}
            apps: {timeout: 5m, retryInterval: 1m}
          defaults: {timeout: 10m, retryInterval: 2m}

        # PostgreSQL, run by CloudNativePG with its own backups to the object store.
        databases:
          - name: postgres
            cluster: infra
            namespace: databases
            instances: 3
            size: 50Gi
            storageClass: ceph-block
            # CloudNativePG reads six fields, seconds first: every six hours.
            backupSchedule: "0 0 */6 * * *"
            retention: 30d

        # Applications and their volumes; every volume is backed up unless it says `backup: false`.
        applications:
          - name: wiki
            cluster: apps
            namespace: wiki
            image: ghcr.io/requarks/wiki:2.5.307
            port: 3000
            memory: 512Mi
            volumes:
              # Backed up on the VolSync defaults (schedule and retention may be set per volume).
              - name: wiki-data
                size: 10Gi
                storageClass: ceph-block
                mountPath: /wiki/data
                backup: true

        # Recovery objectives. Each rpo must be at least the backup interval of the data the failure destroys,
        # so these are what the backups achieve: nothing survives a lost cluster but its backups, so 24h, the
        # nightly volume backups (review I.89, I.90).
        objectives:
          # Ceph keeps three copies on three hosts: one node lost loses no data.
          - {scenario: node, rpo: 0, rto: 30m}
          - {scenario: cluster, cluster: apps, rpo: 24h, rto: 30m}
          - {scenario: cluster, cluster: infra, rpo: 24h, rto: 2h}
          - {scenario: all-clusters, rpo: 24h, rto: 3h}
          # Losing the object store loses backups, not live data.
          - {scenario: object-store, rpo: 0, rto: 2h}

        """#
}
