/// The seed design's platform with its review's corrections applied, as a value.
///
/// The embedded `platform.yaml` that `strata init` writes decodes to exactly this value; a test holds
/// the two together.
public enum DefaultPlatform {
    static let gib: Int64 = 1 << 30
    static let gigabyte: Int64 = 1_000_000_000

    /// The default spec.
    public static let spec = PlatformSpec(
        name: "monosense",
        domain: "monosense.io",
        repository: RepositorySpec(url: "ssh://git@github.com/monosense/platform", branch: "main"),
        versions: VersionsSpec(
            charts: [
                "cilium": "1.18.3",
                "rook-ceph": "v1.18.11",
                "rook-ceph-cluster": "v1.18.11",
                "cert-manager": "v1.21.1",
                "external-secrets": "2.9.0",
                "cloudnative-pg": "0.29.0",
                "victoria-metrics-operator": "0.67.2",
                "grafana": "12.11.1",
                "volsync": "0.16.0",
                "velero": "12.1.0",
                "snapshot-controller": "5.2.0",
                "localpv-provisioner": "4.1.1",
            ],
            cephImage: "quay.io/ceph/ceph:v19.2.3",
            postgresImage: "ghcr.io/cloudnative-pg/postgresql:17.6-system-bookworm",
            talos: "v1.11.5",
            kubernetes: "v1.34.2",
            flux: "v2.9.4",
            images: [
                "connect-api": "1password/connect-api:1.7.3",
                "connect-sync": "1password/connect-sync:1.7.3",
                "restic": "docker.io/restic/restic:0.18.0",
                "velero-plugin-for-aws": "docker.io/velero/velero-plugin-for-aws:v1.14.2",
            ]
        ),
        network: NetworkSpec(
            nodeSubnet: "10.25.11.0/24",
            gateway: "10.25.11.1",
            mtu: 9000,
            bond: BondSpec(name: "bond0", mode: "802.3ad", links: ["enp1s0f0", "enp1s0f1"]),
            nameservers: ["10.25.11.1"]
        ),
        router: RouterSpec(model: "srx320", asn: 65000, routerID: "10.25.11.1", address: "10.25.11.1"),
        bgp: BGPSpec(holdTimeSeconds: 9, keepaliveSeconds: 3, gracefulRestart: true, multipath: true),
        clusters: [
            ClusterSpec(
                name: "infra",
                id: 1,
                asn: 65001,
                podCIDR: "10.244.0.0/16",
                serviceCIDR: "10.245.0.0/16",
                loadBalancerPools: ["10.25.12.0/26"],
                endpoint: "10.25.11.10",
                ceph: .provider,
                nodes: (1...3).map(node)
            ),
            ClusterSpec(
                name: "apps",
                id: 2,
                asn: 65002,
                podCIDR: "10.246.0.0/16",
                serviceCIDR: "10.247.0.0/16",
                loadBalancerPools: ["10.25.12.64/26"],
                endpoint: "10.25.11.20",
                ceph: .consumer,
                nodes: (4...6).map(node)
            ),
        ],
        storage: StorageSpec(
            ceph: CephSpec(
                mons: 3,
                mgrs: 2,
                osdMemoryTargetBytes: 4 * gib,
                fullRatio: 0.95,
                nearFullRatio: 0.85,
                backfillFullRatio: 0.90,
                config: [
                    "global": ["osd_pool_default_pg_autoscale_mode": "on"],
                    "osd": [
                        "osd_max_scrubs": "1",
                        "osd_scrub_during_recovery": "false",
                        "osd_mclock_profile": "high_client_ops",
                    ],
                ],
                pools: [
                    CephPoolSpec(
                        name: "replicapool",
                        protection: .replicated(size: 3, minSize: 2),
                        failureDomain: "host",
                        storageClass: StorageClassSpec(name: "ceph-block", isDefault: true, reclaimPolicy: "Delete")
                    )
                ],
                filesystem: CephFilesystemSpec(
                    name: "cephfs",
                    metadataReplicas: 3,
                    data: .replicated(size: 3, minSize: 2),
                    activeStandby: true,
                    storageClass: StorageClassSpec(name: "ceph-filesystem", isDefault: false, reclaimPolicy: "Delete")
                )
            ),
            localPath: LocalPathSpec(
                basePath: "/var/mnt/local",
                storageClass: StorageClassSpec(name: "openebs-hostpath", isDefault: false, reclaimPolicy: "Delete")
            )
        ),
        metrics: MetricsSpec(
            cluster: "infra",
            retention: "90d",
            replicationFactor: 2,
            storageReplicas: 3,
            frontendReplicas: 2,
            storageVolumeBytes: 100 * gib,
            scrapeInterval: "30s",
            seriesEstimate: 20_000
        ),
        backups: BackupSpec(
            objectStore: ObjectStoreSpec(
                endpoint: "https://minio.nas.monosense.io",
                bucket: "backups",
                region: "us-east-1",
                credentialsItem: "minio-backups"
            ),
            volsync: VolSyncDefaults(
                schedule: "0 2 * * *",
                retention: RetentionSpec(hourly: 0, daily: 7, weekly: 4, monthly: 6),
                resticPasswordItem: "volsync-restic"
            ),
            velero: VeleroSpec(schedule: "0 3 * * 0", ttl: "720h"),
            verification: VerificationSpec(schedule: "0 6 * * 1")
        ),
        secrets: SecretsSpec(
            provider: "onepassword",
            connectHost: "http://onepassword-connect.external-secrets.svc:8080",
            vault: "kubernetes"
        ),
        flux: FluxSpec(
            interval: "10m",
            layers: [
                "crds": LayerTiming(timeout: "5m", retryInterval: "2m"),
                "operators": LayerTiming(timeout: "10m", retryInterval: "2m"),
                "storage": LayerTiming(timeout: "20m", retryInterval: "5m"),
                "platform": LayerTiming(timeout: "15m", retryInterval: "3m"),
                "databases": LayerTiming(timeout: "10m", retryInterval: "2m"),
                "apps": LayerTiming(timeout: "5m", retryInterval: "1m"),
            ],
            defaults: LayerTiming(timeout: "10m", retryInterval: "2m")
        ),
        databases: [
            DatabaseSpec(
                name: "postgres",
                cluster: "infra",
                namespace: "databases",
                instances: 3,
                sizeBytes: 50 * gib,
                storageClass: "ceph-block",
                backupSchedule: "0 0 */6 * * *",
                retention: "30d"
            )
        ],
        applications: [
            ApplicationSpec(
                name: "wiki",
                cluster: "apps",
                namespace: "wiki",
                image: "ghcr.io/requarks/wiki:2.5.307",
                port: 3000,
                memoryBytes: 512 * (1 << 20),
                volumes: [
                    VolumeSpec(
                        name: "wiki-data",
                        sizeBytes: 10 * gib,
                        storageClass: "ceph-block",
                        mountPath: "/wiki/data",
                        schedule: nil,
                        retention: nil,
                        backup: true
                    )
                ]
            )
        ],
        objectives: [
            RecoveryObjective(scenario: "node", cluster: nil, rpoSeconds: 0, rtoSeconds: 30 * 60),
            RecoveryObjective(scenario: "cluster", cluster: "apps", rpoSeconds: 24 * 3600, rtoSeconds: 30 * 60),
            RecoveryObjective(scenario: "cluster", cluster: "infra", rpoSeconds: 24 * 3600, rtoSeconds: 2 * 3600),
            RecoveryObjective(scenario: "all-clusters", cluster: nil, rpoSeconds: 24 * 3600, rtoSeconds: 3 * 3600),
            RecoveryObjective(scenario: "object-store", cluster: nil, rpoSeconds: 0, rtoSeconds: 2 * 3600),
        ]
    )

    private static func node(_ index: Int) -> NodeSpec {
        NodeSpec(
            name: "prod-0\(index)",
            role: .controlplane,
            address: "10.25.11.1\(index)",
            memoryBytes: 64 * gib,
            cpus: 12,
            disks: [
                DiskSpec(device: "/dev/sda", sizeBytes: 500 * gigabyte, use: .system),
                // Stable by-id paths: the two NVMe drives' kernel names can swap between boots (review C.43).
                DiskSpec(
                    device: "/dev/disk/by-id/nvme-Samsung_SSD_980_PRO_1TB_S5GXNX0T10000\(index)",
                    sizeBytes: 1000 * gigabyte,
                    use: .ceph
                ),
                DiskSpec(
                    device: "/dev/disk/by-id/nvme-Samsung_SSD_980_PRO_500GB_S5GXNF0T20000\(index)",
                    sizeBytes: 512 * gigabyte,
                    use: .local
                ),
            ]
        )
    }
}
