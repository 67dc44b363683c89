import StrataCore
import StrataYAML

/// What a pass over `platform.yaml` has found so far: problems, where each value is, and whether every
/// value could be read (a spec is only built when it could).
struct SpecDecoding {
    /// The file's path, for locations of values that have none.
    var file: String
    /// Problems found.
    var diagnostics: [Diagnostic] = []
    /// Where each value is, by path (`clusters[0].podCIDR`).
    var locations: [String: SourceLocation] = [:]
    /// Whether every value was read; false once one is missing or invalid.
    var isComplete = true
    /// Patterns compiled so far.
    private var regexes: [String: Regex<AnyRegexOutput>] = [:]

    /// Starts a pass over the file at `file`.
    init(file: String) {
        self.file = file
    }

    /// The compiled pattern; `nil` only if a pattern of the table does not compile (a test guards that).
    mutating func regex(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let cached = regexes[pattern] { return cached }
        guard let compiled = try? Regex(pattern) else { return nil }
        regexes[pattern] = compiled
        return compiled
    }

    /// Records a problem that leaves a value unread.
    mutating func fail(_ kind: String, _ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = []) {
        isComplete = false
        report(kind, message, at: location, notes: notes)
    }

    /// Records a problem that does not stop the spec from being built (an unknown key).
    mutating func report(
        _ kind: String,
        _ message: String,
        at location: SourceLocation?,
        notes: [Diagnostic.Note] = []
    ) {
        diagnostics.append(
            Diagnostic(
                id: "spec/\(kind)",
                severity: .error,
                message: message,
                location: location ?? SourceLocation(path: file, line: 1, column: 1),
                notes: notes
            )
        )
    }

    /// Reports a node of the wrong kind (`expected` is "a mapping", "a list", "a string"…).
    mutating func wrongType(_ node: YAMLNode, path: String, expected: String) {
        fail("invalid-type", "'\(path)' must be \(expected), not \(Self.kind(of: node))", at: node.location)
    }

    /// How a node reads to a user: "a list", "the number '3'", "the text 'abc'".
    static func kind(of node: YAMLNode) -> String {
        switch node.content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: return "empty"
            case .bool(let value): return "the boolean '\(value)'"
            case .int, .float: return "the number '\(scalar.text)'"
            case .string(let text): return "the text '\(text)'"
            }
        }
    }

    /// `parent.key`, or `key` at the top.
    static func join(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }
}
