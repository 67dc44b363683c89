import StrataCore
import StrataFlux
import StrataYAML

/// A `CiliumLoadBalancerIPPool` with its address blocks.
package struct CiliumPool: Sendable {
    /// A block: the addresses and the node that gives them (`cidr`, or `start`).
    package struct Block: Sendable {
        package var range: IPRange
        package var node: YAMLNode
    }

    /// The cluster.
    package var cluster: Cluster
    /// The pool object.
    package var object: ClusterObject
    /// The blocks that parse; blocks written with `${VAR}` or malformed ones are left out.
    package var blocks: [Block]

    /// Every enabled pool of every cluster.
    package static func all(in context: AnalysisContext) -> [CiliumPool] {
        context.objects(kind: "CiliumLoadBalancerIPPool", group: "cilium.io").compactMap { cluster, object in
            let spec = object.spec
            if spec["disabled"]?.bool == true { return nil }
            let entries = (spec["blocks"]?.items ?? []) + (spec["cidrs"]?.items ?? [])
            let blocks = entries.compactMap { entry -> Block? in
                if let node = entry["cidr"] {
                    return node.string.flatMap(IPNetwork.init).map { Block(range: $0.range, node: node) }
                }
                guard let startNode = entry["start"], let start = startNode.string.flatMap(IPAddress.init) else {
                    return nil
                }
                // A block without `stop` is the single address `start`.
                let stop = entry["stop"].map { $0.string.flatMap(IPAddress.init) } ?? start
                guard let stop, let range = IPRange(start: start, end: stop) else { return nil }
                return Block(range: range, node: startNode)
            }
            return CiliumPool(cluster: cluster, object: object, blocks: blocks)
        }
    }

    /// The pool's name.
    package var name: String { object.resource.name }
}
