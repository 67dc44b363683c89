/// The whole platform, as `platform.yaml` describes it: every number the generated repository, the
/// router configuration, the runbooks and the plan are computed from.
///
/// Values are plain data; ``PlatformSpecDecoder`` reads them from YAML with positions and
/// ``PlatformSpecValidator`` refuses a spec that contradicts itself.
public struct PlatformSpec: Sendable, Equatable {
    /// A short name for the platform, used in object names and documents (`homelab`).
    public var name: String
    /// The DNS domain of the platform's services (`monosense.io`).
    public var domain: String
    /// The Git repository Flux reconciles from.
    public var repository: RepositorySpec
    /// The chart and image versions of every component.
    public var versions: VersionsSpec
    /// The shared node network.
    public var network: NetworkSpec
    /// The router the clusters peer with over BGP.
    public var router: RouterSpec
    /// BGP session settings common to every peering.
    public var bgp: BGPSpec
    /// The clusters, in order; the first one that provides Ceph is the storage cluster.
    public var clusters: [ClusterSpec]
    /// Ceph and local-path storage.
    public var storage: StorageSpec
    /// VictoriaMetrics sizing.
    public var metrics: MetricsSpec
    /// Volume backups, cluster backups and their verification.
    public var backups: BackupSpec
    /// Where secrets come from.
    public var secrets: SecretsSpec
    /// Flux layer timings.
    public var flux: FluxSpec
    /// PostgreSQL clusters run by CloudNativePG.
    public var databases: [DatabaseSpec]
    /// Applications and their volumes.
    public var applications: [ApplicationSpec]
    /// Recovery objectives per failure scenario.
    public var objectives: [RecoveryObjective]

    /// Creates a spec.
    public init(
        name: String,
        domain: String,
        repository: RepositorySpec,
        versions: VersionsSpec,
        network: NetworkSpec,
        router: RouterSpec,
        bgp: BGPSpec,
        clusters: [ClusterSpec],
        storage: StorageSpec,
        metrics: MetricsSpec,
        backups: BackupSpec,
        secrets: SecretsSpec,
        flux: FluxSpec,
        databases: [DatabaseSpec],
        applications: [ApplicationSpec],
        objectives: [RecoveryObjective]
    ) {
        self.name = name
        self.domain = domain
        self.repository = repository
        self.versions = versions
        self.network = network
        self.router = router
        self.bgp = bgp
        self.clusters = clusters
        self.storage = storage
        self.metrics = metrics
        self.backups = backups
        self.secrets = secrets
        self.flux = flux
        self.databases = databases
        self.applications = applications
        self.objectives = objectives
    }
}

/// The Git repository Flux bootstraps from.
public struct RepositorySpec: Sendable, Equatable {
    /// Clone URL (`ssh://git@github.com/org/platform`).
    public var url: String
    /// Branch to follow.
    public var branch: String

    /// Creates a repository.
    public init(url: String, branch: String) {
        self.url = url
        self.branch = branch
    }
}

/// Chart versions (as a HelmRelease pins them) and the few images set directly.
public struct VersionsSpec: Sendable, Equatable {
    /// Chart name to exact chart version: `cilium`, `rook-ceph`, `rook-ceph-cluster`, `cert-manager`,
    /// `external-secrets`, `cloudnative-pg`, `victoria-metrics-operator`, `grafana`, `volsync`, `velero`,
    /// `snapshot-controller`, `localpv-provisioner`.
    public var charts: [String: String]
    /// The Ceph image (`quay.io/ceph/ceph:v19.2.3`).
    public var cephImage: String
    /// The PostgreSQL image CloudNativePG runs.
    public var postgresImage: String
    /// The Talos version the machine patches are written for.
    public var talos: String
    /// The Kubernetes version.
    public var kubernetes: String
    /// The Flux release `flux install` puts on every cluster (`v2.9.4`).
    public var flux: String
    /// The images the platform runs outside any chart, by role: `connect-api` and `connect-sync` (an
    /// in-cluster 1Password Connect), `restic` (the restore drill), `velero-plugin-for-aws` (Velero's
    /// object-store plugin).
    public var images: [String: String]

    /// Creates versions.
    public init(
        charts: [String: String],
        cephImage: String,
        postgresImage: String,
        talos: String,
        kubernetes: String,
        flux: String,
        images: [String: String]
    ) {
        self.charts = charts
        self.cephImage = cephImage
        self.postgresImage = postgresImage
        self.talos = talos
        self.kubernetes = kubernetes
        self.flux = flux
        self.images = images
    }
}

/// The layer-2 network the nodes share.
public struct NetworkSpec: Sendable, Equatable {
    /// The node subnet (`10.25.11.0/24`).
    public var nodeSubnet: String
    /// The default gateway on it, which is the router.
    public var gateway: String
    /// Interface MTU.
    public var mtu: Int
    /// The bond the nodes' links form.
    public var bond: BondSpec
    /// DNS servers the nodes use.
    public var nameservers: [String]

    /// Creates a network.
    public init(nodeSubnet: String, gateway: String, mtu: Int, bond: BondSpec, nameservers: [String]) {
        self.nodeSubnet = nodeSubnet
        self.gateway = gateway
        self.mtu = mtu
        self.bond = bond
        self.nameservers = nameservers
    }
}

/// A Linux bond of the node's links.
public struct BondSpec: Sendable, Equatable {
    /// The bond's interface name (`bond0`).
    public var name: String
    /// Bonding mode (`802.3ad`).
    public var mode: String
    /// The member links, by name or by a Talos device selector's hardware address.
    public var links: [String]

    /// Creates a bond.
    public init(name: String, mode: String, links: [String]) {
        self.name = name
        self.mode = mode
        self.links = links
    }
}

/// The router every cluster peers with.
public struct RouterSpec: Sendable, Equatable {
    /// The model, which selects the configuration dialect (`srx320`: Junos `set` commands).
    public var model: String
    /// The router's ASN.
    public var asn: Int
    /// The router id (an IPv4 address).
    public var routerID: String
    /// The address the clusters peer with (on the node subnet).
    public var address: String

    /// Creates a router.
    public init(model: String, asn: Int, routerID: String, address: String) {
        self.model = model
        self.asn = asn
        self.routerID = routerID
        self.address = address
    }
}

/// BGP session settings.
public struct BGPSpec: Sendable, Equatable {
    /// Hold time in seconds.
    public var holdTimeSeconds: Int
    /// Keepalive in seconds.
    public var keepaliveSeconds: Int
    /// Whether graceful restart is enabled on both ends.
    public var gracefulRestart: Bool
    /// Whether the router installs equal-cost paths to every node (`multipath`).
    public var multipath: Bool

    /// Creates BGP settings.
    public init(holdTimeSeconds: Int, keepaliveSeconds: Int, gracefulRestart: Bool, multipath: Bool) {
        self.holdTimeSeconds = holdTimeSeconds
        self.keepaliveSeconds = keepaliveSeconds
        self.gracefulRestart = gracefulRestart
        self.multipath = multipath
    }
}

/// One Kubernetes cluster.
public struct ClusterSpec: Sendable, Equatable {
    /// The cluster's name (`infra`), used in paths and Cilium's `cluster.name`.
    public var name: String
    /// Cilium's `cluster.id` (1–255), unique across the mesh.
    public var id: Int
    /// The cluster's own ASN.
    public var asn: Int
    /// The pod CIDR.
    public var podCIDR: String
    /// The service CIDR.
    public var serviceCIDR: String
    /// The LoadBalancer IP pools (CIDRs) Cilium allocates and advertises.
    public var loadBalancerPools: [String]
    /// The address of the Kubernetes API endpoint for this cluster's Talos `controlPlane.endpoint`
    /// (a shared VIP on the node subnet).
    public var endpoint: String
    /// Whether this cluster runs the Ceph cluster (`provider`) or consumes another's (`consumer`).
    public var ceph: CephRole
    /// The nodes.
    public var nodes: [NodeSpec]

    /// Creates a cluster.
    public init(
        name: String,
        id: Int,
        asn: Int,
        podCIDR: String,
        serviceCIDR: String,
        loadBalancerPools: [String],
        endpoint: String,
        ceph: CephRole,
        nodes: [NodeSpec]
    ) {
        self.name = name
        self.id = id
        self.asn = asn
        self.podCIDR = podCIDR
        self.serviceCIDR = serviceCIDR
        self.loadBalancerPools = loadBalancerPools
        self.endpoint = endpoint
        self.ceph = ceph
        self.nodes = nodes
    }
}

/// How a cluster takes part in Ceph.
public enum CephRole: String, Sendable, Equatable, CaseIterable {
    /// Runs mons and OSDs on its own nodes.
    case provider
    /// Connects to the provider cluster's Ceph as a Rook external cluster.
    case consumer
    /// No Ceph at all.
    case none
}

/// One machine.
public struct NodeSpec: Sendable, Equatable {
    /// Hostname (`prod-01`).
    public var name: String
    /// `controlplane` or `worker`.
    public var role: NodeRole
    /// The node's address on the node subnet.
    public var address: String
    /// Installed memory in bytes.
    public var memoryBytes: Int64
    /// Logical CPUs.
    public var cpus: Int
    /// The disks.
    public var disks: [DiskSpec]

    /// Creates a node.
    public init(name: String, role: NodeRole, address: String, memoryBytes: Int64, cpus: Int, disks: [DiskSpec]) {
        self.name = name
        self.role = role
        self.address = address
        self.memoryBytes = memoryBytes
        self.cpus = cpus
        self.disks = disks
    }
}

/// A node's role in its cluster.
public enum NodeRole: String, Sendable, Equatable, CaseIterable {
    /// Runs etcd and the control plane (and workloads: control planes are schedulable).
    case controlplane
    /// Runs workloads only.
    case worker
}

/// One disk of a node.
public struct DiskSpec: Sendable, Equatable {
    /// A stable device path (`/dev/disk/by-id/nvme-…`) or a kernel name (`nvme1n1`).
    public var device: String
    /// Size in bytes.
    public var sizeBytes: Int64
    /// What it is for.
    public var use: DiskUse

    /// Creates a disk.
    public init(device: String, sizeBytes: Int64, use: DiskUse) {
        self.device = device
        self.sizeBytes = sizeBytes
        self.use = use
    }
}

/// What a disk holds.
public enum DiskUse: String, Sendable, Equatable, CaseIterable {
    /// The Talos system disk.
    case system
    /// A Ceph OSD.
    case ceph
    /// OpenEBS local path volumes.
    case local
}
