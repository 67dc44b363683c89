public import StrataCore
import StrataFlux

/// Suppressions written in the repository: object annotations and comments above a line.
///
/// - An annotation `ignore.strata.dev/<domain>.<name>: "<reason>"` on an object silences that rule for
///   findings about the object (the idea of kube-linter's `ignore-check.kube-linter.io/<check>`).
/// - A comment `# strata:disable-next-line <id>[, <id>] [-- reason]` silences findings on the next
///   non-comment line; `# strata:disable-line <id>` at the end of a line silences findings on that line.
public struct Suppressions: Sendable {
    /// The annotation prefix; the rule id follows with `/` written as `.`.
    public static let annotationPrefix = "ignore.strata.dev/"
    /// The comment directive for the next line.
    public static let nextLineDirective = "strata:disable-next-line"
    /// The comment directive for its own line.
    public static let lineDirective = "strata:disable-line"

    private struct Span: Sendable {
        var start: Int
        var end: Int
        var ids: Set<String>
    }

    private var byObject: [ObjectReference: Set<String>] = [:]
    private var spans: [String: [Span]] = [:]
    private let files: RepositoryFiles

    /// The annotation key that suppresses a rule.
    public static func annotationKey(for id: String) -> String {
        annotationPrefix + id.replacingOccurrences(of: "/", with: ".")
    }

    /// Indexes the annotations of every applied object; reports suppressions without a reason.
    init(repository: Repository, files: RepositoryFiles, into sink: some DiagnosticSink) {
        self.files = files
        var starts: [String: Set<Int>] = [:]
        var annotated: [(path: String, line: Int, ids: Set<String>)] = []
        for cluster in repository.clusters {
            for object in cluster.objects {
                let location = object.resource.node.location
                if let location { starts[location.path, default: []].insert(location.line) }
                guard let annotations = object.resource.node[path: ["metadata", "annotations"]]?.pairs else { continue }
                var ids = Set<String>()
                for pair in annotations {
                    guard let key = pair.key.string, key.hasPrefix(Self.annotationPrefix) else { continue }
                    let name = key.dropFirst(Self.annotationPrefix.count)
                    guard let dot = name.firstIndex(of: ".") else { continue }
                    ids.insert(String(name[..<dot]) + "/" + String(name[name.index(after: dot)...]))
                    if (pair.value.string ?? "").trimmingSpaces.isEmpty {
                        sink.emit(
                            "strata/suppression-without-reason",
                            .warning,
                            "the suppression '\(key)' gives no reason",
                            at: pair.key.location
                        )
                    }
                }
                guard !ids.isEmpty else { continue }
                let reference = ObjectReference(
                    cluster: cluster.name,
                    apiVersion: object.resource.apiVersion,
                    kind: object.resource.kind,
                    namespace: object.resource.namespace,
                    name: object.resource.name
                )
                byObject[reference, default: []].formUnion(ids)
                if let location { annotated.append((location.path, location.line, ids)) }
            }
        }
        // An object's document runs from its first line to the line before the next object of the same file.
        for entry in annotated {
            let next = starts[entry.path, default: []].filter { $0 > entry.line }.min() ?? Int.max
            spans[entry.path, default: []].append(Span(start: entry.line, end: next - 1, ids: entry.ids))
        }
    }

    /// Whether the repository silences a finding.
    func silences(_ diagnostic: Diagnostic) -> Bool {
        if let subject = diagnostic.subject {
            if byObject[subject]?.contains(diagnostic.id) == true { return true }
            var unclustered = subject
            unclustered.cluster = nil
            for (reference, ids) in byObject where ids.contains(diagnostic.id) {
                var candidate = reference
                candidate.cluster = nil
                if candidate == unclustered && (subject.cluster == nil || reference.cluster == subject.cluster) {
                    return true
                }
            }
        }
        guard let location = diagnostic.location else { return false }
        if spans[location.path]?.contains(where: {
            $0.ids.contains(diagnostic.id) && $0.start <= location.line && location.line <= $0.end
        }) == true {
            return true
        }
        return commentSilences(diagnostic.id, at: location)
    }

    private func commentSilences(_ id: String, at location: SourceLocation) -> Bool {
        let lines = files.lines(location.path)
        guard location.line >= 1, location.line <= lines.count else { return false }
        if Self.directive(Self.lineDirective, in: Substring(lines[location.line - 1]), names: id) { return true }
        var index = location.line - 2
        while index >= 0 {
            let line = lines[index].drop { $0 == " " || $0 == "\t" }
            guard line.hasPrefix("#") else { break }
            if Self.directive(Self.nextLineDirective, in: line, names: id) { return true }
            index -= 1
        }
        return false
    }

    /// Whether a line carries `directive` followed by a list naming `id`.
    static func directive(_ directive: String, in line: Substring, names id: String) -> Bool {
        guard let hash = line.firstIndex(of: "#"), let range = line[hash...].range(of: directive) else { return false }
        var rest = line[range.upperBound...]
        if let reason = rest.range(of: "--") { rest = rest[..<reason.lowerBound] }
        let ids = rest.split { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }
        return ids.contains { $0 == id }
    }
}
