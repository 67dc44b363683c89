import StrataKustomize
import StrataYAML

/// Where workload kinds keep their pod spec, and the containers inside one.
package enum PodTemplates {
    /// The pod spec of a Pod, a workload controller or a CronJob, when the object has one.
    package static func podSpec(of resource: Resource) -> YAMLNode? {
        let node = resource.node
        switch resource.kind {
        case "Pod":
            return node["spec"]
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController":
            return node[path: ["spec", "template", "spec"]]
        case "CronJob":
            return node[path: ["spec", "jobTemplate", "spec", "template", "spec"]]
        default:
            return nil
        }
    }

    /// Every container of a pod spec: init, regular and ephemeral.
    package static func containers(of podSpec: YAMLNode) -> [YAMLNode] {
        ["initContainers", "containers", "ephemeralContainers"].flatMap { podSpec[$0]?.items ?? [] }
    }
}
