import Foundation
import StrataCore

/// The record of what the last generation wrote: every file's path and the SHA-256 of its contents.
///
/// It is how `generate` tells its own files from the user's: a file whose hash still matches was not
/// touched since and may be replaced or removed; any other file is never overwritten without `--force`
/// and never removed.
public struct GenerationLock: Sendable, Equatable {
    /// The lock's file name, at the output directory's root.
    public static let fileName = "strata.lock"

    /// SHA-256 of each generated file, by repository-relative path.
    public var files: [String: String]

    /// Creates a lock.
    public init(files: [String: String] = [:]) {
        self.files = files
    }

    /// The lock of a generated repository.
    public init(of repository: GeneratedRepository) {
        self.files = repository.files.mapValues { SHA256.hex(Array($0.utf8)) }
    }

    private struct Document: Codable {
        var version: Int
        var files: [String: String]
    }

    /// The lock's text: JSON with sorted paths, so it changes only when a file does.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(version: 1, files: files))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a lock written by ``text``, or says why the text is not one.
    public static func parse(_ text: String) -> Result<GenerationLock, LockError> {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(text.utf8))
        } catch {
            return .failure(LockError(reason: "it is not a lock file's JSON (\(error.localizedDescription))"))
        }
        guard document.version == 1 else {
            return .failure(LockError(reason: "its version is \(document.version), not 1"))
        }
        if let bad = document.files.first(where: { $0.value.count != 64 }) {
            return .failure(LockError(reason: "the entry for '\(bad.key)' is not a SHA-256 digest"))
        }
        return .success(GenerationLock(files: document.files))
    }
}

/// Why a lock file could not be read.
public struct LockError: Error, Sendable, Equatable {
    /// The reason, as a sentence fragment.
    public var reason: String
}
