import StrataCore
import StrataFlux

/// Cilium's native-routing CIDR does not cover the pod CIDRs.
struct NativeRoutingCidr: Rule {
    static let description = RuleDescription(
        id: "net/native-routing-cidr",
        name: "Native Routing CIDR",
        summary: "ipv4NativeRoutingCIDR does not cover the cluster's pod CIDRs, or all meshed clusters' pod CIDRs",
        rationale: """
            In native routing mode Cilium masquerades every packet from a pod to a destination outside \
            `ipv4NativeRoutingCIDR`, except to other cluster nodes \
            (cilium/cilium `Documentation/network/concepts/masquerading.rst`). Pod-to-pod traffic then \
            arrives from a node address, which breaks identity-based policy; ClusterMesh requires the CIDR to \
            cover the PodCIDR ranges of all connected clusters \
            (cilium/cilium `Documentation/network/clustermesh/clustermesh.rst`).
            """,
        remediation: """
            Set `ipv4NativeRoutingCIDR` to a range that contains every pod CIDR (of every meshed cluster), \
            for example `10.244.0.0/14`, not the node subnet.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("cilium.yaml", Self.release(cidr: "10.244.0.0/14")),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("cilium.yaml", Self.release(cidr: "↓10.25.11.0/24")),
                ]
            )
        ]
    )

    private static let talos = """
        cluster:
          network:
            podSubnets:
              - 10.244.0.0/16
        """

    private static func release(cidr: String) -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: cilium, namespace: kube-system}
        spec:
          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
          values:
            ipam:
              mode: kubernetes
            routingMode: native
            ipv4NativeRoutingCIDR: \(cidr)
        """
    }

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = context.shared("NetworkInventory") { NetworkInventory(context) }
        let meshed = inventory.cilium.filter(\.meshes).map(\.cluster.name)
        for install in inventory.cilium {
            let native =
                install.value("routingMode")?.string == "native" || install.value("tunnel")?.string == "disabled"
            guard native, let node = install.value("ipv4NativeRoutingCIDR"),
                let cidr = node.string.flatMap(IPNetwork.init)
            else { continue }
            var scope = [install.cluster.name]
            if install.meshes { scope += meshed.filter { $0 != install.cluster.name } }
            var uncovered: [(cluster: String, prefix: NetworkInventory.Prefix)] = []
            for name in scope {
                for pod in inventory[name].pods where pod.network.family == .v4 && !cidr.contains(pod.network) {
                    if !uncovered.contains(where: { $0.prefix.network == pod.network }) {
                        uncovered.append((name, pod))
                    }
                }
            }
            guard !uncovered.isEmpty else { continue }
            let listed = uncovered.map { "'\($0.prefix.network)' of cluster '\($0.cluster)'" }
                .joined(separator: ", ")
            sink.report(
                "ipv4NativeRoutingCIDR '\(cidr)' does not cover pod CIDR \(listed)",
                at: node.location,
                object: context.reference(install.release, in: install.cluster),
                notes: uncovered.map { Diagnostic.Note("\($0.prefix.source) range", at: $0.prefix.location) }
            )
        }
    }
}
