/// The field table of `platform.yaml`, from which both the decoder and the JSON Schema are made.
///
/// Every key has its type, whether it is required or its default, its documentation and the values it
/// accepts. The decoder reads with the table and the schema is written from it, so the two cannot disagree.
enum PlatformFields {
    /// The whole spec.
    static var platform: SpecObject<PlatformSpec> {
        SpecObject(
            name: nil,
            doc: "A Strata platform: the clusters, their network, storage, metrics, backups and recovery "
                + "objectives, from which `strata generate` writes the GitOps repository.",
            placeholder: placeholderSpec,
            fields: [
                .required(
                    "name",
                    \.name,
                    .text(.dnsLabel),
                    "A short name for the platform, used in object names and documents."
                ),
                .required("domain", \.domain, .text(.dnsName), "The DNS domain of the platform's services."),
                .section("repository", \.repository, repository, "The Git repository Flux reconciles from."),
                .section(
                    "versions",
                    \.versions,
                    versions,
                    "Chart and image versions. Every key defaults to the version this release of Strata is "
                        + "tested with."
                ),
                .section("network", \.network, network, "The node network every cluster shares."),
                .section("router", \.router, router, "The router the clusters peer with over BGP."),
                .section("bgp", \.bgp, bgp, "BGP session settings common to every peering."),
                .required(
                    "clusters",
                    \.clusters,
                    .list(cluster.codec, minItems: 1),
                    "The Kubernetes clusters, in order."
                ),
                .section("storage", \.storage, storage, "Ceph and local-path storage."),
                .section("metrics", \.metrics, metrics, "VictoriaMetrics sizing."),
                .section("backups", \.backups, backups, "Volume backups, cluster backups and their verification."),
                .section("secrets", \.secrets, secrets, "Where secrets come from."),
                .section("flux", \.flux, flux, "Flux reconciliation and layer timings."),
                .optional(
                    "databases",
                    \.databases,
                    .list(database.codec),
                    default: [],
                    "PostgreSQL clusters run by CloudNativePG."
                ),
                .optional(
                    "applications",
                    \.applications,
                    .list(application.codec),
                    default: [],
                    "Applications and their volumes."
                ),
                .optional(
                    "objectives",
                    \.objectives,
                    .list(objective.codec),
                    default: [],
                    "Recovery objectives per failure scenario; a spec whose backups cannot meet them is refused."
                ),
            ]
        )
    }

    static var repository: SpecObject<RepositorySpec> {
        SpecObject(
            name: "Repository",
            doc: "The Git repository Flux bootstraps from.",
            placeholder: RepositorySpec(url: "", branch: ""),
            fields: [
                .required("url", \.url, .text(.gitURL), "Clone URL, such as ssh://git@github.com/org/platform."),
                .optional("branch", \.branch, .text(.text), default: "main", "The branch Flux follows."),
            ]
        )
    }

    static var versions: SpecObject<VersionsSpec> {
        let pinned = DefaultPlatform.spec.versions
        return SpecObject(
            name: "Versions",
            doc: "Chart versions (as each HelmRelease pins them) and the images set directly.",
            placeholder: pinned,
            fields: [
                .optional(
                    "charts",
                    \.charts,
                    pinnedRecord(pinned.charts, name: "Charts", doc: "Chart name to exact chart version.", .version) {
                        "The \($0) chart's version."
                    },
                    default: pinned.charts,
                    "Chart name to exact chart version; charts left out use the tested version."
                ),
                .optional(
                    "cephImage",
                    \.cephImage,
                    .text(.image),
                    default: pinned.cephImage,
                    "The Ceph image the Rook cluster runs."
                ),
                .optional(
                    "postgresImage",
                    \.postgresImage,
                    .text(.image),
                    default: pinned.postgresImage,
                    "The PostgreSQL image CloudNativePG runs."
                ),
                .optional(
                    "talos",
                    \.talos,
                    .text(.version),
                    default: pinned.talos,
                    "The Talos version the machine patches are written for."
                ),
                .optional(
                    "kubernetes",
                    \.kubernetes,
                    .text(.version),
                    default: pinned.kubernetes,
                    "The Kubernetes version."
                ),
                .optional(
                    "flux",
                    \.flux,
                    .text(.version),
                    default: pinned.flux,
                    "The Flux release `flux install` puts on every cluster, so a rebuilt cluster runs the same controllers."
                ),
                .optional(
                    "images",
                    \.images,
                    pinnedRecord(
                        pinned.images,
                        name: "Images",
                        doc: "Images the platform runs outside any chart, by role.",
                        .image
                    ) { "The \($0) image." },
                    default: pinned.images,
                    "Images run outside any chart, by role; roles left out use the tested image."
                ),
            ]
        )
    }

    /// A record whose keys are those of `pinned`, each a text of `format` that defaults to its pinned value.
    private static func pinnedRecord(
        _ pinned: [String: String],
        name: String,
        doc: String,
        _ format: SpecTextFormat,
        keyDoc: (String) -> String
    ) -> SpecCodec<[String: String]> {
        .record(name: name, doc: doc, keys: pinned.keys.sorted().map { ($0, keyDoc($0), pinned[$0]) }, .text(format))
    }

    static var network: SpecObject<NetworkSpec> {
        SpecObject(
            name: "Network",
            doc: "The layer-2 network the nodes share.",
            placeholder: NetworkSpec(
                nodeSubnet: "",
                gateway: "",
                mtu: 0,
                bond: BondSpec(name: "", mode: "", links: []),
                nameservers: []
            ),
            fields: [
                .required(
                    "nodeSubnet",
                    \.nodeSubnet,
                    .text(.cidr),
                    "The node subnet. Node addresses, API endpoints and the gateway are on it; pod, service and "
                        + "LoadBalancer ranges must not be."
                ),
                .required("gateway", \.gateway, .text(.ipv4), "The default gateway on the node subnet (the router)."),
                .optional(
                    "mtu",
                    \.mtu,
                    .integer(576...9216),
                    default: 1500,
                    "Interface MTU of the bond; every device on the segment must use the same."
                ),
                .required("bond", \.bond, bond.codec, "The bond the nodes' links form."),
                .required(
                    "nameservers",
                    \.nameservers,
                    .list(.text(.ipv4), minItems: 1),
                    "DNS servers the nodes use."
                ),
            ]
        )
    }

    static var bond: SpecObject<BondSpec> {
        SpecObject(
            name: "Bond",
            doc: "A Linux bond of the node's links; Talos only creates one when it is declared.",
            placeholder: BondSpec(name: "", mode: "", links: []),
            fields: [
                .optional("name", \.name, .text(.link), default: "bond0", "The bond's interface name."),
                .optional(
                    "mode",
                    \.mode,
                    .choice([
                        "802.3ad", "active-backup", "balance-rr", "balance-xor", "broadcast", "balance-tlb",
                        "balance-alb",
                    ]),
                    default: "802.3ad",
                    "Bonding mode; 802.3ad is LACP and needs a matching switch configuration."
                ),
                .required(
                    "links",
                    \.links,
                    .list(.text(.link), minItems: 1),
                    "The member links, by interface name or hardware address."
                ),
            ]
        )
    }

    static var router: SpecObject<RouterSpec> {
        SpecObject(
            name: "Router",
            doc: "The router every cluster peers with over BGP.",
            placeholder: RouterSpec(model: "", asn: 0, routerID: "", address: ""),
            fields: [
                .optional(
                    "model",
                    \.model,
                    .choice(["srx320"]),
                    default: "srx320",
                    "The router model, which selects the configuration dialect (srx320: Junos set commands)."
                ),
                .required("asn", \.asn, .integer(1...4_294_967_295), "The router's autonomous system number."),
                .required("routerID", \.routerID, .text(.ipv4), "The BGP router id (an IPv4 address)."),
                .required(
                    "address",
                    \.address,
                    .text(.ipv4),
                    "The address the clusters peer with, on the node subnet."
                ),
            ]
        )
    }

    static var bgp: SpecObject<BGPSpec> {
        SpecObject(
            name: "BGP",
            doc: "BGP session settings common to every peering.",
            placeholder: BGPSpec(holdTimeSeconds: 0, keepaliveSeconds: 0, gracefulRestart: false, multipath: false),
            fields: [
                .optional(
                    "holdTimeSeconds",
                    \.holdTimeSeconds,
                    .integer(3...65_535),
                    default: 90,
                    "Hold time: how long a silent peer's routes are kept. Short times (9) fail over quickly."
                ),
                .optional(
                    "keepaliveSeconds",
                    \.keepaliveSeconds,
                    .integer(1...21_845),
                    default: 30,
                    "Keepalive interval; at most a third of the hold time."
                ),
                .optional(
                    "gracefulRestart",
                    \.gracefulRestart,
                    .flag,
                    default: true,
                    "Whether graceful restart is enabled on both ends, so an agent restart keeps routes."
                ),
                .optional(
                    "multipath",
                    \.multipath,
                    .flag,
                    default: true,
                    "Whether the router installs equal-cost paths to every node announcing a prefix."
                ),
            ]
        )
    }

    static var cluster: SpecObject<ClusterSpec> {
        SpecObject(
            name: "Cluster",
            doc: "One Kubernetes cluster.",
            placeholder: ClusterSpec(
                name: "",
                id: 0,
                asn: 0,
                podCIDR: "",
                serviceCIDR: "",
                loadBalancerPools: [],
                endpoint: "",
                ceph: .none,
                nodes: []
            ),
            fields: [
                .required(
                    "name",
                    \.name,
                    .text(.dnsLabel),
                    "The cluster's name, used in paths and as Cilium's cluster.name."
                ),
                .required("id", \.id, .integer(1...255), "Cilium's cluster.id, unique across the mesh."),
                .required(
                    "asn",
                    \.asn,
                    .integer(1...4_294_967_295),
                    "The cluster's own autonomous system number, unique among the clusters and the router."
                ),
                .required(
                    "podCIDR",
                    \.podCIDR,
                    .text(.cidr),
                    "The pod CIDR; nodes get a /24 each. It must not overlap any other range of the platform."
                ),
                .required(
                    "serviceCIDR",
                    \.serviceCIDR,
                    .text(.cidr),
                    "The service CIDR. It must not overlap any other range of the platform."
                ),
                .optional(
                    "loadBalancerPools",
                    \.loadBalancerPools,
                    .list(.text(.cidr)),
                    default: [],
                    "LoadBalancer address pools Cilium allocates from and announces over BGP. They must lie "
                        + "outside the node subnet: nothing answers ARP for them there."
                ),
                .required(
                    "endpoint",
                    \.endpoint,
                    .text(.ipv4),
                    "The Kubernetes API endpoint: a shared virtual IP on the node subnet, not a node's address."
                ),
                .optional(
                    "ceph",
                    \.ceph,
                    .choice,
                    default: .none,
                    "Whether the cluster runs Ceph on its own disks (provider), uses the provider's Ceph as a "
                        + "Rook external cluster (consumer), or has none."
                ),
                .required("nodes", \.nodes, .list(node.codec, minItems: 1), "The cluster's machines."),
            ]
        )
    }

    static var node: SpecObject<NodeSpec> {
        SpecObject(
            name: "Node",
            doc: "One machine.",
            placeholder: NodeSpec(name: "", role: .controlplane, address: "", memoryBytes: 0, cpus: 0, disks: []),
            fields: [
                .required("name", \.name, .text(.dnsLabel), "The hostname, unique across the platform."),
                .optional(
                    "role",
                    \.role,
                    .choice,
                    default: .controlplane,
                    "controlplane (runs etcd and the control plane, and schedulable workloads) or worker."
                ),
                .required("address", \.address, .text(.ipv4), "The node's address on the node subnet."),
                .required("memory", \.memoryBytes, .bytes, "Installed memory, such as 64Gi."),
                .required("cpus", \.cpus, .integer(1...1024), "Logical CPUs."),
                .optional("disks", \.disks, .list(disk.codec), default: [], "The node's disks."),
            ]
        )
    }

    static var disk: SpecObject<DiskSpec> {
        SpecObject(
            name: "Disk",
            doc: "One disk of a node.",
            placeholder: DiskSpec(device: "", sizeBytes: 0, use: .system),
            fields: [
                .required(
                    "device",
                    \.device,
                    .text(.device),
                    "A stable device path (/dev/disk/by-id/…), or a kernel name, which may change across reboots."
                ),
                .required("size", \.sizeBytes, .bytes, "Size, such as 1T or 512G."),
                .required(
                    "use",
                    \.use,
                    .choice,
                    "What it holds: system (Talos), ceph (one OSD) or local (OpenEBS local path volumes)."
                ),
            ]
        )
    }

    /// Every value filled with a placeholder, overwritten field by field as the spec is read.
    private static var placeholderSpec: PlatformSpec {
        let timing = LayerTiming(timeout: "", retryInterval: "")
        let storageClass = StorageClassSpec(name: "", isDefault: false, reclaimPolicy: "")
        let retention = RetentionSpec(hourly: 0, daily: 0, weekly: 0, monthly: 0)
        return PlatformSpec(
            name: "",
            domain: "",
            repository: repository.placeholder,
            versions: versions.placeholder,
            network: network.placeholder,
            router: router.placeholder,
            bgp: bgp.placeholder,
            clusters: [],
            storage: StorageSpec(
                ceph: ceph.placeholder,
                localPath: LocalPathSpec(basePath: "", storageClass: storageClass)
            ),
            metrics: metrics.placeholder,
            backups: BackupSpec(
                objectStore: ObjectStoreSpec(endpoint: "", bucket: "", region: "", credentialsItem: ""),
                volsync: VolSyncDefaults(schedule: "", retention: retention, resticPasswordItem: ""),
                velero: VeleroSpec(schedule: "", ttl: ""),
                verification: VerificationSpec(schedule: "")
            ),
            secrets: SecretsSpec(provider: "", connectHost: "", vault: ""),
            flux: FluxSpec(interval: "", layers: [:], defaults: timing),
            databases: [],
            applications: [],
            objectives: []
        )
    }
}
