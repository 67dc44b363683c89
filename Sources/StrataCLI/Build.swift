import ArgumentParser
import StrataCore
import StrataFlux
import StrataKustomize
import StrataYAML

/// `strata build ks NAME`: the final YAML of one Flux Kustomization, offline.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print what one Flux object applies",
        subcommands: [BuildKustomization.self]
    )
}

struct BuildKustomization: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ks",
        abstract: "Print the final YAML of one Flux Kustomization, as flux build ks would, offline",
        discussion: """
            The objects come after kustomize, Flux's overlay (targetNamespace, patches, components, images),
            postBuild substitution from the repository's own ConfigMaps and Secrets, and commonMetadata, with
            Flux's owner labels added. NAME may be NAMESPACE/NAME.
            """,
        aliases: ["kustomization"]
    )

    @Argument(help: "The Kustomization's name, or NAMESPACE/NAME.")
    var name: String

    @OptionGroup var repository: RepositoryOptions

    mutating func run() throws {
        let loaded = try repository.load()
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        let wantedNamespace = parts.count == 2 ? parts[0] : nil
        let wantedName = parts.last ?? name
        var matches: [(Cluster, FluxKustomization)] = []
        for cluster in loaded.clusters {
            for ks in cluster.kustomizations
            where ks.key.name == wantedName && (wantedNamespace == nil || ks.key.namespace == wantedNamespace) {
                matches.append((cluster, ks))
            }
        }
        guard let (cluster, ks) = matches.first else {
            throw CLIError.failed(.notFound("no Kustomization '\(name)' is reached from any cluster root"))
        }
        if matches.count > 1 {
            let places = matches.map { "\($0.0.name):\($0.1.key)" }.joined(separator: ", ")
            throw CLIError.failed(
                .invalidArgument("'\(name)' is ambiguous (\(places)); pick one with --cluster NAME or NAMESPACE/NAME")
            )
        }
        let nodes = cluster.objects.filter { $0.appliedBy == ks.key }.map { object -> YAMLNode in
            var node = object.resource.node
            var labels = node[path: ["metadata", "labels"]] ?? YAMLNode(.mapping([]))
            if !labels.isMapping { labels = YAMLNode(.mapping([])) }
            labels.set("kustomize.toolkit.fluxcd.io/name", .string(ks.key.name))
            labels.set("kustomize.toolkit.fluxcd.io/namespace", .string(ks.key.namespace))
            node.set(path: ["metadata", "labels"], labels)
            return node
        }
        writeOutput(YAMLWriter.writeStream(nodes))
        let relevant = loaded.diagnostics.filter { $0.severity == .error }
        TextDiagnostics.print(relevant, to: .standardError)
        if ks.status == .failed { throw ExitCode(1) }
    }
}
