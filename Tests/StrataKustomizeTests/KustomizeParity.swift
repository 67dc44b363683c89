import Foundation
import StrataCore
import StrataKustomize
import StrataYAML
import Testing

/// Helpers for tests that compare our transformers with `kubectl kustomize` on small temporary directories.
enum KustomizeParity {
    /// Where the reference kustomize (kubectl's, v5.5.0) is expected.
    static let kubectlPath = "/usr/bin/kubectl"

    /// Whether the reference is installed; parity tests are skipped otherwise.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: kubectlPath) }

    /// A fresh temporary directory holding `files` (relative path → bytes).
    static func directory(_ files: [String: [UInt8]]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-kust-\(UUID().uuidString)")
        for (path, bytes) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(bytes).write(to: url)
        }
        return dir.path
    }

    /// A fresh temporary directory holding text files.
    static func directory(text files: [String: String]) throws -> String {
        try directory(files.mapValues { Array($0.utf8) })
    }

    /// The objects `kubectl kustomize` builds from `dir`, or the error it prints.
    static func kubectl(_ dir: String) throws -> Result<[YAMLNode], KubectlFailure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kubectlPath)
        process.arguments = ["kustomize", "--load-restrictor", "LoadRestrictionsNone", dir]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(KubectlFailure(message: String(decoding: errors, as: UTF8.self)))
        }
        let sink = DiagnosticCollector()
        let docs = YAMLLoader.load(String(decoding: output, as: UTF8.self), path: "kubectl", into: sink)
        return .success(docs.map(\.root).filter { !$0.isNull })
    }

    /// The objects kubectl builds, failing the test when kubectl fails.
    static func expected(_ dir: String) throws -> [YAMLNode] {
        try kubectl(dir).get()
    }

    /// Resources parsed from a multi-document YAML text.
    static func resources(_ text: String, path: String = "res.yaml") -> [Resource] {
        let sink = DiagnosticCollector()
        return YAMLLoader.load(text, path: path, into: sink).map { Resource(node: $0.root) }
    }

    /// Loads a YAML value (a kustomization field) with locations.
    static func node(_ text: String, path: String = "kustomization.yaml") -> YAMLNode {
        let sink = DiagnosticCollector()
        return YAMLLoader.load(text, path: path, into: sink).first?.root ?? .null
    }

    /// Our objects with the build record removed, in kubectl's legacy output order is not assumed:
    /// both sides are compared as lists ordered by kind, namespace and name.
    static func normalized(_ nodes: [YAMLNode]) -> [YAMLNode] {
        nodes.sorted { key($0) < key($1) }
    }

    private static func key(_ node: YAMLNode) -> String {
        let kind = node["kind"]?.string ?? ""
        let namespace = node[path: ["metadata", "namespace"]]?.string ?? ""
        let name = node[path: ["metadata", "name"]]?.string ?? ""
        return "\(kind)/\(namespace)/\(name)"
    }

    /// Expects our result to equal kubectl's, object by object, with readable output on a mismatch.
    static func expectSame(
        _ ours: [Resource],
        _ theirs: [YAMLNode],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let mine = normalized(
            ours.map { resource in
                var copy = resource
                copy.removeBuildAnnotations()
                return copy.node
            }
        )
        let reference = normalized(theirs)
        guard mine != reference else { return }
        var report = mine.count == reference.count ? "" : "\(mine.count) objects, kubectl has \(reference.count)\n"
        for (a, b) in zip(mine, reference) where a != b {
            report += "ours:\n\(YAMLWriter.write(a))kubectl:\n\(YAMLWriter.write(b))\n"
        }
        Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
    }
}

/// `kubectl kustomize` exited with an error.
struct KubectlFailure: Error, CustomStringConvertible {
    /// What kubectl printed on standard error.
    var message: String
    var description: String { message }
}

extension KustomizeParity {
    /// A small stand-in for the kustomize builder, enough to drive the transformers in kustomize's order:
    /// resources (files, or directories built recursively), generators, namespace, prefix and suffix,
    /// labels, annotations, replicas, images, replacements; and, for the top level only, hash suffixes and
    /// name references.
    static func build(_ dir: String, sink: some DiagnosticSink) -> [Resource] {
        var resources = accumulate(dir, context: LoadContext(root: dir), sink: sink)
        ResourceGenerator.applyHashSuffixes(to: &resources)
        NameReferenceTransformer.apply(to: &resources, sink: sink)
        return resources
    }

    private static func accumulate(_ dir: String, context: LoadContext, sink: some DiagnosticSink) -> [Resource] {
        guard case .success(let file) = context.loadYAML(dir + "/kustomization.yaml"),
            let k = file.documents.first?.root
        else { return [] }
        var resources: [Resource] = []
        for entry in k["resources"]?.items ?? [] {
            guard let path = entry.string, case .success(let absolute) = context.resolve(path, relativeTo: dir) else {
                continue
            }
            if context.kind(of: absolute) == .directory {
                resources += accumulate(absolute, context: context, sink: sink)
            } else if case .success(let docs) = context.loadYAML(absolute) {
                resources += docs.documents.filter { !$0.root.isNull }.map { Resource(node: $0.root) }
            }
        }
        let options = k["generatorOptions"]
        for entry in k["configMapGenerator"]?.items ?? [] {
            if let r = ResourceGenerator.configMap(
                entry,
                options: options,
                directory: dir,
                context: context,
                sink: sink
            ) {
                ResourceGenerator.add(r, to: &resources, sink: sink)
            }
        }
        for entry in k["secretGenerator"]?.items ?? [] {
            if let r = ResourceGenerator.secret(entry, options: options, directory: dir, context: context, sink: sink) {
                ResourceGenerator.add(r, to: &resources, sink: sink)
            }
        }
        if let namespace = k["namespace"] {
            NamespaceTransformer.apply(namespace.string ?? "", at: namespace.location, to: &resources)
        }
        PrefixSuffixTransformer.apply(
            prefix: k["namePrefix"]?.string ?? "",
            suffix: k["nameSuffix"]?.string ?? "",
            to: &resources
        )
        for label in k["labels"]?.items ?? [] {
            LabelTransformer.apply(
                pairs(label["pairs"]),
                includeSelectors: label["includeSelectors"]?.bool ?? false,
                includeTemplates: label["includeTemplates"]?.bool ?? false,
                at: label.location,
                to: &resources
            )
        }
        if let common = k["commonLabels"] {
            LabelTransformer.apply(
                pairs(common),
                includeSelectors: true,
                includeTemplates: true,
                at: common.location,
                to: &resources
            )
        }
        if let common = k["commonAnnotations"] {
            AnnotationTransformer.apply(pairs(common), at: common.location, to: &resources)
        }
        if let replicas = k["replicas"] { ReplicaTransformer.apply(replicas, to: &resources, sink: sink) }
        if let images = k["images"] { ImageTransformer.apply(images, to: &resources, sink: sink) }
        if let replacements = k["replacements"]?.items {
            ReplacementTransformer.apply(replacements, to: &resources, sink: sink)
        }
        return resources
    }

    private static func pairs(_ node: YAMLNode?) -> [(key: String, value: String)] {
        (node?.pairs ?? []).map { (key: $0.key.scalar?.text ?? "", value: $0.value.scalar?.text ?? "") }
    }

    /// Builds `files` with kubectl and with the transformers, and expects the same objects.
    static func expectParity(
        _ files: [String: String],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [Diagnostic] {
        let dir = try directory(text: files)
        let sink = DiagnosticCollector()
        let ours = build(dir, sink: sink)
        expectSame(ours, try expected(dir), sourceLocation: sourceLocation)
        return sink.diagnostics
    }
}
