import ArgumentParser
import StrataCore
import StrataFlux
import StrataYAML

/// `strata get ks|hr|objects`: each cluster's inventory.
struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List what each cluster receives",
        subcommands: [Kustomizations.self, HelmReleases.self, Objects.self]
    )
}

extension Get {
    struct Kustomizations: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ks",
            abstract: "List the Flux Kustomizations reached from each cluster root",
            aliases: ["kustomizations", "kustomization"]
        )

        @OptionGroup var repository: RepositoryOptions
        @Option(name: .shortAndLong, help: "The output format.") var output: InventoryFormat = .table

        struct Row: Codable {
            var cluster, namespace, name, path, status, sourceRef: String
            var parent: String?
            var directory: String?
            var objects: Int
            var dependsOn: [String]
            var file: String?
            var line: Int?
        }

        mutating func run() throws {
            let loaded = try repository.load()
            let rows: [Row] = loaded.clusters.flatMap { cluster in
                cluster.kustomizations.map { ks in
                    Row(
                        cluster: cluster.name,
                        namespace: ks.key.namespace,
                        name: ks.key.name,
                        path: ks.path,
                        status: ks.status.rawValue,
                        sourceRef: "\(ks.sourceRef.kind)/\(ks.sourceRef)",
                        parent: ks.parent?.description,
                        directory: ks.directory,
                        objects: ks.objectCount,
                        dependsOn: ks.dependsOn.map(\.key.description),
                        file: ks.location?.path,
                        line: ks.location?.line
                    )
                }
            }.sorted { ($0.cluster, $0.namespace, $0.name) < ($1.cluster, $1.namespace, $1.name) }
            writeInventory(
                rows,
                as: output,
                diagnostics: loaded.diagnostics,
                header: ["CLUSTER", "KUSTOMIZATION", "PATH", "STATUS", "OBJECTS", "DEPENDS ON"]
            ) {
                [
                    $0.cluster, "\($0.namespace)/\($0.name)", $0.path, $0.status, String($0.objects),
                    $0.dependsOn.joined(separator: ","),
                ]
            }
        }
    }

    struct HelmReleases: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hr",
            abstract: "List the HelmReleases of each cluster with their chart source",
            aliases: ["helmreleases", "helmrelease"]
        )

        @OptionGroup var repository: RepositoryOptions
        @Option(name: .shortAndLong, help: "The output format.") var output: InventoryFormat = .table

        struct Row: Codable {
            var cluster, namespace, name, chart, kustomization: String
            var version: String?
            var source: String?
            var sourceFound: Bool
            var values: JSONValue
            var file: String?
            var line: Int?
        }

        mutating func run() throws {
            let loaded = try repository.load()
            let rows: [Row] = loaded.clusters.flatMap { cluster in
                cluster.helmReleases.map { hr in
                    Row(
                        cluster: cluster.name,
                        namespace: hr.key.namespace,
                        name: hr.key.name,
                        chart: hr.chart,
                        kustomization: hr.appliedBy.description,
                        version: hr.version,
                        source: hr.source.map { "\($0.kind)/\($0)" },
                        sourceFound: hr.sourceFound,
                        values: hr.values.jsonValue,
                        file: hr.node.location?.path,
                        line: hr.node.location?.line
                    )
                }
            }.sorted { ($0.cluster, $0.namespace, $0.name) < ($1.cluster, $1.namespace, $1.name) }
            writeInventory(
                rows,
                as: output,
                diagnostics: loaded.diagnostics,
                header: ["CLUSTER", "HELMRELEASE", "CHART", "VERSION", "SOURCE", "KUSTOMIZATION"]
            ) {
                [
                    $0.cluster, "\($0.namespace)/\($0.name)", $0.chart, $0.version ?? "",
                    ($0.source ?? "") + ($0.sourceFound ? "" : " (missing)"), $0.kustomization,
                ]
            }
        }
    }

    struct Objects: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every object each cluster receives, with the Kustomization and source line",
            aliases: ["object", "all"]
        )

        @OptionGroup var repository: RepositoryOptions
        @Option(name: .shortAndLong, help: "The output format.") var output: InventoryFormat = .table

        struct Row: Codable {
            var cluster, kustomization, apiVersion, kind, namespace, name, file: String
            var line: Int
        }

        mutating func run() throws {
            let loaded = try repository.load()
            let rows: [Row] = loaded.clusters.flatMap { cluster in
                cluster.objects.map { object in
                    Row(
                        cluster: cluster.name,
                        kustomization: object.appliedBy.description,
                        apiVersion: object.resource.apiVersion,
                        kind: object.resource.kind,
                        namespace: object.resource.namespace ?? "",
                        name: object.resource.name,
                        file: object.resource.location?.path ?? "",
                        line: object.resource.location?.line ?? 0
                    )
                }
            }.sorted {
                ($0.cluster, $0.kustomization, $0.apiVersion, $0.kind, $0.namespace, $0.name)
                    < ($1.cluster, $1.kustomization, $1.apiVersion, $1.kind, $1.namespace, $1.name)
            }
            writeInventory(
                rows,
                as: output,
                diagnostics: loaded.diagnostics,
                header: ["CLUSTER", "KUSTOMIZATION", "KIND", "NAMESPACE", "NAME", "SOURCE"]
            ) {
                [$0.cluster, $0.kustomization, $0.kind, $0.namespace, $0.name, "\($0.file):\($0.line)"]
            }
        }
    }
}

/// Prints inventory rows in the chosen format, then the loading errors on standard error.
func writeInventory<Row: Encodable>(
    _ rows: [Row],
    as format: InventoryFormat,
    diagnostics: [Diagnostic],
    header: [String],
    cells: (Row) -> [String]
) {
    switch format {
    case .json: writeOutput(encodeJSON(rows))
    case .yaml: writeOutput(yamlText(rows))
    case .table: writeOutput(renderTable(header, rows.map(cells)))
    }
    TextDiagnostics.print(diagnostics.filter { $0.severity == .error }, to: .standardError)
}

/// Encodes rows as YAML through their JSON form, so both outputs hold the same data.
func yamlText<T: Encodable>(_ value: T) -> String {
    let json = encodeJSON(value)
    let collector = DiagnosticCollector()
    guard let node = YAMLLoader.load(json, path: "-", into: collector).first?.root else { return "" }
    return YAMLWriter.write(node)
}
