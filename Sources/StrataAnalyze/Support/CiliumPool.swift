import StrataCore
import StrataFlux
import StrataYAML

/// A `CiliumLoadBalancerIPPool` with its address blocks.
struct CiliumPool: Sendable {
    /// A block: the addresses and the node that gives them (`cidr`, or `start`).
    struct Block: Sendable {
        var range: IPRange
        var node: YAMLNode
    }

    /// The cluster.
    var cluster: Cluster
    /// The pool object.
    var object: ClusterObject
    /// The blocks that parse; blocks written with `${VAR}` or malformed ones are left out.
    var blocks: [Block]

    /// Every enabled pool of every cluster.
    static func all(in context: AnalysisContext) -> [CiliumPool] {
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
    var name: String { object.resource.name }
}
