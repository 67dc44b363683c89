import Foundation
import StrataCore
import StrataYAML
import Synchronization

/// Reads and compiles JSON schema files once, however many objects and threads ask for them.
///
/// Shared by copies of a ``SchemaCatalog``: entries are keyed by file path, which does not depend on the
/// catalog's contents.
final class JSONSchemaStore: Sendable {
    private struct State {
        var documents: [String: SchemaDocument?] = [:]
        var byID: [String: String] = [:]
        var compiled: [String: CompiledSchema?] = [:]
    }

    private let state = Mutex(State())

    /// The compiled schema in the file at `path`, or `nil` when there is no such file.
    ///
    /// Problems inside an existing file are reported once, to the sink of the first caller.
    func schema(atPath path: String, into sink: any DiagnosticSink) -> CompiledSchema? {
        if let cached = state.withLock({ $0.compiled[path] }) { return cached }
        guard FileManager.default.fileExists(atPath: path) else {
            state.withLock { $0.compiled[path] = .some(nil) }
            return nil
        }
        var result: CompiledSchema?
        if let document = document(atPath: path, sink: sink) {
            let directory = (path as NSString).deletingLastPathComponent
            var compiler = SchemaCompiler(
                name: path,
                dialect: .jsonSchema,
                diagnosticID: .invalidSchema,
                sink: sink,
                resolve: { [self] url in self.resolve(url, near: directory, sink: sink) }
            )
            compiler.compileRoot(document.root, in: document)
            result = compiler.output
        }
        return state.withLock { table in
            if let existing = table.compiled[path] { return existing }
            table.compiled[path] = .some(result)
            return result
        }
    }

    /// A referenced document: a file URL, a document already read whose `$id` is the URL, or (as schema
    /// bundles are laid out) the file of the URL's last path component next to the referring schema.
    private func resolve(_ url: URL, near directory: String, sink: any DiagnosticSink) -> SchemaDocument? {
        var stripped = URLComponents(url: url, resolvingAgainstBaseURL: false)
        stripped?.fragment = nil
        let key = stripped?.url?.absoluteString ?? url.absoluteString
        if url.isFileURL { return document(atPath: url.path, sink: sink) }
        if let path = state.withLock({ $0.byID[key] }) { return document(atPath: path, sink: sink) }
        let candidate = (directory as NSString).appendingPathComponent(url.lastPathComponent)
        return document(atPath: candidate, sink: sink)
    }

    private func document(atPath path: String, sink: any DiagnosticSink) -> SchemaDocument? {
        if let cached = state.withLock({ $0.documents[path] }) { return cached }
        var document: SchemaDocument?
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            if let root = YAMLLoader.load(text, path: path, into: sink).first?.root {
                let fileURL = URL(fileURLWithPath: path)
                var base = fileURL
                if let id = root["$id"]?.string ?? root["id"]?.string, let idURL = URL(string: id), idURL.scheme != nil
                {
                    base = idURL
                }
                document = SchemaDocument(root: root, base: base, path: path)
            }
        } else {
            sink.emit(SchemaDiagnosticID.invalidSchema.id, .error, "cannot read schema file '\(path)'", at: nil)
        }
        return state.withLock { table in
            if let existing = table.documents[path] { return existing }
            table.documents[path] = .some(document)
            if let document { table.byID[document.base.absoluteString] = path }
            return document
        }
    }
}
