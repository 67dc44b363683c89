import StrataCore
import StrataFlux
import StrataYAML

/// Talos configuration and Cilium values disagree on kube-proxy, the CNI, pod CIDRs or MTU.
struct TalosCiliumMismatch: Rule {
    static let description = RuleDescription(
        id: "net/talos-cilium-mismatch",
        name: "Talos Cilium Mismatch",
        summary: "Talos configuration and Cilium values disagree on kube-proxy, the CNI, pod CIDRs or MTU",
        rationale: """
            Talos deploys kube-proxy and its default CNI unless told not to: Cilium's kube-proxy replacement \
            needs `cluster.proxy.disabled: true` and Cilium as the CNI needs `cluster.network.cni.name: none` \
            (https://docs.siderolabs.com/kubernetes-guides/cni/deploying-cilium); otherwise two \
            datapaths fight over the same Services and ports. Pod addresses Cilium allocates from its own \
            cluster pool outside Talos's `podSubnets` are not the cluster CIDR the control plane knows; a \
            Cilium `MTU` above the links' MTU drops large packets, and native XDP acceleration cannot attach \
            on links with an MTU above 3498 \
            (cilium/cilium `Documentation/network/kubernetes/kubeproxy-free.rst`, XDP acceleration).
            """,
        remediation: """
            In the Talos patch set `cluster.proxy.disabled: true` and `cluster.network.cni.name: none`, keep \
            Cilium's pod CIDRs inside `podSubnets` (or use `ipam.mode: kubernetes`), and keep Cilium's MTU at \
            or below the link MTU.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    (
                        "talos/patch.yaml",
                        """
                        cluster:
                          network:
                            cni:
                              name: none
                            podSubnets:
                              - 10.244.0.0/16
                          proxy:
                            disabled: true
                        """
                    ),
                    ("cilium.yaml", Self.release),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "talos/patch.yaml",
                        """
                        cluster:
                          ↓network:
                            podSubnets:
                              - 10.244.0.0/16
                          proxy:
                            disabled: ↓false
                        """
                    ),
                    ("cilium.yaml", Self.release),
                ]
            )
        ]
    )

    private static let release = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: cilium, namespace: kube-system}
        spec:
          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
          values:
            ipam:
              mode: kubernetes
            kubeProxyReplacement: true
        """

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let installs = context.shared("CiliumInstall") { CiliumInstall.all(in: context) }
        guard !installs.isEmpty else { return }
        let talos = context.shared("TalosPatch") { TalosPatch.all(in: context) }
        guard !talos.isEmpty else { return }
        for install in installs {
            let patches = TalosPatch.patches(talos, for: install.cluster.name)
            // Only the patch that configures the cluster's network shows what Talos deploys.
            let clusterPatches = patches.filter { $0.root[path: ["cluster", "network"]] != nil }
            guard !clusterPatches.isEmpty else { continue }
            let reference = context.reference(install.release, in: install.cluster)
            checkProxy(install, patches, clusterPatches, reference, sink)
            checkCNI(clusterPatches, sink)
            checkPodCIDRs(install, clusterPatches, reference, sink)
            checkMTU(install, patches, reference, sink)
        }
    }

    private func checkProxy(
        _ install: CiliumInstall,
        _ patches: [TalosPatch],
        _ clusterPatches: [TalosPatch],
        _ reference: ObjectReference,
        _ sink: RuleSink
    ) {
        guard install.replacesKubeProxy else { return }
        let settings = patches.compactMap(\.proxyDisabled)
        if settings.contains(where: { $0.bool == true }) { return }
        if let explicit = settings.first(where: { $0.bool == false }) {
            sink.report(
                "Talos deploys kube-proxy although Cilium's kubeProxyReplacement is on in cluster "
                    + "'\(install.cluster.name)'",
                at: explicit.location,
                object: reference
            )
        } else if let patch = clusterPatches.first {
            sink.report(
                "Talos deploys kube-proxy (no 'cluster.proxy.disabled: true') although Cilium's "
                    + "kubeProxyReplacement is on in cluster '\(install.cluster.name)'",
                at: patch.root["cluster"]?.keyLocation("network"),
                object: reference
            )
        }
    }

    private func checkCNI(_ clusterPatches: [TalosPatch], _ sink: RuleSink) {
        let names = clusterPatches.compactMap(\.cniName)
        if names.contains(where: { $0.string == "none" }) { return }
        if let other = names.first, let name = other.string {
            sink.report("Talos deploys CNI '\(name)' alongside Cilium; set 'cni.name: none'", at: other.location)
        } else if let patch = clusterPatches.first {
            sink.report(
                "Talos deploys its default CNI (flannel) alongside Cilium; set 'cluster.network.cni.name: none'",
                at: patch.root["cluster"]?.keyLocation("network")
            )
        }
    }

    private func checkPodCIDRs(
        _ install: CiliumInstall,
        _ clusterPatches: [TalosPatch],
        _ reference: ObjectReference,
        _ sink: RuleSink
    ) {
        let talos = clusterPatches.flatMap { CiliumInstall.networks(.sequence($0.podSubnets)) }
        guard !talos.isEmpty else { return }
        for (network, node) in install.clusterPoolCIDRs where !talos.contains(where: { $0.network.contains(network) }) {
            sink.report(
                "Cilium's cluster pool '\(network)' lies outside Talos podSubnets "
                    + talos.map { "'\($0.network)'" }.joined(separator: ", "),
                at: node.location,
                object: reference,
                notes: talos.map { Diagnostic.Note("Talos podSubnets", at: $0.node.location) },
                severity: .warning
            )
        }
    }

    private func checkMTU(
        _ install: CiliumInstall,
        _ patches: [TalosPatch],
        _ reference: ObjectReference,
        _ sink: RuleSink
    ) {
        let links = patches.flatMap(\.mtus)
        guard let smallest = links.min(by: { $0.value < $1.value }) else { return }
        if let node = install.value("MTU"), let mtu = node.int, mtu > 0, mtu > smallest.value {
            sink.report(
                "Cilium MTU '\(mtu)' exceeds the Talos link MTU '\(smallest.value)'",
                at: node.location,
                object: reference,
                notes: [Diagnostic.Note("link MTU", at: smallest.node.location)]
            )
        }
        if let node = install.value("loadBalancer.acceleration"), node.string == "native",
            let largest = links.max(by: { $0.value < $1.value }), largest.value > 3498
        {
            sink.report(
                "native XDP acceleration cannot attach to links with MTU '\(largest.value)' (at most 3498)",
                at: node.location,
                object: reference,
                notes: [Diagnostic.Note("link MTU", at: largest.node.location)],
                severity: .warning
            )
        }
    }
}
