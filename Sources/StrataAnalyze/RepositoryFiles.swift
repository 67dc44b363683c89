import Foundation
public import StrataCore
public import StrataYAML
import Synchronization

/// The files of a repository, listed once and read on demand, for inputs Flux does not apply.
///
/// Thread-safe: rules run concurrently and share one instance, so each file is read and parsed once.
public final class RepositoryFiles: Sendable {
    /// The absolute repository root.
    public let root: String
    /// Every regular file, repository-relative and sorted, outside VCS and dependency folders.
    public let paths: [String]
    private let texts = Mutex<[String: String]>([:])
    private let documents = Mutex<[String: [YAMLNode]]>([:])
    private let lineTables = Mutex<[String: [String]]>([:])

    private static let skipped: Set<String> = [".git", "node_modules", ".venv", ".build"]

    /// Lists the files below `root`, without following symbolic links.
    public init(root: String) {
        self.root = root
        var out: [String] = []
        let manager = FileManager.default
        var stack = [""]
        while let relative = stack.popLast() {
            let absolute = relative.isEmpty ? root : root + "/" + relative
            guard let names = try? manager.contentsOfDirectory(atPath: absolute) else { continue }
            for name in names {
                let path = relative.isEmpty ? name : relative + "/" + name
                let attributes = try? manager.attributesOfItem(atPath: root + "/" + path)
                switch attributes?[.type] as? FileAttributeType {
                case .typeDirectory?:
                    if !Self.skipped.contains(name) { stack.append(path) }
                case .typeRegular?:
                    out.append(path)
                default:
                    break
                }
            }
        }
        paths = out.sorted()
    }

    /// The text of a repository-relative file, or `nil` when it cannot be read as UTF-8.
    public func text(_ path: String) -> String? {
        if let cached = texts.withLock({ $0[path] }) { return cached }
        guard let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) else { return nil }
        texts.withLock { $0[path] = text }
        return text
    }

    /// The lines of a repository-relative file (without their line breaks), split once and cached.
    public func lines(_ path: String) -> [String] {
        if let cached = lineTables.withLock({ $0[path] }) { return cached }
        guard let text = text(path) else { return [] }
        var out: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                if current.last == UInt8(ascii: "\r") { current.removeLast() }
                out.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        out.append(String(decoding: current, as: UTF8.self))
        lineTables.withLock { $0[path] = out }
        return out
    }

    /// The YAML documents of a repository-relative file; problems in it are left to the loader to report.
    public func yaml(_ path: String) -> [YAMLNode] {
        if let cached = documents.withLock({ $0[path] }) { return cached }
        guard let text = text(path) else { return [] }
        let parsed = YAMLLoader.load(text, path: path, into: DiagnosticCollector()).map(\.root)
        documents.withLock { $0[path] = parsed }
        return parsed
    }

    /// The YAML files (`.yaml`, `.yml`).
    public var yamlPaths: [String] { paths.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") } }
}
