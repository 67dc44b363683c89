import Foundation
public import StrataCore
public import StrataYAML
import Synchronization

/// Why a path could not be loaded.
public enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path leaves the root that builds are confined to (Flux's secure file system).
    case outsideRoot(path: String, root: String)
    /// Nothing exists at the path.
    case notFound(String)
    /// The file exists but cannot be read or is not text.
    case unreadable(String, reason: String)

    /// A message in kustomize's and Flux's words.
    public var description: String {
        switch self {
        case .outsideRoot(let path, let root):
            "path '\(path)' is not in or below '\(root)'"
        case .notFound(let path):
            "'\(path)' does not exist"
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        }
    }
}

/// The file system as a build sees it: confined to a root, with repository-relative locations,
/// and a cache so a file shared by many builds is read and parsed once.
public final class LoadContext: Sendable {
    /// The absolute directory no load may leave (the Flux source's artifact root).
    public let root: String
    /// The absolute repository directory that locations in diagnostics are relative to.
    public let repositoryRoot: String
    private let cache: FileCache

    /// A parsed file and the diagnostics its parse produced.
    public struct CachedFile: Sendable {
        /// The documents.
        public var documents: [YAMLDocument]
        /// The problems met while parsing it.
        public var diagnostics: [Diagnostic]
    }

    /// Creates a context; both paths are made absolute and normalised.
    ///
    /// Contexts that share a `cache` parse each file once between them (they must share the repository root).
    public init(root: String, repositoryRoot: String? = nil, cache: FileCache = FileCache()) {
        let r = LoadContext.normalize(root)
        self.root = r
        self.repositoryRoot = LoadContext.normalize(repositoryRoot ?? root)
        self.cache = cache
    }

    /// A context over another root that shares this one's repository root and parse cache.
    public func rerooted(at root: String) -> LoadContext {
        LoadContext(root: root, repositoryRoot: repositoryRoot, cache: cache)
    }

    /// Makes `path` absolute (against the current directory) and removes `.`, `..` and duplicate slashes.
    public static func normalize(_ path: String) -> String {
        var absolute = path
        if !absolute.hasPrefix("/") {
            absolute = FileManager.default.currentDirectoryPath + "/" + absolute
        }
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Joins `path` to the directory `base` and checks that the result stays inside ``root``,
    /// after resolving symbolic links (as Flux's secure file system does).
    public func resolve(_ path: String, relativeTo base: String) -> Result<String, LoadError> {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        let normalized = LoadContext.normalize(joined)
        guard isInsideRoot(normalized) else {
            return .failure(.outsideRoot(path: relative(normalized), root: relative(root)))
        }
        let real = URL(fileURLWithPath: normalized).resolvingSymlinksInPath().path
        if real != normalized, !isInsideRoot(LoadContext.normalize(real)) {
            return .failure(.outsideRoot(path: relative(normalized), root: relative(root)))
        }
        return .success(normalized)
    }

    /// Whether an absolute, normalised path is the root or below it.
    public func isInsideRoot(_ absolute: String) -> Bool {
        absolute == root || absolute.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// The repository-relative form of an absolute path (the path itself when outside the repository).
    public func relative(_ absolute: String) -> String {
        if absolute == repositoryRoot { return "." }
        let prefix = repositoryRoot == "/" ? "/" : repositoryRoot + "/"
        if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        return absolute
    }

    /// What is at an absolute path.
    public enum EntryKind: Sendable { case file, directory, missing }

    /// Whether an absolute path is a file, a directory, or nothing.
    public func kind(of absolute: String) -> EntryKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .directory : .file
    }

    /// The entries of a directory, sorted byte-wise as Go's `filepath.Walk` does.
    public func entries(of directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The largest file a build reads; larger files are reported instead of loaded.
    public static let maximumFileSize = 16 << 20

    /// Reads a text file.
    public func readText(_ absolute: String) -> Result<String, LoadError> {
        guard kind(of: absolute) == .file else { return .failure(.notFound(relative(absolute))) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: absolute))?[.size] as? Int,
            size > LoadContext.maximumFileSize
        {
            return .failure(
                .unreadable(
                    relative(absolute),
                    reason: "file is \(size) bytes, above the \(LoadContext.maximumFileSize)-byte limit"
                )
            )
        }
        guard let handle = FileHandle(forReadingAtPath: absolute) else {
            return .failure(.unreadable(relative(absolute), reason: "permission denied"))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.readToEnd() ?? Data()
        } catch {
            return .failure(.unreadable(relative(absolute), reason: "\(error.localizedDescription)"))
        }
        if data.count > LoadContext.maximumFileSize {
            return .failure(
                .unreadable(
                    relative(absolute),
                    reason: "file is \(data.count) bytes, above the \(LoadContext.maximumFileSize)-byte limit"
                )
            )
        }
        guard var text = String(data: data, encoding: .utf8) else {
            return .failure(.unreadable(relative(absolute), reason: "not UTF-8 text"))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return .success(text)
    }

    /// Reads and parses a YAML file once; later calls return the cached documents and diagnostics.
    public func loadYAML(_ absolute: String) -> Result<CachedFile, LoadError> {
        if let cached = cache.storage.withLock({ $0[absolute] }) { return .success(cached) }
        switch readText(absolute) {
        case .failure(let error):
            return .failure(error)
        case .success(let text):
            let collector = DiagnosticCollector()
            let documents = YAMLLoader.load(text, path: relative(absolute), into: collector)
            let file = CachedFile(documents: documents, diagnostics: collector.diagnostics)
            cache.storage.withLock { $0[absolute] = file }
            return .success(file)
        }
    }
}

/// Parsed files shared by every build of one repository, so a file used by many builds is parsed once.
public final class FileCache: Sendable {
    let storage = Mutex<[String: LoadContext.CachedFile]>([:])

    /// Creates an empty cache.
    public init() {}
}
