import Foundation
import StrataCore

/// Writes a generated repository into a directory without ever losing the user's work.
///
/// The rules, in the order they are applied:
/// - a file the last generation wrote and nobody changed since (its hash matches the lock) is replaced;
/// - a file changed by hand, or a file at a generated path that strata never wrote, is a conflict: nothing
///   is written at all unless `force` is set;
/// - a file generated before but not now is removed only when unchanged, and kept otherwise;
/// - files strata did not generate are never touched;
/// - every file, and the lock last, is written atomically (a temporary file renamed into place).
public struct GeneratedTreeWriter: Sendable {
    /// The output directory.
    public let root: String

    /// Creates a writer for a directory.
    public init(root: String) {
        self.root = root
    }

    /// What generating would do to one path.
    public enum Change: Sendable, Equatable {
        /// A new file.
        case create
        /// A generated file whose contents change.
        case update
        /// A generated file that stays as it is.
        case unchanged
        /// A file generated before and not now, unchanged since: removed.
        case remove
        /// A file generated before and not now, changed by hand: kept, and no longer tracked.
        case keepEdited
        /// A generated file changed by hand: not overwritten without `force`.
        case conflictEdited
        /// A file strata never wrote at a path it generates: not overwritten without `force`.
        case conflictForeign
        /// A conflict overwritten because of `force`.
        case overwrite

        /// Whether the change alters the directory.
        public var altersTree: Bool {
            switch self {
            case .create, .update, .remove, .overwrite: true
            case .unchanged, .keepEdited, .conflictEdited, .conflictForeign: false
            }
        }

        /// Whether the change stops a write without `force`.
        public var isConflict: Bool { self == .conflictEdited || self == .conflictForeign }
    }

    /// The outcome of planning a write.
    public struct Plan: Sendable, Equatable {
        /// Every path involved and what happens to it, sorted by path.
        public var changes: [(path: String, change: Change)]
        /// The lock to write once the files are.
        public var lock: GenerationLock
        /// Whether the lock file itself changes.
        public var lockChanges: Bool

        /// Paths in conflict.
        public var conflicts: [String] { changes.filter(\.change.isConflict).map(\.path) }
        /// Whether applying the plan would change anything on disk.
        public var altersTree: Bool { lockChanges || changes.contains { $0.change.altersTree } }

        /// Compares plans path by path.
        public static func == (lhs: Plan, rhs: Plan) -> Bool {
            lhs.lock == rhs.lock && lhs.lockChanges == rhs.lockChanges
                && lhs.changes.map(\.path) == rhs.changes.map(\.path)
                && lhs.changes.map(\.change) == rhs.changes.map(\.change)
        }
    }

    /// Why writing failed.
    public enum Failure: Error, Sendable, Equatable {
        /// The lock exists but cannot be read.
        case unreadableLock(path: String, reason: String)
        /// A file could not be read or written.
        case io(path: String, reason: String)
        /// A generated path is not a plain relative path inside the output directory.
        case unsafePath(String)
    }

    /// Decides what writing `repository` would do, without touching the disk.
    public func plan(_ repository: GeneratedRepository, force: Bool = false) throws(Failure) -> Plan {
        let old = try readLock()
        var changes: [(String, Change)] = []
        var lockFiles: [String: String] = [:]
        for (path, text) in repository.files {
            guard Self.isSafe(path) else { throw .unsafePath(path) }
            let hash = SHA256.hex(Array(text.utf8))
            lockFiles[path] = hash
            guard let current = try hashOnDisk(path) else {
                changes.append((path, .create))
                continue
            }
            if current == hash {
                changes.append((path, .unchanged))
            } else if let recorded = old?.files[path], recorded == current {
                changes.append((path, .update))
            } else {
                let conflict: Change = old?.files[path] == nil ? .conflictForeign : .conflictEdited
                changes.append((path, force ? .overwrite : conflict))
            }
        }
        for (path, recorded) in old?.files ?? [:] where repository.files[path] == nil {
            guard Self.isSafe(path), let current = try hashOnDisk(path) else { continue }
            changes.append((path, current == recorded ? .remove : .keepEdited))
        }
        let lock = GenerationLock(files: lockFiles)
        let lockText = try? String(contentsOfFile: lockPath, encoding: .utf8)
        return Plan(
            changes: changes.sorted { $0.0 < $1.0 }.map { (path: $0.0, change: $0.1) },
            lock: lock,
            lockChanges: lockText != lock.text
        )
    }

    /// Applies a plan made by ``plan(_:force:)`` for the same repository; does nothing when it has conflicts.
    public func apply(_ plan: Plan, repository: GeneratedRepository) throws(Failure) {
        guard plan.conflicts.isEmpty else { return }
        for (path, change) in plan.changes {
            switch change {
            case .create, .update, .overwrite:
                try writeAtomically(repository.files[path] ?? "", to: path)
            case .remove:
                let absolute = absolutePath(path)
                do { try FileManager.default.removeItem(atPath: absolute) } catch {
                    throw .io(path: path, reason: error.localizedDescription)
                }
                removeEmptyParents(of: path)
            case .unchanged, .keepEdited, .conflictEdited, .conflictForeign:
                break
            }
        }
        if plan.lockChanges { try writeAtomically(plan.lock.text, to: GenerationLock.fileName) }
    }

    private var lockPath: String { absolutePath(GenerationLock.fileName) }

    private func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: root).appendingPathComponent(path).path
    }

    private func readLock() throws(Failure) -> GenerationLock? {
        guard FileManager.default.fileExists(atPath: lockPath) else { return nil }
        let text: String
        do { text = try String(contentsOfFile: lockPath, encoding: .utf8) } catch {
            throw .unreadableLock(path: lockPath, reason: error.localizedDescription)
        }
        switch GenerationLock.parse(text) {
        case .success(let lock): return lock
        case .failure(let error): throw .unreadableLock(path: lockPath, reason: error.reason)
        }
    }

    private func hashOnDisk(_ path: String) throws(Failure) -> String? {
        let absolute = absolutePath(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else { return nil }
        // A directory where a file belongs is the user's; it hashes as nothing a file can equal.
        if isDirectory.boolValue { return "directory" }
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw .io(path: path, reason: "it cannot be read")
        }
        return SHA256.hex(Array(data))
    }

    private func writeAtomically(_ text: String, to path: String) throws(Failure) {
        let url = URL(fileURLWithPath: absolutePath(path))
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            // Foundation writes to a temporary file beside the target and renames it into place.
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
    }

    private func removeEmptyParents(of path: String) {
        var components = path.split(separator: "/").dropLast()
        while !components.isEmpty {
            let directory = absolutePath(components.joined(separator: "/"))
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory), entries.isEmpty
            else { return }
            try? FileManager.default.removeItem(atPath: directory)
            components = components.dropLast()
        }
    }

    /// Whether a path is relative, normalised and stays inside the output directory.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), path != GenerationLock.fileName else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).contains {
            $0.isEmpty || $0 == "." || $0 == ".."
        }
    }
}
