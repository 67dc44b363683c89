import StrataCore

/// One run of the validator: the spec, where its values are, and the findings so far.
struct SpecCheck {
    /// The spec under check.
    let spec: PlatformSpec
    /// Where its values are.
    let document: PlatformSpecDocument
    /// Findings so far.
    var diagnostics: [Diagnostic] = []

    /// Records a finding about the value at `path`, with related places as notes.
    mutating func report(
        _ kind: String,
        _ message: String,
        at path: String,
        severity: Severity = .error,
        notes: [(message: String, path: String)] = []
    ) {
        diagnostics.append(
            Diagnostic(
                id: "spec/\(kind)",
                severity: severity,
                message: message,
                location: document.location(of: path),
                notes: notes.map { Diagnostic.Note($0.message, at: document.location(of: $0.path)) }
            )
        )
    }

    /// The cluster that provides Ceph, when exactly one does.
    var cephProvider: (index: Int, cluster: ClusterSpec)? {
        let providers = spec.clusters.enumerated().filter { $0.element.ceph == .provider }
        guard providers.count == 1, let first = providers.first else { return nil }
        return (first.offset, first.element)
    }

    /// The index of the cluster named `name`.
    func clusterIndex(_ name: String) -> Int? { spec.clusters.firstIndex { $0.name == name } }

    /// `24h`, `6h30m`, `7d`: a number of seconds as people read it.
    static func readable(_ seconds: Int) -> String {
        if seconds == 0 { return "0" }
        var parts: [String] = []
        var rest = seconds
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        // Whole days read better as hours up to two days (a daily schedule is "24h").
        if seconds % 3600 == 0, seconds <= 48 * 3600 { return "\(seconds / 3600)h" }
        return parts.joined()
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`.
    static func list(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        guard let last = quoted.last else { return "" }
        return quoted.count == 1 ? last : quoted.dropLast().joined(separator: ", ") + " and " + last
    }
}
