import StrataCore
import StrataFlux
import StrataYAML

/// A Talos machine configuration or configuration patch found among the repository's files.
///
/// Talos configuration is applied with `talosctl`, not by Flux, so it is found by shape: a YAML document
/// whose top-level keys are only Talos's (`version`, `debug`, `persist`, `machine`, `cluster`).
struct TalosPatch: Sendable {
    /// The repository-relative file.
    var path: String
    /// The document.
    var root: YAMLNode
    /// The cluster it belongs to; `nil` when it cannot be told, and then it counts for every cluster.
    var cluster: String?

    private static let topLevelKeys: Set<String> = ["version", "debug", "persist", "machine", "cluster"]

    /// Every Talos document of the repository, each assigned to a cluster when its `clusterName`, its path,
    /// or a single-cluster repository says which.
    static func all(in context: AnalysisContext) -> [TalosPatch] {
        let names = Set(context.clusters.map(\.name))
        var out: [TalosPatch] = []
        for path in context.files.yamlPaths {
            guard let text = context.files.text(path),
                text.hasPrefix("machine:") || text.hasPrefix("cluster:") || ByteSearch.contains(text, "\nmachine:")
                    || ByteSearch.contains(text, "\ncluster:")
            else { continue }
            for root in context.files.yaml(path) where isTalos(root) {
                out.append(TalosPatch(path: path, root: root, cluster: owner(of: root, path: path, names: names)))
            }
        }
        return out
    }

    /// The patches that apply to `cluster`: its own and those of no known cluster.
    static func patches(_ all: [TalosPatch], for cluster: String) -> [TalosPatch] {
        all.filter { $0.cluster == nil || $0.cluster == cluster }
    }

    private static func isTalos(_ root: YAMLNode) -> Bool {
        let keys = root.keys
        guard !keys.isEmpty, keys.contains("machine") || keys.contains("cluster"),
            keys.allSatisfy(topLevelKeys.contains)
        else { return false }
        // Helm values for Cilium also have a top-level `cluster`, with `name` and `id`.
        if let cluster = root["cluster"], cluster["name"] != nil { return false }
        if let machine = root["machine"], !machine.isMapping { return false }
        return true
    }

    private static func owner(of root: YAMLNode, path: String, names: Set<String>) -> String? {
        if let name = root[path: ["cluster", "clusterName"]]?.string, names.contains(name) { return name }
        let words = Set(path.split { "/-_.".contains($0) }.map(String.init))
        let matches = names.intersection(words)
        if matches.count == 1 { return matches.first }
        if names.count == 1 { return names.first }
        return nil
    }

    /// `cluster.network.podSubnets` entries.
    var podSubnets: [YAMLNode] { root[path: ["cluster", "network", "podSubnets"]]?.items ?? [] }

    /// `cluster.network.serviceSubnets` entries.
    var serviceSubnets: [YAMLNode] { root[path: ["cluster", "network", "serviceSubnets"]]?.items ?? [] }

    /// `cluster.network.cni.name`.
    var cniName: YAMLNode? { root[path: ["cluster", "network", "cni", "name"]] }

    /// `cluster.proxy.disabled`.
    var proxyDisabled: YAMLNode? { root[path: ["cluster", "proxy", "disabled"]] }

    /// `machine.features.kubePrism`.
    var kubePrism: YAMLNode? { root[path: ["machine", "features", "kubePrism"]] }

    /// The host of `cluster.controlPlane.endpoint`.
    var endpointHost: String? {
        guard var text = root[path: ["cluster", "controlPlane", "endpoint"]]?.string else { return nil }
        if let scheme = text.firstRange(of: "://") { text = String(text[scheme.upperBound...]) }
        if text.hasPrefix("[") { return text.dropFirst().split(separator: "]").first.map(String.init) }
        return text.split(separator: ":").first.map(String.init)
    }

    /// The network devices: `machine.network.interfaces` and their VLANs.
    var interfaces: [YAMLNode] {
        let top = root[path: ["machine", "network", "interfaces"]]?.items ?? []
        return top + top.flatMap { $0["vlans"]?.items ?? [] }
    }

    /// The addresses configured on devices, with the subnet each one is on.
    ///
    /// An address written as a template (`<NODE_IP>/24`) still gives its prefix length; the subnet is then
    /// that of the device's gateway, which must be on-link.
    var addresses: [(address: IPAddress?, subnet: IPNetwork, node: YAMLNode)] {
        var out: [(IPAddress?, IPNetwork, YAMLNode)] = []
        for device in interfaces {
            let gateways = (device["routes"]?.items ?? []).compactMap { $0["gateway"]?.string.flatMap(IPAddress.init) }
            for entry in (device["addresses"]?.items ?? []) + [device["cidr"]].compactMap({ $0 }) {
                guard let text = entry.string else { continue }
                if let parsed = IPNetwork.interface(text), text.contains("/") {
                    out.append((parsed.address, parsed.network, entry))
                } else if let slash = text.lastIndex(of: "/"), let length = Int(text[text.index(after: slash)...]) {
                    for gateway in gateways {
                        if let subnet = IPNetwork(address: gateway, prefixLength: length) {
                            out.append((nil, subnet, entry))
                        }
                    }
                }
            }
        }
        return out
    }

    /// Route gateways of the devices.
    var gateways: [(address: IPAddress, node: YAMLNode)] {
        interfaces.flatMap { device in
            (device["routes"]?.items ?? []).compactMap { route in
                guard let node = route["gateway"], let address = node.string.flatMap(IPAddress.init) else {
                    return nil
                }
                return (address, node)
            }
        }
    }

    /// Shared virtual IPs (`vip.ip`) of the devices.
    var virtualIPs: [(address: IPAddress, node: YAMLNode)] {
        interfaces.compactMap { device in
            guard let node = device[path: ["vip", "ip"]], let address = node.string.flatMap(IPAddress.init) else {
                return nil
            }
            return (address, node)
        }
    }

    /// Device MTUs.
    var mtus: [(value: Int, node: YAMLNode)] {
        interfaces.compactMap { device in
            guard let node = device["mtu"], let value = node.int else { return nil }
            return (value, node)
        }
    }
}
