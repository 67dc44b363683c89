public import StrataCore
public import StrataYAML

/// A `kustomization.yaml` (or `Component`) as read from disk: the raw fields with their locations.
public struct KustomizationFile: Sendable {
    /// The file names kustomize recognises, in the order it looks for them.
    public static let recognizedNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The fields kustomize v5 accepts at the top level of a kustomization.
    public static let knownFields: Set<String> = [
        "apiVersion", "kind", "metadata", "resources", "bases", "components", "crds", "namespace", "namePrefix",
        "nameSuffix", "commonLabels", "labels", "commonAnnotations", "patches", "patchesStrategicMerge",
        "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions", "images", "replicas",
        "replacements", "vars", "configurations", "generators", "transformers", "validators", "openapi",
        "sortOptions", "buildMetadata", "helmCharts", "helmGlobals", "helmChartInflationGenerator",
        "imageTags",
    ]

    /// The absolute path of the file.
    public var path: String
    /// The file's root mapping.
    public var node: YAMLNode

    /// Creates a file model.
    public init(path: String, node: YAMLNode) {
        self.path = path
        self.node = node
    }

    /// The directory holding the file.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Whether the file declares `kind: Component`.
    public var isComponent: Bool { node["kind"]?.string == "Component" }

    /// The string items of a list field, with their locations.
    public func strings(_ field: String) -> [(String, SourceLocation?)] {
        (node[field]?.items ?? []).compactMap { item in item.string.map { ($0, item.location) } }
    }

    /// A string field.
    public func string(_ field: String) -> String? { node[field]?.string }

    /// A map field of strings as ordered pairs (`commonLabels`, `commonAnnotations`).
    public func stringPairs(_ field: String) -> [(key: String, value: String)] {
        (node[field]?.pairs ?? []).compactMap { pair in
            guard let key = pair.key.scalar?.text else { return nil }
            return (key, pair.value.scalar?.text ?? "")
        }
    }

    /// Finds the kustomization file in `directory`, if any (as kustomize does: first recognised name that is a file).
    public static func find(in directory: String, context: LoadContext) -> String? {
        for name in recognizedNames {
            let candidate = directory == "/" ? "/\(name)" : "\(directory)/\(name)"
            if context.kind(of: candidate) == .file { return candidate }
        }
        return nil
    }
}
