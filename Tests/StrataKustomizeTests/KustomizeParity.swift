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
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
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
        let mine = normalized(ours.map { resource in
            var copy = resource
            copy.removeBuildAnnotations()
            return copy.node
        })
        let reference = normalized(theirs)
        #expect(
            Bool(mine == reference),
            "ours:\n\(YAMLWriter.writeStream(mine))\nkubectl:\n\(YAMLWriter.writeStream(reference))",
            sourceLocation: sourceLocation
        )
    }
}

/// `kubectl kustomize` exited with an error.
struct KubectlFailure: Error, CustomStringConvertible {
    /// What kubectl printed on standard error.
    var message: String
    var description: String { message }
}
