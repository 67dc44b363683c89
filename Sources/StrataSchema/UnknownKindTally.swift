public import StrataCore
public import StrataYAML

/// Counts objects whose schema is unknown, so the caller reports each kind once rather than each object.
public struct UnknownKindTally: Hashable, Sendable {
    /// One kind without a schema.
    public struct Entry: Hashable, Sendable {
        /// The objects' apiVersion.
        public var apiVersion: String
        /// The objects' kind.
        public var kind: String
        /// How many objects there are.
        public var count: Int
        /// The first of them in report order (path, line, column), so the result does not depend on scheduling.
        public var firstLocation: SourceLocation?
    }

    private var table: [String: Entry] = [:]

    /// Creates an empty tally.
    public init() {}

    /// Counts one object (one for which ``SchemaValidator/validate(_:into:)`` returned `.unknownSchema`).
    public mutating func record(_ object: YAMLNode) {
        let apiVersion = object["apiVersion"]?.string ?? ""
        let kind = object["kind"]?.string ?? ""
        record(Entry(apiVersion: apiVersion, kind: kind, count: 1, firstLocation: object.location))
    }

    /// Adds the counts of another tally (one per thread, merged at the end).
    public mutating func merge(_ other: UnknownKindTally) {
        for entry in other.table.values { record(entry) }
    }

    private mutating func record(_ entry: Entry) {
        let key = entry.apiVersion + " " + entry.kind
        guard var existing = table[key] else {
            table[key] = entry
            return
        }
        existing.count += entry.count
        if let location = entry.firstLocation, existing.firstLocation.map({ location < $0 }) ?? true {
            existing.firstLocation = location
        }
        table[key] = existing
    }

    /// The kinds, ordered by apiVersion then kind.
    public var entries: [Entry] {
        table.values.sorted { ($0.apiVersion, $0.kind) < ($1.apiVersion, $1.kind) }
    }

    /// Reports `schema/unknown-kind` once per kind, at its first object.
    public func report(into sink: some DiagnosticSink, severity: Severity = .warning) {
        for entry in entries {
            let objects = entry.count == 1 ? "1 object" : "\(entry.count) objects"
            sink.emit(
                SchemaDiagnosticID.unknownKind.id,
                severity,
                "no schema for kind '\(entry.kind)' of '\(entry.apiVersion)'; \(objects) not checked",
                at: entry.firstLocation
            )
        }
    }
}
