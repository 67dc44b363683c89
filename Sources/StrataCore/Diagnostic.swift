/// How serious a finding is.
public enum Severity: String, Hashable, Comparable, Sendable, Codable, CaseIterable {
    /// Information worth knowing; never fails a run by default.
    case note
    /// Probably wrong, or wrong in some setups.
    case warning
    /// Will fail, or is certainly wrong.
    case error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// Orders note < warning < error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The logical subject of a finding: the Kubernetes object it is about.
public struct ObjectReference: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The cluster the object belongs to, when known.
    public var cluster: String?
    /// `group/version`, or `version` for the core group.
    public var apiVersion: String
    /// The object's kind.
    public var kind: String
    /// The namespace, or `nil` for cluster-scoped objects and objects without one.
    public var namespace: String?
    /// The object's name.
    public var name: String

    /// Creates a reference.
    public init(cluster: String? = nil, apiVersion: String, kind: String, namespace: String?, name: String) {
        self.cluster = cluster
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind/namespace/name` (or `Kind/name`).
    public var description: String {
        if let namespace, !namespace.isEmpty { return "\(kind)/\(namespace)/\(name)" }
        return "\(kind)/\(name)"
    }

    /// Orders by cluster, kind, namespace, name, then apiVersion.
    public static func < (lhs: ObjectReference, rhs: ObjectReference) -> Bool {
        (lhs.cluster ?? "", lhs.kind, lhs.namespace ?? "", lhs.name, lhs.apiVersion)
            < (rhs.cluster ?? "", rhs.kind, rhs.namespace ?? "", rhs.name, rhs.apiVersion)
    }
}

/// One finding: a problem in the user's content, with where it is and what it is about.
///
/// Problems in content are never thrown; they are collected as diagnostics and the run goes on.
public struct Diagnostic: Hashable, Sendable, Codable {
    /// A stable identifier such as `yaml/duplicate-key` or `flux/dependency-not-found`.
    public var id: String
    /// How serious it is.
    public var severity: Severity
    /// What is wrong: lowercase start, no trailing period, user values in single quotes.
    public var message: String
    /// Where it is, when it came from a file.
    public var location: SourceLocation?
    /// The object it is about, when there is one.
    public var subject: ObjectReference?
    /// Related places, such as "first defined here".
    public var notes: [Note]

    /// A related place.
    public struct Note: Hashable, Sendable, Codable {
        /// What the place is.
        public var message: String
        /// Where it is.
        public var location: SourceLocation?

        /// Creates a note.
        public init(_ message: String, at location: SourceLocation?) {
            self.message = message
            self.location = location
        }
    }

    /// Creates a diagnostic.
    public init(
        id: String,
        severity: Severity,
        message: String,
        location: SourceLocation?,
        subject: ObjectReference? = nil,
        notes: [Note] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.subject = subject
        self.notes = notes
    }

    /// The order in which diagnostics are reported: by place, then id, then message.
    public static func reportOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        let lp = lhs.location ?? SourceLocation(path: "", line: 0, column: 0)
        let rp = rhs.location ?? SourceLocation(path: "", line: 0, column: 0)
        if lp != rp { return lp < rp }
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        if lhs.message != rhs.message { return lhs.message < rhs.message }
        return (lhs.subject?.description ?? "") < (rhs.subject?.description ?? "")
    }
}
