import Foundation
public import StrataCore
public import StrataYAML
import Synchronization

/// The schemas objects are validated against: CustomResourceDefinitions, and kubeconform-style locations of
/// JSON schemas for everything else (Kubernetes' own kinds).
///
/// A CRD wins over a schema location for its group and kind. Adding the same CRD again replaces it.
public struct SchemaCatalog: Sendable {
    var definitions: [GroupKind: CustomResourceDefinition] = [:]
    /// The schema locations, in the order they are tried.
    public private(set) var locations: [SchemaLocation] = []
    let store = JSONSchemaStore()

    /// Creates an empty catalog.
    public init() {}

    /// The number of CustomResourceDefinitions known.
    public var crdCount: Int { definitions.count }

    /// Adds one CustomResourceDefinition object (`apiextensions.k8s.io/v1`), compiling its schemas now.
    ///
    /// Problems that make it unusable are reported as `schema/invalid-crd`.
    public mutating func add(crd node: YAMLNode, into sink: some DiagnosticSink) {
        guard let crd = CustomResourceDefinition.parse(node, into: sink) else { return }
        definitions[GroupKind(group: crd.group, kind: crd.kind)] = crd
    }

    /// Adds every CustomResourceDefinition in a YAML or JSON file, or in every such file under a directory.
    ///
    /// Files may hold several documents, `kind: List` objects with `items` (the output of `kubectl get crd -o
    /// yaml`), or both; other objects are skipped. Throws only when `path` itself cannot be read.
    public mutating func addCRDs(atPath path: String, into sink: some DiagnosticSink) throws(StrataError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadablePath(path, reason: "no such file or directory")
        }
        var files: [String] = []
        if isDirectory.boolValue {
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                throw .unreadablePath(path, reason: "cannot list the directory")
            }
            for case let relative as String in enumerator
            where [".yaml", ".yml", ".json"].contains(where: { relative.lowercased().hasSuffix($0) }) {
                files.append((path as NSString).appendingPathComponent(relative))
            }
            files.sort()
        } else {
            files = [path]
        }
        if !isDirectory.boolValue, !FileManager.default.isReadableFile(atPath: path) {
            throw .unreadablePath(path, reason: "cannot read the file")
        }
        // Reading, parsing and compiling dominate and are independent per file: do them on every core, then
        // add the definitions in file order so the result does not depend on scheduling.
        let parsed = Mutex<[Int: [CustomResourceDefinition]]>([:])
        let paths = files
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            guard let data = FileManager.default.contents(atPath: paths[index]) else { return }
            var found: [CustomResourceDefinition] = []
            for document in YAMLLoader.load(String(decoding: data, as: UTF8.self), path: paths[index], into: sink) {
                Self.collect(document.root, into: &found, sink: sink)
            }
            parsed.withLock { $0[index] = found }
        }
        let results = parsed.withLock { $0 }
        for index in files.indices {
            for crd in results[index] ?? [] {
                definitions[GroupKind(group: crd.group, kind: crd.kind)] = crd
            }
        }
    }

    /// The CustomResourceDefinitions in a document (`kind: List` items included), parsed and compiled.
    private static func collect(
        _ node: YAMLNode,
        into found: inout [CustomResourceDefinition],
        sink: some DiagnosticSink
    ) {
        switch node["kind"]?.string {
        case "CustomResourceDefinition":
            if let crd = CustomResourceDefinition.parse(node, into: sink) { found.append(crd) }
        case let kind? where kind.hasSuffix("List"):
            for item in node["items"]?.items ?? [] { collect(item, into: &found, sink: sink) }
        default:
            break
        }
    }

    /// Adds every CustomResourceDefinition among already loaded objects (`kind: List` items included).
    public mutating func addObjects(_ node: YAMLNode, into sink: some DiagnosticSink) {
        switch node["kind"]?.string {
        case "CustomResourceDefinition":
            add(crd: node, into: sink)
        case let kind? where kind.hasSuffix("List"):
            for item in node["items"]?.items ?? [] { addObjects(item, into: sink) }
        default:
            break
        }
    }

    /// Adds a kubeconform-style schema location (see ``SchemaLocation``), tried after those added before.
    public mutating func addSchemaLocation(
        _ template: String,
        kubernetesVersion: String = "master",
        strict: Bool = true
    ) throws(StrataError) {
        locations.append(try SchemaLocation(template, kubernetesVersion: kubernetesVersion, strict: strict))
    }

    /// The CRD for a group and kind.
    func definition(group: String, kind: String) -> CustomResourceDefinition? {
        definitions[GroupKind(group: group, kind: kind)]
    }

    /// The JSON schema for a kind from the first location that has a file for it.
    func locatedSchema(kind: String, apiVersion: String, into sink: any DiagnosticSink) -> CompiledSchema? {
        for location in locations {
            if let schema = store.schema(atPath: location.path(kind: kind, apiVersion: apiVersion), into: sink) {
                return schema
            }
        }
        return nil
    }
}
