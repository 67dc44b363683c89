import ArgumentParser
import StrataFlux
import StrataGraph
import StrataPlan

/// `strata graph`: each cluster's `dependsOn` graph of Flux Kustomizations.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each cluster's Kustomization dependsOn graph",
        discussion: """
            Arrows go from a dependency to what depends on it, the order Flux reconciles in. A dependency that no
            Kustomization of the cluster defines is drawn as a missing node. The svg format draws each cluster by
            layer, parents applying children as dashed arrows, with the bootstrap critical path in red (the model
            is described under strata plan).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot, json, svg }

    @OptionGroup var repository: RepositoryOptions
    @Option(name: .shortAndLong, help: "The output format.") var output: Format = .mermaid

    struct ClusterGraph: Codable {
        struct Node: Codable {
            var id, namespace, name, path, status: String
        }
        struct Edge: Codable {
            var from, to: String
            var missing: Bool
        }
        var cluster: String
        var nodes: [Node]
        var edges: [Edge]
    }

    mutating func run() throws {
        let loaded = try repository.load()
        let graphs = loaded.clusters.map(Self.graph(of:))
        switch output {
        case .json: writeOutput(encodeJSON(graphs))
        case .mermaid: writeOutput(Self.mermaid(graphs))
        case .dot: writeOutput(Self.dot(graphs))
        case .svg:
            writeOutput(
                PlanSVG.dependencyGraphs(
                    loaded.clusters.map { ($0.name, BootstrapPath.compute(BootstrapPath.nodes(of: $0))) }
                )
            )
        }
    }

    static func graph(of cluster: Cluster) -> ClusterGraph {
        let known = Set(cluster.kustomizations.map(\.key))
        let nodes = cluster.kustomizations.map {
            ClusterGraph.Node(
                id: $0.key.description,
                namespace: $0.key.namespace,
                name: $0.key.name,
                path: $0.path,
                status: $0.status.rawValue
            )
        }.sorted { $0.id < $1.id }
        var edges: [ClusterGraph.Edge] = []
        for ks in cluster.kustomizations {
            for dependency in ks.dependsOn {
                edges.append(
                    ClusterGraph.Edge(
                        from: dependency.key.description,
                        to: ks.key.description,
                        missing: !known.contains(dependency.key)
                    )
                )
            }
        }
        edges.sort { ($0.from, $0.to) < ($1.from, $1.to) }
        return ClusterGraph(cluster: cluster.name, nodes: nodes, edges: edges)
    }

    private static func identifier(_ cluster: String, _ id: String) -> String {
        let raw = "\(cluster)_\(id)"
        return String(raw.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    static func mermaid(_ graphs: [ClusterGraph]) -> String {
        var out = "flowchart LR\n"
        for graph in graphs {
            out += "  subgraph \(identifier("cluster", graph.cluster))[\"cluster \(graph.cluster)\"]\n"
            for node in graph.nodes {
                out += "    \(identifier(graph.cluster, node.id))[\"\(node.id)\"]\n"
            }
            for edge in graph.edges where edge.missing {
                out += "    \(identifier(graph.cluster, edge.from))[\"\(edge.from) (missing)\"]:::missing\n"
            }
            for edge in graph.edges {
                out += "    \(identifier(graph.cluster, edge.from)) --> \(identifier(graph.cluster, edge.to))\n"
            }
            out += "  end\n"
        }
        out += "  classDef missing stroke:#d00,stroke-dasharray:4\n"
        return out
    }

    static func dot(_ graphs: [ClusterGraph]) -> String {
        var out = "digraph flux {\n  rankdir=LR;\n"
        for graph in graphs {
            out += "  subgraph \"cluster_\(graph.cluster)\" {\n    label=\"cluster \(graph.cluster)\";\n"
            for node in graph.nodes {
                out += "    \"\(graph.cluster)/\(node.id)\" [label=\"\(node.id)\"];\n"
            }
            for edge in graph.edges where edge.missing {
                out +=
                    "    \"\(graph.cluster)/\(edge.from)\" [label=\"\(edge.from) (missing)\", color=red, style=dashed];\n"
            }
            for edge in graph.edges {
                out += "    \"\(graph.cluster)/\(edge.from)\" -> \"\(graph.cluster)/\(edge.to)\";\n"
            }
            out += "  }\n"
        }
        return out + "}\n"
    }
}
