import Foundation
public import StrataCore
public import StrataYAML
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        if let fast = normalizeASCII(absolute) { return fast }
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

    /// ``normalize(_:)`` on the bytes of an ASCII path, where a byte is a character (paths are resolved
    /// for every entry of every kustomization, and splitting into substrings dominated); `nil` otherwise.
    private static func normalizeASCII(_ absolute: String) -> String? {
        let bytes = Array(absolute.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        var parts: [Range<Int>] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != slash { end += 1 }
            let length = end - start
            if length == 2, bytes[start] == dot, bytes[start + 1] == dot {
                if !parts.isEmpty { parts.removeLast() }
            } else if length > 0, !(length == 1 && bytes[start] == dot) {
                parts.append(start..<end)
            }
            start = end + 1
        }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 1)
        result.append(slash)
        for (index, part) in parts.enumerated() {
            if index > 0 { result.append(slash) }
            result.append(contentsOf: bytes[part])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Joins `path` to the directory `base` and checks that the result stays inside ``root``,
    /// after resolving symbolic links (as Flux's secure file system does).
    public func resolve(_ path: String, relativeTo base: String) -> Result<String, LoadError> {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        let normalized = LoadContext.normalize(joined)
        guard isInsideRoot(normalized) else {
            return .failure(.outsideRoot(path: relative(normalized), root: relative(root)))
        }
        let real = cache.realPath(normalized)
        if real != normalized, !isInsideRealRoot(real) {
            return .failure(.outsideRoot(path: relative(normalized), root: relative(root)))
        }
        return .success(normalized)
    }

    /// Whether a resolved path is below the root's own resolved path (the root may itself sit behind a link).
    private func isInsideRealRoot(_ real: String) -> Bool {
        let realRoot = cache.realPath(root)
        return real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
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
        cache.status(absolute).kind
    }

    /// A nested kustomization's build, shared by every build that uses it.
    public struct CachedTarget: Sendable {
        /// The objects it builds.
        public var resources: [Resource]
        /// The problems met while building it.
        public var diagnostics: [Diagnostic]
    }

    /// The build of a nested kustomization in this root, computed once (a thread that finds another one
    /// building it waits a little, then builds it too rather than risk waiting on a cycle).
    func target(_ directory: String, build: () -> CachedTarget) -> CachedTarget {
        cache.targets.value(for: root + "\u{0}" + directory, patience: .seconds(2), compute: build)
    }

    /// The documents of a YAML string embedded in a file (an inline patch), parsed once per place and text.
    public func inlineDocuments(of value: YAMLNode, sink: some DiagnosticSink) -> [YAMLNode] {
        let key = "\(value.location?.description ?? "")\u{0}\(value.scalar?.text ?? "")"
        if let cached = cache.inline.withLock({ $0[key] }) {
            for diagnostic in cached.diagnostics { sink.emit(diagnostic) }
            return cached.documents
        }
        let collector = DiagnosticCollector()
        let documents = InlineYAML.documents(of: value, sink: collector)
        let diagnostics = collector.diagnostics
        cache.inline.withLock { $0[key] = (documents, diagnostics) }
        for diagnostic in diagnostics { sink.emit(diagnostic) }
        return documents
    }

    /// The path with every symbolic link resolved.
    public func realPath(_ absolute: String) -> String { cache.realPath(absolute) }

    /// Whether an absolute path is a symbolic link (source-controller never archives links).
    public func isSymbolicLink(_ absolute: String) -> Bool {
        cache.status(absolute).isSymbolicLink
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
        let size = cache.status(absolute).size
        if size > LoadContext.maximumFileSize {
            return .failure(
                .unreadable(
                    relative(absolute),
                    reason: "file is \(size) bytes, above the \(LoadContext.maximumFileSize)-byte limit"
                )
            )
        }
        guard let data = FileManager.default.contents(atPath: absolute) else {
            return .failure(.unreadable(relative(absolute), reason: "permission denied"))
        }
        if data.count > LoadContext.maximumFileSize {
            return .failure(
                .unreadable(
                    relative(absolute),
                    reason: "file is \(data.count) bytes, above the \(LoadContext.maximumFileSize)-byte limit"
                )
            )
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            return .failure(.unreadable(relative(absolute), reason: "not UTF-8 text"))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return .success(text)
    }

    /// Reads and parses a YAML file once; later calls return the cached documents and diagnostics.
    public func loadYAML(_ absolute: String) -> Result<CachedFile, LoadError> {
        cache.files.value(for: absolute) {
            readText(absolute).map { parse($0, of: absolute) }
        }
    }

    /// Parses a file whose text the caller has already read, once, like ``loadYAML(_:)``.
    public func loadYAML(_ absolute: String, text: String) -> Result<CachedFile, LoadError> {
        cache.files.value(for: absolute) { .success(parse(text, of: absolute)) }
    }

    private func parse(_ text: String, of absolute: String) -> CachedFile {
        let collector = DiagnosticCollector()
        let documents = YAMLLoader.load(text, path: relative(absolute), into: collector)
        return CachedFile(documents: documents, diagnostics: collector.diagnostics)
    }
}

/// Parsed files and file-system answers shared by every build of one repository, so a file used by many
/// builds is read, resolved and parsed once.
public final class FileCache: Sendable {
    let files = OnceMap<Result<LoadContext.CachedFile, LoadError>>()
    let targets = OnceMap<LoadContext.CachedTarget>()
    let inline = Mutex<[String: (documents: [YAMLNode], diagnostics: [Diagnostic])]>([:])
    private let statuses = Mutex<[String: FileStatus]>([:])
    private let realPaths = Mutex<[String: String]>([:])

    /// What `lstat`/`stat` say about a path.
    struct FileStatus: Sendable {
        var kind: LoadContext.EntryKind
        var isSymbolicLink: Bool
        var size: Int
    }

    /// Creates an empty cache.
    public init() {}

    func status(_ path: String) -> FileStatus {
        if let known = statuses.withLock({ $0[path] }) { return known }
        var info = stat()
        var result = FileStatus(kind: .missing, isSymbolicLink: false, size: 0)
        guard lstat(path, &info) == 0 else {
            statuses.withLock { $0[path] = result }
            return result
        }
        // Only a link needs a second call, to learn what it points at.
        result.isSymbolicLink = (info.st_mode & S_IFMT) == S_IFLNK
        if !result.isSymbolicLink || stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            result.kind = type == S_IFDIR ? .directory : .file
            result.size = Int(info.st_size)
        }
        statuses.withLock { $0[path] = result }
        return result
    }

    /// The path with every symbolic link resolved; for a path that does not exist, its longest existing
    /// prefix is resolved and the rest appended.
    func realPath(_ path: String) -> String {
        if let known = realPaths.withLock({ $0[path] }) { return known }
        let resolved: String
        if let pointer = realpath(path, nil) {
            resolved = String(cString: pointer)
            free(pointer)
        } else if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let parent = realPath(String(path[..<slash]))
            resolved = (parent == "/" ? "" : parent) + String(path[slash...])
        } else {
            resolved = path
        }
        realPaths.withLock { $0[path] = resolved }
        return resolved
    }
}
