public import StrataCore

/// A `platform.yaml` as read: the spec (when it could be built), every problem found, and where each
/// value is, so later messages can point at the line that set it.
public struct PlatformSpecDocument: Sendable {
    /// The spec; `nil` when a value is missing or invalid.
    public var spec: PlatformSpec?
    /// Every problem found while reading, in report order.
    public var diagnostics: [Diagnostic]
    /// Where each value is, by path.
    ///
    /// Paths read like `clusters[0].podCIDR`, `storage.ceph.pools[1].replicated.size` or
    /// `versions.charts.cilium`; mappings and lists are recorded too (`clusters[0]`), the root as `""`.
    public var locations: [String: SourceLocation]

    /// Creates a document.
    public init(spec: PlatformSpec?, diagnostics: [Diagnostic], locations: [String: SourceLocation]) {
        self.spec = spec
        self.diagnostics = diagnostics
        self.locations = locations
    }

    /// A document for a spec built in code, which has no locations.
    public init(spec: PlatformSpec) {
        self.init(spec: spec, diagnostics: [], locations: [:])
    }

    /// The location of the value at `path`, or of the nearest enclosing value that was written (a value
    /// left to its default is located at its mapping).
    public func location(of path: String) -> SourceLocation? {
        var current = Substring(path)
        while true {
            if let location = locations[String(current)] { return location }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return locations[""] }
            current = current[..<cut]
        }
    }
}
