import StrataPlatform

/// A platform unlike the seed in every number.
///
/// Three clusters, other names, CIDRs, ASNs and addresses, an erasure-coded pool on five hosts, other sizes
/// and schedules: whatever the generator hard-wired to the seed shows up as a difference here.
enum SecondPlatform {
    static let gib: Int64 = 1 << 30
    static let terabyte: Int64 = 1_000_000_000_000

    static func node(
        _ name: String,
        _ address: String,
        memory: Int64 = 128,
        cephDisks: Int = 1,
        role: NodeRole = .controlplane
    ) -> NodeSpec {
        var disks = [
            DiskSpec(device: "/dev/disk/by-id/ata-SYSTEM-\(name)", sizeBytes: 256 * 1_000_000_000, use: .system)
        ]
        for index in 0..<cephDisks {
            disks.append(
                DiskSpec(device: "/dev/disk/by-id/nvme-CEPH-\(name)-\(index)", sizeBytes: 2 * terabyte, use: .ceph)
            )
        }
        disks.append(DiskSpec(device: "/dev/disk/by-id/nvme-LOCAL-\(name)", sizeBytes: terabyte, use: .local))
        return NodeSpec(name: name, role: role, address: address, memoryBytes: memory * gib, cpus: 16, disks: disks)
    }

    static let spec: PlatformSpec = {
        var spec = DefaultPlatform.spec
        spec.name = "acme"
        spec.domain = "acme.example"
        spec.repository = RepositorySpec(url: "https://git.acme.example/platform/fleet.git", branch: "production")
        spec.network = NetworkSpec(
            nodeSubnet: "192.168.40.0/23",
            gateway: "192.168.40.1",
            mtu: 1500,
            bond: BondSpec(name: "bond1", mode: "active-backup", links: ["eno1", "eno2"]),
            nameservers: ["192.168.40.2", "192.168.40.3"]
        )
        spec.router = RouterSpec(model: "srx320", asn: 64512, routerID: "192.168.40.1", address: "192.168.40.1")
        spec.bgp = BGPSpec(holdTimeSeconds: 9, keepaliveSeconds: 3, gracefulRestart: false, multipath: true)
        spec.clusters = [
            ClusterSpec(
                name: "core",
                id: 11,
                asn: 64601,
                podCIDR: "172.20.0.0/16",
                serviceCIDR: "172.21.0.0/16",
                loadBalancerPools: ["192.168.50.0/25"],
                endpoint: "192.168.40.100",
                ceph: .provider,
                nodes: (1...5).map { node("core-\($0)", "192.168.40.\(10 + $0)") }
            ),
            ClusterSpec(
                name: "edge",
                id: 12,
                asn: 64602,
                podCIDR: "172.22.0.0/16",
                serviceCIDR: "172.23.0.0/16",
                loadBalancerPools: ["192.168.50.128/26"],
                endpoint: "192.168.40.101",
                ceph: .consumer,
                nodes: (1...3).map { node("edge-\($0)", "192.168.41.\(10 + $0)", memory: 64, cephDisks: 0) }
            ),
            ClusterSpec(
                name: "lab",
                id: 13,
                asn: 64603,
                podCIDR: "172.24.0.0/16",
                serviceCIDR: "172.25.0.0/16",
                loadBalancerPools: ["192.168.50.192/27", "192.168.51.0/28"],
                endpoint: "192.168.40.102",
                ceph: .none,
                // One control plane and one worker: not every cluster is three identical machines.
                nodes: [
                    node("lab-1", "192.168.41.51", memory: 32, cephDisks: 0),
                    node("lab-2", "192.168.41.52", memory: 32, cephDisks: 0, role: .worker),
                ]
            ),
        ]
        spec.storage.ceph.mons = 5
        spec.storage.ceph.osdMemoryTargetBytes = 6 * gib
        spec.storage.ceph.pools = [
            CephPoolSpec(
                name: "fast",
                protection: .replicated(size: 3, minSize: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "rbd-fast", isDefault: true, reclaimPolicy: "Retain")
            ),
            CephPoolSpec(
                name: "bulk",
                protection: .erasureCoded(dataChunks: 3, codingChunks: 2),
                failureDomain: "host",
                storageClass: StorageClassSpec(name: "rbd-bulk", isDefault: false, reclaimPolicy: "Delete")
            ),
        ]
        spec.storage.ceph.filesystem = CephFilesystemSpec(
            name: "shared",
            metadataReplicas: 3,
            data: .replicated(size: 3, minSize: 2),
            activeStandby: true,
            storageClass: StorageClassSpec(name: "cephfs-shared", isDefault: false, reclaimPolicy: "Delete")
        )
        spec.storage.localPath = LocalPathSpec(
            basePath: "/var/mnt/scratch",
            storageClass: StorageClassSpec(name: "local-scratch", isDefault: false, reclaimPolicy: "Delete")
        )
        spec.metrics = MetricsSpec(
            cluster: "core",
            retention: "30d",
            replicationFactor: 3,
            storageReplicas: 4,
            frontendReplicas: 3,
            storageVolumeBytes: 250 * gib,
            scrapeInterval: "15s",
            seriesEstimate: 150_000
        )
        spec.backups = BackupSpec(
            objectStore: ObjectStoreSpec(
                endpoint: "https://s3.acme.example",
                bucket: "fleet-backups",
                region: "eu-central-1",
                credentialsItem: "s3-fleet"
            ),
            volsync: VolSyncDefaults(
                schedule: "15 */8 * * *",
                retention: RetentionSpec(hourly: 6, daily: 14, weekly: 8, monthly: 12),
                resticPasswordItem: "restic-fleet"
            ),
            velero: VeleroSpec(schedule: "30 1 * * *", ttl: "336h"),
            verification: VerificationSpec(schedule: "0 3 * * 3")
        )
        spec.secrets = SecretsSpec(provider: "onepassword", connectHost: "https://connect.acme.example", vault: "fleet")
        // Written without the `v`, as release notes often give it; the runbook adds it.
        spec.versions.flux = "2.8.6"
        spec.flux = FluxSpec(
            interval: "5m",
            layers: ["storage": LayerTiming(timeout: "30m", retryInterval: "1m")],
            defaults: LayerTiming(timeout: "8m", retryInterval: "90s")
        )
        spec.databases = [
            DatabaseSpec(
                name: "orders",
                cluster: "core",
                namespace: "commerce",
                instances: 2,
                sizeBytes: 200 * gib,
                storageClass: "rbd-fast",
                backupSchedule: "0 30 */2 * * *",
                retention: "14d"
            )
        ]
        spec.applications = [
            ApplicationSpec(
                name: "shop",
                cluster: "edge",
                namespace: "storefront",
                image: "registry.acme.example/shop:4.2.0",
                port: 8080,
                memoryBytes: 2 * gib,
                volumes: [
                    VolumeSpec(
                        name: "shop-media",
                        sizeBytes: 40 * gib,
                        storageClass: "rbd-bulk",
                        mountPath: "/srv/media",
                        schedule: "0 */6 * * *",
                        retention: RetentionSpec(hourly: 24, daily: 7, weekly: 0, monthly: 0),
                        backup: true
                    ),
                    VolumeSpec(
                        name: "shop-cache",
                        sizeBytes: 5 * gib,
                        storageClass: "local-scratch",
                        mountPath: "/cache",
                        schedule: nil,
                        retention: nil,
                        backup: false
                    ),
                ]
            ),
            ApplicationSpec(
                name: "notebook",
                cluster: "lab",
                namespace: "research",
                image: "registry.acme.example/notebook:1.0",
                port: 8888,
                memoryBytes: 4 * gib,
                volumes: [
                    VolumeSpec(
                        name: "notebook-home",
                        sizeBytes: 20 * gib,
                        storageClass: "local-scratch",
                        mountPath: "/home/jovyan",
                        schedule: nil,
                        retention: nil,
                        backup: true
                    )
                ]
            ),
        ]
        spec.objectives = [
            RecoveryObjective(scenario: "node", cluster: nil, rpoSeconds: 0, rtoSeconds: 15 * 60),
            RecoveryObjective(scenario: "cluster", cluster: "edge", rpoSeconds: 4 * 3600, rtoSeconds: 3 * 3600),
        ]
        return spec
    }()
}
