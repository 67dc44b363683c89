import Foundation

/// A repository written to a fresh temporary directory for one test, removed when the value is released.
public final class TemporaryRepository: @unchecked Sendable {
    /// The absolute path of the repository.
    public let root: String

    /// Writes `files` (repository-relative path → content) into a new temporary directory.
    public init(_ files: [String: String]) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("strata-test-\(UUID().uuidString)")
        root = base.path
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        for (path, content) in files {
            try write(path, content)
        }
    }

    /// Writes one more file.
    public func write(_ path: String, _ content: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    /// The absolute path of a repository-relative path.
    public func path(_ relative: String) -> String { root + "/" + relative }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }
}
