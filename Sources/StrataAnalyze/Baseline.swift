import Foundation
public import StrataCore

/// A record of accepted findings, so a team can adopt `check` on a repository that already has some.
///
/// A finding is matched by rule id, file, object and message, not by line, so edits elsewhere in a file
/// do not resurrect it; each recorded entry absorbs as many findings as it was recorded with.
public struct Baseline: Sendable, Codable, Equatable {
    /// One accepted finding.
    public struct Entry: Sendable, Codable, Hashable, Comparable {
        /// The rule id.
        public var id: String
        /// The repository-relative file, when the finding has one.
        public var file: String?
        /// The object, `cluster:Kind/namespace/name`, when the finding has one.
        public var object: String?
        /// The message.
        public var message: String

        /// Orders by file, id, object and message.
        public static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.file ?? "", lhs.id, lhs.object ?? "", lhs.message) < (
                rhs.file ?? "", rhs.id, rhs.object ?? "", rhs.message
            )
        }
    }

    /// The format version.
    public var version: Int
    /// The accepted findings, sorted.
    public var findings: [Entry]

    /// A baseline accepting these findings.
    public init(diagnostics: [Diagnostic]) {
        version = 1
        findings = diagnostics.map(Self.entry).sorted()
    }

    static func entry(_ diagnostic: Diagnostic) -> Entry {
        Entry(
            id: diagnostic.id,
            file: diagnostic.location?.path,
            object: diagnostic.subject.map { "\($0.cluster.map { $0 + ":" } ?? "")\($0.description)" },
            message: diagnostic.message
        )
    }

    /// Reads a baseline file.
    public static func read(path: String) throws(StrataError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadablePath(path, reason: "no such file")
        }
        do {
            return try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw .unreadablePath(path, reason: "not a strata baseline: \(error)")
        }
    }

    /// The baseline as stable JSON text.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }

    /// Splits findings into those the baseline does not accept and the number it absorbed.
    public func filter(_ diagnostics: [Diagnostic]) -> (kept: [Diagnostic], absorbed: Int) {
        var remaining: [Entry: Int] = [:]
        for entry in findings { remaining[entry, default: 0] += 1 }
        var kept: [Diagnostic] = []
        var absorbed = 0
        for diagnostic in diagnostics {
            let entry = Self.entry(diagnostic)
            if let count = remaining[entry], count > 0 {
                remaining[entry] = count - 1
                absorbed += 1
            } else {
                kept.append(diagnostic)
            }
        }
        return (kept, absorbed)
    }
}
