public import StrataPlatform
public import StrataYAML

/// Cilium, the CNI: one values tree per cluster, written both as the bootstrap values file the runbook's
/// `helm install` uses and as the `operators` layer HelmRelease that adopts that release afterwards.
///
/// With Talos's `cni: none` there is no pod network until Cilium runs, so Flux (ordinary pods) cannot
/// install it; the runbook installs it first with the same values and Flux takes it over.
public struct Cilium: PlatformComponent {
    /// The Helm release's name, shared by the bootstrap install and the HelmRelease.
    public static let releaseName = "cilium"
    /// The namespace Cilium runs in.
    public static let namespace = "kube-system"
    /// The KubePrism port every Talos node serves the API server on.
    public static let kubePrismPort = 7445
    /// The clustermesh-apiserver's port.
    public static let clusterMeshPort = 2379
    /// The highest MTU native XDP can attach at (XDP buffers are one page).
    static let xdpMaxMTU = 3498

    /// Creates the component.
    public init() {}

    /// The bootstrap values file of a cluster, relative to the repository root.
    public static func bootstrapValuesPath(_ cluster: ClusterSpec) -> String {
        "bootstrap/\(cluster.name)/cilium-values.yaml"
    }

    /// The native-routing CIDR: the smallest prefix covering every cluster's pod CIDR, since ClusterMesh
    /// requires it to cover the pods of every connected cluster (or they are masqueraded).
    public static func nativeRoutingCIDR(in spec: PlatformSpec) -> String? {
        CiliumNetworkAddressing.covering(spec.clusters.compactMap { CiliumNetworkAddressing.Prefix($0.podCIDR) })?
            .description
    }

    /// The address the cluster's clustermesh-apiserver LoadBalancer Service gets: the first assignable address
    /// of the cluster's first pool (LB-IPAM keeps a block's network and broadcast addresses back).
    public static func clusterMeshAddress(of cluster: ClusterSpec) -> String? {
        guard let pool = cluster.loadBalancerPools.first.flatMap(CiliumNetworkAddressing.Prefix.init) else {
            return nil
        }
        return pool.address(at: pool.length >= 31 ? 0 : 1)
    }

    /// The Helm values of a cluster's Cilium.
    public static func values(for cluster: ClusterSpec, in context: GenerationContext) -> YAMLNode {
        let spec = context.spec
        var values: YAMLNode = [
            "cluster": ["name": "\(cluster.name)", "id": .int(cluster.id)],
            // KubePrism: the API server on every node's localhost, so the agent does not depend on kube-proxy,
            // a VIP or the router to reach it.
            "k8sServiceHost": "localhost",
            "k8sServicePort": .int(kubePrismPort),
            "kubeProxyReplacement": true,
            // Talos gives each node its pod CIDR from podSubnets; Cilium uses the same allocation.
            "ipam": ["mode": "kubernetes"],
            "routingMode": "native",
            // Every node shares one L2 segment: the agents install routes to each other's pod CIDRs themselves
            // (BGP only advertises to the router, it never programs the nodes).
            "autoDirectNodeRoutes": true,
            "bpf": ["masquerade": true],
            "MTU": .int(spec.network.mtu),
            "securityContext": [
                "capabilities": [
                    // Talos forbids loading kernel modules: SYS_MODULE is dropped from both lists.
                    "ciliumAgent": [
                        "CHOWN", "KILL", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "SYS_ADMIN", "SYS_RESOURCE",
                        "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID",
                    ],
                    "cleanCiliumState": ["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"],
                ]
            ],
            // Talos mounts cgroup v2 itself.
            "cgroup": ["autoMount": ["enabled": false], "hostRoot": "/sys/fs/cgroup"],
            "bgpControlPlane": ["enabled": true],
            "operator": ["replicas": .int(min(2, max(1, cluster.nodes.count)))],
        ]
        if let cidr = nativeRoutingCIDR(in: spec) {
            values.set("ipv4NativeRoutingCIDR", .string(cidr))
        }
        // Native XDP cannot attach above one page's MTU; best-effort would silently fall back anyway.
        values.set(
            "loadBalancer",
            ["acceleration": .string(spec.network.mtu > xdpMaxMTU ? "disabled" : "best-effort")]
        )
        values.set("clustermesh", clusterMesh(for: cluster, in: spec))
        return values
    }

    private static func clusterMesh(for cluster: ClusterSpec, in spec: PlatformSpec) -> YAMLNode {
        var service: YAMLNode = ["type": "LoadBalancer"]
        if let address = clusterMeshAddress(of: cluster) {
            service.set("annotations", ["lbipam.cilium.io/ips": .string(address)])
        }
        let peers: [YAMLNode] = spec.clusters.filter { $0.name != cluster.name }.compactMap { peer in
            guard let address = clusterMeshAddress(of: peer) else { return nil }
            return ["name": "\(peer.name)", "port": .int(clusterMeshPort), "ips": [.string(address)]]
        }
        return [
            "useAPIServer": true,
            // Every cluster of a mesh must agree on this value.
            "maxConnectedClusters": 255,
            // Peers are declared here rather than with `cilium clustermesh connect`, which edits the release
            // outside Git; the clusters share one CA (tls.ca at bootstrap), so no per-peer certificates are needed.
            "config": ["enabled": true, "clusters": .sequence(peers)],
            "apiserver": [
                "replicas": .int(min(2, max(1, cluster.nodes.count))),
                "service": service,
            ],
        ]
    }

    /// Adds the HelmRelease that adopts the bootstrap installation.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard let version = context.version(of: "cilium"), let source = ChartSource.all["cilium"] else { return }
        var release = Manifests.helmRelease(
            name: Self.releaseName,
            namespace: Self.namespace,
            source: source,
            version: version,
            values: Self.values(for: plan.cluster, in: context)
        )
        release.set(path: ["spec", "releaseName"], .string(Self.releaseName))
        plan.addSource(for: source)
        plan.add(
            [release],
            to: .operators,
            file: "cilium.yaml",
            comment: """
                The runbook installs this release with `helm install` and \(Self.bootstrapValuesPath(plan.cluster))
                before Flux exists (Talos runs no CNI); this HelmRelease adopts it with the same values.
                """
        )
    }

    /// Writes the bootstrap values file of every cluster.
    public func contribute(to repository: inout GeneratedRepository, in context: GenerationContext) {
        guard let version = context.version(of: "cilium") else { return }
        for cluster in context.spec.clusters {
            repository.write(
                Self.bootstrapValuesPath(cluster),
                documents: [Self.values(for: cluster, in: context)],
                comment: """
                    Values of the first Cilium install, before Flux: the same values as the HelmRelease in
                    \(Layer.operators.directory(cluster: cluster.name))/cilium.yaml, which adopts the release.

                    """
                        + Self.installCommand(cluster: cluster, version: version, vault: context.spec.secrets.vault)
                        .joined(separator: "\n")
            )
        }
    }

    /// The secrets-provider item holding the CA every cluster's Cilium shares, so mesh peers trust each other.
    public static let caItem = "cilium-ca"

    /// The `helm install` of the first Cilium, with the shared CA read from the secrets provider, one line each.
    public static func installCommand(cluster: ClusterSpec, version: String, vault: String) -> [String] {
        [
            "helm install \(releaseName) cilium/cilium --version \(version) -n \(namespace) "
                + "-f \(bootstrapValuesPath(cluster)) \\",
            "  --set tls.ca.cert=\"$(op read 'op://\(vault)/\(caItem)/ca.crt' | base64 -w0)\" \\",
            "  --set tls.ca.key=\"$(op read 'op://\(vault)/\(caItem)/ca.key' | base64 -w0)\"",
        ]
    }
}
