public import StrataPlatform
public import StrataYAML

/// Talos machine-configuration patches: `talos/<c>/cluster.yaml` for every node of a cluster and
/// `talos/<c>/nodes/<node>.yaml` per node, applied with `talosctl gen config --config-patch` or
/// `talosctl apply-config --config-patch`.
///
/// Talos 1.12 moved network settings out of `machine.network` into their own documents (`HostnameConfig`,
/// `BondConfig`, `ResolverConfig`, `Layer2VIPConfig`); the patches follow the version the spec pins.
public struct Talos: PlatformComponent {
    /// The Kubernetes API server port behind the endpoint.
    public static let apiServerPort = 6443
    /// The directory under which user volumes are mounted; a volume named `x` is mounted at `<prefix>/x`.
    static let userVolumePrefix = "/var/mnt/"

    /// Creates the component.
    public init() {}

    /// The cluster-wide patch's path.
    public static func clusterPatchPath(_ cluster: ClusterSpec) -> String { "talos/\(cluster.name)/cluster.yaml" }

    /// A node patch's path.
    public static func nodePatchPath(_ cluster: ClusterSpec, _ node: NodeSpec) -> String {
        "talos/\(cluster.name)/nodes/\(node.name).yaml"
    }

    /// Whether the pinned Talos version configures the network with separate documents (1.12 and later).
    public static func usesNetworkDocuments(_ version: String) -> Bool {
        let numbers = version.drop { !$0.isNumber }.split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 2 else { return true }
        return numbers[0] > 1 || (numbers[0] == 1 && numbers[1] >= 12)
    }

    /// The name of the user volume that holds local-path volumes: the last component of the base path.
    public static func localVolumeName(_ spec: PlatformSpec) -> String {
        let path = spec.storage.localPath.basePath
        let name = path.hasPrefix(userVolumePrefix) ? String(path.dropFirst(userVolumePrefix.count)) : path
        return name.split(separator: "/").last.map(String.init) ?? "local"
    }

    /// The cluster-wide patch.
    public static func clusterPatch(for cluster: ClusterSpec, in spec: PlatformSpec) -> YAMLNode {
        var machine: YAMLNode = [
            // Cilium reaches the API server through KubePrism on every node.
            "features": ["kubePrism": ["enabled": true, "port": .int(Cilium.kubePrismPort)]]
        ]
        if cluster.nodes.contains(where: { $0.disks.contains { $0.use == .local } }) {
            let path = spec.storage.localPath.basePath
            // The local-path provisioner creates volumes from inside its pod: the kubelet needs the mount
            // shared into its own mount namespace.
            machine.set(
                "kubelet",
                [
                    "extraMounts": [
                        [
                            "destination": .string(path),
                            "type": "bind",
                            "source": .string(path),
                            "options": ["bind", "rshared", "rw"],
                        ]
                    ]
                ]
            )
        }
        return [
            "machine": machine,
            "cluster": [
                "controlPlane": ["endpoint": "https://\(cluster.endpoint):\(apiServerPort)"],
                "network": [
                    // No CNI from Talos: the runbook installs Cilium with helm before anything else runs.
                    "cni": ["name": "none"],
                    "podSubnets": [.string(cluster.podCIDR)],
                    "serviceSubnets": [.string(cluster.serviceCIDR)],
                ],
                // Cilium replaces kube-proxy; Talos must not deploy it too.
                "proxy": ["disabled": true],
            ],
        ]
    }

    /// The documents of a node's patch.
    public static func nodePatch(for node: NodeSpec, in cluster: ClusterSpec, spec: PlatformSpec) -> [YAMLNode] {
        let network = spec.network
        let prefixLength = CiliumNetworkAddressing.prefixLength(of: network.nodeSubnet) ?? 32
        let address = "\(node.address)/\(prefixLength)"
        let isControlPlane = node.role == .controlplane
        var machine: YAMLNode = [:]
        if let system = node.disks.first(where: { $0.use == .system }) {
            machine.set("install", ["disk": .string(devicePath(system.device))])
        }
        var documents: [YAMLNode] = []
        if usesNetworkDocuments(spec.versions.talos) {
            if !machine.keys.isEmpty { documents.append(["machine": machine]) }
            documents.append(["apiVersion": "v1alpha1", "kind": "HostnameConfig", "hostname": "\(node.name)"])
            var bond: YAMLNode = [
                "apiVersion": "v1alpha1",
                "kind": "BondConfig",
                "name": "\(network.bond.name)",
                "links": .sequence(network.bond.links.map { .string($0) }),
                "bondMode": "\(network.bond.mode)",
            ]
            for (key, value) in bondOptions(network.bond) { bond.set(key, value) }
            bond.set("mtu", .int(network.mtu))
            bond.set("addresses", [["address": .string(address)]])
            bond.set("routes", [["gateway": .string(network.gateway)]])
            documents.append(bond)
            if !network.nameservers.isEmpty {
                documents.append([
                    "apiVersion": "v1alpha1",
                    "kind": "ResolverConfig",
                    "nameservers": .sequence(network.nameservers.map { ["address": .string($0)] }),
                ])
            }
            if isControlPlane {
                documents.append([
                    "apiVersion": "v1alpha1", "kind": "Layer2VIPConfig",
                    "name": "\(cluster.endpoint)", "link": "\(network.bond.name)",
                ])
            }
        } else {
            var bond: YAMLNode = [
                "interfaces": .sequence(network.bond.links.map { .string($0) }),
                "mode": "\(network.bond.mode)",
            ]
            for (key, value) in bondOptions(network.bond) { bond.set(key, value) }
            var interface: YAMLNode = [
                "interface": "\(network.bond.name)",
                "bond": bond,
                "mtu": .int(network.mtu),
                "dhcp": false,
                "addresses": [.string(address)],
                "routes": [["network": "0.0.0.0/0", "gateway": .string(network.gateway)]],
            ]
            // The API endpoint is a VIP the control-plane nodes hold in turn.
            if isControlPlane { interface.set("vip", ["ip": .string(cluster.endpoint)]) }
            var settings: YAMLNode = ["hostname": "\(node.name)"]
            if !network.nameservers.isEmpty {
                settings.set("nameservers", .sequence(network.nameservers.map { .string($0) }))
            }
            settings.set("interfaces", [interface])
            machine.set("network", settings)
            documents.append(["machine": machine])
        }
        // The Ceph disk is left alone: Rook takes it whole. The local disk becomes a user volume that Talos
        // mounts under /var/mnt, where the local-path provisioner keeps its volumes.
        if let local = node.disks.first(where: { $0.use == .local }) {
            documents.append([
                "apiVersion": "v1alpha1",
                "kind": "UserVolumeConfig",
                "name": "\(localVolumeName(spec))",
                "provisioning": [
                    "diskSelector": ["match": .string(diskMatch(local.device))],
                    "grow": true,
                ],
            ])
        }
        return documents
    }

    private static func bondOptions(_ bond: BondSpec) -> [(String, YAMLNode)] {
        // LACP needs a rate and a hash that spreads flows over the links; other modes take neither.
        guard bond.mode == "802.3ad" else { return [("miimon", 100)] }
        return [("lacpRate", "fast"), ("xmitHashPolicy", "layer3+4"), ("miimon", 100)]
    }

    /// A device as a path: kernel names (`nvme0n1`) become `/dev/nvme0n1`, paths (`/dev/sda`,
    /// `/dev/disk/by-id/…`) stay as they are.
    ///
    /// `machine.install.disk` takes either: Talos checks the path with `stat`, which follows udev's links, and
    /// runs udevd in maintenance mode, so a by-id link exists when the configuration is applied. A
    /// `diskSelector` is not needed for it (its fields match model, serial or size, not a link).
    public static func devicePath(_ device: String) -> String { device.hasPrefix("/") ? device : "/dev/\(device)" }

    /// The CEL expression that selects a disk: by a stable symlink, or by its kernel device path.
    static func diskMatch(_ device: String) -> String {
        let path = devicePath(device)
        return path.hasPrefix("/dev/disk/") ? "'\(path)' in disk.symlinks" : "disk.dev_path == '\(path)'"
    }

    /// The node patch's comment; it says why a by-id install disk needs no selector.
    static func nodeComment(_ node: NodeSpec) -> String {
        var comment = "\(node.name) (\(node.role.rawValue)): apply together with ../cluster.yaml."
        if let system = node.disks.first(where: { $0.use == .system }),
            devicePath(system.device).hasPrefix("/dev/disk/")
        {
            comment += """

                install.disk is a udev link: Talos follows it, and udevd runs in maintenance mode, so the link
                names the same disk whatever order the kernel finds the disks in.
                """
        }
        return comment
    }

    /// Writes every cluster's patches.
    public func contribute(to repository: inout GeneratedRepository, in context: GenerationContext) {
        let spec = context.spec
        for cluster in spec.clusters {
            repository.write(
                Self.clusterPatchPath(cluster),
                documents: [Self.clusterPatch(for: cluster, in: spec)],
                comment: """
                    Every node of \(cluster.name): Cilium is the CNI and replaces kube-proxy, so Talos deploys
                    neither; the runbook installs Cilium with helm right after `talosctl bootstrap`.
                    """
            )
            for node in cluster.nodes {
                repository.write(
                    Self.nodePatchPath(cluster, node),
                    documents: Self.nodePatch(for: node, in: cluster, spec: spec),
                    comment: Self.nodeComment(node)
                )
            }
        }
    }
}
