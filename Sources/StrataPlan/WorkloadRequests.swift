import StrataAnalyze
import StrataCore
import StrataFlux
import StrataKustomize
import StrataYAML

/// The memory requests a cluster's workloads declare: pods of controllers, and the pods the VictoriaMetrics
/// and CloudNativePG operators create from their resources.
struct WorkloadRequests {
    /// Requests of pods that run on every node (DaemonSets).
    private(set) var perNode = 0.0
    /// Requests of every other pod, to spread over the nodes.
    private(set) var spread = 0.0

    init(_ cluster: Cluster) {
        for object in cluster.objects {
            let resource = object.resource
            let spec = object.spec
            switch (resource.group, resource.kind) {
            case ("apps", "DaemonSet"):
                perNode += Self.pod(resource)
            case ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "ReplicaSet"), ("", "ReplicationController"):
                spread += Self.pod(resource) * Double(max(spec["replicas"]?.int ?? 1, 0))
            case ("", "Pod"):
                spread += Self.pod(resource)
            case ("operator.victoriametrics.com", "VMCluster"):
                for component in ["vmstorage", "vmselect", "vminsert"] {
                    guard let part = spec[component] else { continue }
                    spread += Self.request(part["resources"]) * Double(max(part["replicaCount"]?.int ?? 1, 0))
                }
            case ("operator.victoriametrics.com", _):
                spread += Self.request(spec["resources"]) * Double(max(spec["replicaCount"]?.int ?? 1, 0))
            case ("postgresql.cnpg.io", "Cluster"):
                spread += Self.request(spec["resources"]) * Double(max(spec["instances"]?.int ?? 1, 0))
            default:
                continue
            }
        }
    }

    /// A pod's memory request: its containers' requests, or its largest init container's when that is more.
    private static func pod(_ resource: Resource) -> Double {
        guard let podSpec = PodTemplates.podSpec(of: resource) else { return 0 }
        let containers = (podSpec["containers"]?.items ?? []).map { request($0["resources"]) }.reduce(0, +)
        let initial = (podSpec["initContainers"]?.items ?? []).map { request($0["resources"]) }.max() ?? 0
        return max(containers, initial)
    }

    private static func request(_ resources: YAMLNode?) -> Double {
        resources?[path: ["requests", "memory"]]?.string.flatMap(Units.quantity) ?? 0
    }
}
