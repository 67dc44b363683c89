import StrataCore
import StrataFlux
import StrataYAML

/// A Kubernetes DNS name of a Service, `<service>.<namespace>.svc[.<zone>]`, found inside a string.
///
/// Only names with the `svc` label are recognised: the short `<service>.<namespace>` form cannot be told
/// apart from an ordinary domain name.
struct ServiceHost: Sendable, Hashable {
    /// The whole host name as written, lowercased (a StatefulSet pod's or SRV labels included).
    var host: String
    /// The host up to and including the `svc` label.
    var name: String
    /// The Service's name.
    var service: String
    /// The Service's namespace.
    var namespace: String
    /// The zone after `svc`, lowercased without a trailing dot; `nil` when none is written.
    var zone: String?
    /// Whether the zone is cut short by a variable or template (`${DOMAIN}`, `{{ … }}`), so cannot be judged.
    var zoneIsTemplated: Bool

    /// The name with another zone, for suggestions.
    func replacingZone(with zone: String) -> String { name + "." + zone }

    /// Whether a text may hold a Service name: a cheap byte scan for `.svc` that rules out most strings.
    static func mayOccur(in text: String) -> Bool { ByteSearch.contains(text, ".svc") }

    /// Every Service name in a text, in order.
    static func all(in text: String) -> [ServiceHost] {
        let bytes = Array(text.utf8)
        let marker = Array(".svc".utf8)
        guard bytes.count >= marker.count + 3 else { return [] }
        var out: [ServiceHost] = []
        var index = 3
        while index + marker.count <= bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "."), bytes[index..<index + marker.count].elementsEqual(marker) else {
                continue
            }
            if let found = host(in: bytes, dotBeforeSvc: index) { out.append(found) }
        }
        return out
    }

    private static func host(in bytes: [UInt8], dotBeforeSvc dot: Int) -> ServiceHost? {
        let afterSvc = dot + 4
        if afterSvc < bytes.count, isLabelByte(bytes[afterSvc]) { return nil }
        // The labels before `.svc`: the namespace, the Service, then optionally a pod or SRV labels.
        guard let namespaceStart = labelStart(in: bytes, endingAt: dot), namespaceStart >= 2,
            bytes[namespaceStart - 1] == UInt8(ascii: "."),
            let serviceStart = labelStart(in: bytes, endingAt: namespaceStart - 1)
        else { return nil }
        var start = serviceStart
        while start >= 2, bytes[start - 1] == UInt8(ascii: "."),
            let previous = labelStart(in: bytes, endingAt: start - 1)
        {
            start = previous
        }
        // A host glued to a template or variable (`${APP}.ns.svc`) is not a name that can be judged.
        if start > 0, [UInt8(ascii: "}"), UInt8(ascii: "$")].contains(bytes[start - 1]) { return nil }
        let service = lowered(bytes[serviceStart..<namespaceStart - 1])
        let namespace = lowered(bytes[namespaceStart..<dot])
        guard isDNSLabel(service), isDNSLabel(namespace) else { return nil }
        var end = afterSvc
        var zone: String?
        var templated = false
        if afterSvc < bytes.count, bytes[afterSvc] == UInt8(ascii: ".") {
            end = afterSvc + 1
            while end < bytes.count, isLabelByte(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
            if end < bytes.count, [UInt8(ascii: "$"), UInt8(ascii: "{")].contains(bytes[end]) { templated = true }
            var text = lowered(bytes[(afterSvc + 1)..<end])
            while text.hasSuffix(".") { text.removeLast() }
            zone = text.isEmpty ? nil : text
        }
        var host = lowered(bytes[start..<end])
        while host.hasSuffix(".") { host.removeLast() }
        return ServiceHost(
            host: host,
            name: lowered(bytes[start..<afterSvc]),
            service: service,
            namespace: namespace,
            zone: zone,
            zoneIsTemplated: templated
        )
    }

    /// Where the label that ends just before `end` starts, if it is not empty.
    private static func labelStart(in bytes: [UInt8], endingAt end: Int) -> Int? {
        var start = end
        while start > 0, isLabelByte(bytes[start - 1]) { start -= 1 }
        return start < end ? start : nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// An RFC 1123 label, as Service names and namespaces are.
    private static func isDNSLabel(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last, text.utf8.count <= 63 else { return false }
        let alphanumeric = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return alphanumeric(first) && alphanumeric(last)
            && text.utf8.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    private static func lowered(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self).lowercased()
    }
}

/// A Service name written somewhere a cluster's workloads read it: an object or a HelmRelease's values.
struct ServiceHostUse: Sendable {
    /// The name.
    var host: ServiceHost
    /// The string scalar holding it.
    var location: SourceLocation?
    /// The object or HelmRelease that holds it.
    var object: ObjectReference

    /// The uses of every cluster, in cluster order, computed once per check for the rules that read them.
    static func byCluster(_ context: AnalysisContext) -> [[ServiceHostUse]] {
        context.shared("ServiceHostUse") { context.clusters.map { all(in: $0, context: context) } }
    }

    /// Every Service name written in a cluster's objects and HelmRelease values, once per scalar and name.
    ///
    /// CustomResourceDefinitions are left out (their descriptions hold example names), and HelmRelease objects
    /// are read through their merged values instead.
    static func all(in cluster: Cluster, context: AnalysisContext) -> [ServiceHostUse] {
        var out: [ServiceHostUse] = []
        for object in cluster.objects {
            switch object.resource.kind {
            case "CustomResourceDefinition", "HelmRelease":
                continue
            default:
                collect(object.node, into: &out) { context.reference(object, in: cluster) }
            }
        }
        for release in cluster.helmReleases {
            collect(release.values, into: &out) { context.reference(release, in: cluster) }
        }
        return out
    }

    private static func collect(
        _ node: YAMLNode,
        into out: inout [ServiceHostUse],
        reference: () -> ObjectReference
    ) {
        switch node.content {
        case .sequence(let items):
            for item in items { collect(item, into: &out, reference: reference) }
        case .mapping(let pairs):
            for pair in pairs { collect(pair.value, into: &out, reference: reference) }
        case .scalar(let scalar):
            guard ServiceHost.mayOccur(in: scalar.text) else { return }
            var seen: Set<String> = []
            for host in ServiceHost.all(in: scalar.text) where seen.insert(host.host).inserted {
                out.append(ServiceHostUse(host: host, location: node.location, object: reference()))
            }
        }
    }
}
