public import StrataCore

/// Refuses a spec that contradicts itself, before anything is generated from it.
///
/// Each finding names the offending value's location (from the document's `locations`), the reason, and
/// how to fix it; every contradiction is reported in one run. The checks cover the network (overlapping
/// ranges, LoadBalancer pools on the node subnet, addresses off the subnet or used twice, Cilium ids and
/// ASNs), storage (Ceph providers, pool widths against hosts, monitors, ratios, OSD memory, StorageClasses),
/// workloads (unknown clusters, duplicate names, metrics replication) and backups (recovery points below
/// backup intervals, a restore drill that runs into a backup).
public enum PlatformSpecValidator {
    /// The contradictions in a decoded spec; none when the document has no spec.
    public static func validate(_ document: PlatformSpecDocument) -> [Diagnostic] {
        guard let spec = document.spec else { return [] }
        var check = SpecCheck(spec: spec, document: document)
        check.checkNetwork()
        check.checkStorage()
        check.checkWorkloads()
        check.checkBackups()
        return check.diagnostics.sorted(by: Diagnostic.reportOrder)
    }

    /// The contradictions in a spec built in code (findings have no locations).
    public static func validate(_ spec: PlatformSpec) -> [Diagnostic] {
        validate(PlatformSpecDocument(spec: spec))
    }
}
