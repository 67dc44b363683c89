import StrataCore
import StrataFlux

/// Pod, service and node CIDRs overlap within a cluster, or pod CIDRs overlap across meshed clusters.
struct CidrOverlap: Rule {
    static let description = RuleDescription(
        id: "net/cidr-overlap",
        name: "CIDR Overlap",
        summary: "Pod, service or node CIDRs overlap within a cluster, or pod CIDRs overlap across meshed clusters",
        rationale: """
            A packet's destination decides whether it goes to a pod, a Service's virtual IP or the node \
            network; when the ranges overlap, one of them becomes unreachable (a ClusterIP equal to a pod's \
            address, a node subnet swallowed by the pod routes). ClusterMesh also requires the PodCIDR ranges \
            of all connected clusters to be distinct, since a pod address must name one pod in the whole mesh \
            (cilium/cilium `Documentation/network/clustermesh/clustermesh.rst`, "Cluster \
            Addressing Requirements").
            """,
        remediation: """
            Give each cluster distinct pod and service ranges that do not include the node subnet: in Talos \
            `cluster.network.podSubnets`/`serviceSubnets`, and in Cilium's \
            `ipam.operator.clusterPoolIPv4PodCIDRList` when Cilium allocates pod addresses itself.
            """,
        severity: .error,
        passing: [
            Example(
                files: [
                    (
                        "talos/patches/cluster.yaml",
                        """
                        cluster:
                          network:
                            podSubnets:
                              - 10.244.0.0/16
                            serviceSubnets:
                              - 10.245.0.0/16
                        machine:
                          network:
                            interfaces:
                              - interface: eth0
                                addresses:
                                  - 10.25.11.11/24
                        """
                    )
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    (
                        "talos/patches/cluster.yaml",
                        """
                        cluster:
                          network:
                            podSubnets:
                              - 10.96.0.0/16
                            serviceSubnets:
                              - ↓10.96.0.0/12
                        """
                    )
                ]
            ),
            Example(
                files: [
                    (
                        "talos/infra.yaml",
                        """
                        cluster:
                          clusterName: infra
                          network:
                            podSubnets:
                              - ↓10.244.0.0/16
                        """
                    ),
                    (
                        "talos/apps.yaml",
                        """
                        cluster:
                          clusterName: apps
                          network:
                            podSubnets:
                              - 10.244.0.0/16
                        """
                    ),
                    (
                        "clusters/infra/cilium.yaml",
                        """
                        apiVersion: helm.toolkit.fluxcd.io/v2
                        kind: HelmRelease
                        metadata: {name: cilium, namespace: kube-system}
                        spec:
                          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
                          values:
                            cluster: {name: infra, id: 1}
                            clustermesh: {useAPIServer: true}
                        """
                    ),
                    (
                        "clusters/apps/cilium.yaml",
                        """
                        apiVersion: helm.toolkit.fluxcd.io/v2
                        kind: HelmRelease
                        metadata: {name: cilium, namespace: kube-system}
                        spec:
                          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
                          values:
                            cluster: {name: apps, id: 2}
                            clustermesh: {useAPIServer: true}
                        """
                    ),
                ]
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = context.shared("NetworkInventory") { NetworkInventory(context) }
        var reported: Set<String> = []
        func report(_ message: String, at prefix: NetworkInventory.Prefix, other: NetworkInventory.Prefix) {
            guard prefix.location != other.location,
                reported.insert("\(prefix.location?.description ?? "")|\(message)").inserted
            else { return }
            sink.report(
                message,
                at: prefix.location,
                notes: [Diagnostic.Note("overlaps this \(other.source) range", at: other.location)]
            )
        }
        let names = context.clusters.map(\.name)
        for name in names {
            let networks = inventory[name]
            for service in networks.services {
                for pod in networks.pods where pod.network.overlaps(service.network) {
                    report(
                        "service CIDR '\(service.network)' overlaps pod CIDR '\(pod.network)' in cluster '\(name)'",
                        at: service,
                        other: pod
                    )
                }
            }
            for node in networks.nodeSubnets {
                for pod in networks.pods where pod.network.overlaps(node.network) {
                    report(
                        "pod CIDR '\(pod.network)' overlaps node subnet '\(node.network)' in cluster '\(name)'",
                        at: pod,
                        other: node
                    )
                }
                for service in networks.services where service.network.overlaps(node.network) {
                    report(
                        "service CIDR '\(service.network)' overlaps node subnet '\(node.network)' in cluster '\(name)'",
                        at: service,
                        other: node
                    )
                }
            }
        }
        // Across clusters pod ranges must differ only when the clusters are meshed.
        let meshed = Set(inventory.cilium.filter(\.meshes).map(\.cluster.name))
        for (index, first) in names.enumerated() {
            for second in names[(index + 1)...] where meshed.contains(first) || meshed.contains(second) {
                for pod in inventory[second].pods {
                    for other in inventory[first].pods where other.network.overlaps(pod.network) {
                        report(
                            "pod CIDR '\(pod.network)' of cluster '\(second)' overlaps pod CIDR '\(other.network)' "
                                + "of cluster '\(first)'; ClusterMesh needs distinct pod CIDRs",
                            at: pod,
                            other: other
                        )
                    }
                }
            }
        }
    }
}
