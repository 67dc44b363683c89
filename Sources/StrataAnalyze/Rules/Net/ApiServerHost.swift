import StrataCore
import StrataFlux

/// Cilium's `k8sServiceHost` points at the gateway, or bypasses KubePrism on Talos.
struct ApiServerHost: Rule {
    static let description = RuleDescription(
        id: "net/api-server-host",
        name: "API Server Host",
        summary: "Cilium's k8sServiceHost is the network gateway, or bypasses KubePrism on Talos",
        rationale: """
            With kube-proxy replacement Cilium cannot use the `kubernetes` Service to find the API server, \
            so `k8sServiceHost`/`k8sServicePort` must name a real API endpoint; the gateway (a router) is not \
            one, and agents never become ready. On Talos, KubePrism serves a highly available API endpoint on \
            every node at `localhost:7445`, which the Talos Cilium guide assumes \
            (https://docs.siderolabs.com/kubernetes-guides/cni/deploying-cilium, \
            https://docs.siderolabs.com/kubernetes-guides/advanced-guides/kubeprism).
            """,
        remediation: """
            On Talos set `k8sServiceHost: localhost` and `k8sServicePort: 7445`; elsewhere use the control \
            plane's VIP or load-balanced name.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("cilium.yaml", Self.release(host: "localhost", port: "7445")),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("cilium.yaml", Self.release(host: "↓10.25.11.1", port: "6443")),
                ]
            ),
            Example(
                files: [
                    ("talos/patch.yaml", Self.talos),
                    ("cilium.yaml", Self.release(host: "↓10.25.11.20", port: "6443")),
                ]
            ),
        ]
    )

    private static let talos = """
        cluster:
          proxy:
            disabled: true
        machine:
          network:
            interfaces:
              - interface: eth0
                addresses:
                  - 10.25.11.11/24
                routes:
                  - network: 0.0.0.0/0
                    gateway: 10.25.11.1
        """

    private static func release(host: String, port: String) -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: cilium, namespace: kube-system}
        spec:
          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
          values:
            kubeProxyReplacement: true
            k8sServiceHost: \(host)
            k8sServicePort: \(port)
        """
    }

    private static let loopback: Set<String> = ["localhost", "127.0.0.1", "::1"]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = context.shared("NetworkInventory") { NetworkInventory(context) }
        guard !inventory.cilium.isEmpty else { return }
        var routerAddresses: [NetworkInventory.Address] = []
        for router in JunosConfig.shared(in: context) {
            for word in router.ownAddresses {
                if let address = IPAddress(word.text) {
                    routerAddresses.append(.init(address: address, location: word.location, source: "router"))
                }
            }
        }
        for install in inventory.cilium {
            guard let hostNode = install.value("k8sServiceHost"), let host = hostNode.string,
                !host.contains("${"), host != "auto"
            else { continue }
            let reference = context.reference(install.release, in: install.cluster)
            let networks = inventory[install.cluster.name]
            if let address = IPAddress(host),
                let gateway = (networks.gateways + routerAddresses).first(where: { $0.address == address })
            {
                sink.report(
                    "k8sServiceHost '\(host)' is the gateway, not a Kubernetes API endpoint",
                    at: hostNode.location,
                    object: reference,
                    notes: [Diagnostic.Note("\(gateway.source) address", at: gateway.location)]
                )
                continue
            }
            let patches = TalosPatch.patches(inventory.talos, for: install.cluster.name)
            guard !patches.isEmpty, install.replacesKubeProxy,
                !patches.contains(where: { $0.kubePrism?["enabled"]?.bool == false })
            else { continue }
            let prismPort = patches.compactMap { $0.kubePrism?["port"]?.int }.first ?? 7445
            // A shared VIP or the cluster endpoint is a real API endpoint too, only less resilient.
            let endpoints = Set(patches.compactMap(\.endpointHost) + networks.virtualIPs.map(\.address.description))
            if Self.loopback.contains(host) {
                if let portNode = install.value("k8sServicePort"), let port = portNode.int, port != prismPort {
                    sink.report(
                        "k8sServicePort '\(port)' on localhost is not KubePrism's port '\(prismPort)'",
                        at: portNode.location,
                        object: reference
                    )
                }
            } else if !endpoints.contains(host) {
                sink.report(
                    "k8sServiceHost '\(host)' bypasses KubePrism; on Talos use 'localhost' and port '\(prismPort)'",
                    at: hostNode.location,
                    object: reference,
                    severity: .warning
                )
            }
        }
    }
}
