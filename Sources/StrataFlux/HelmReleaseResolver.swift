import Foundation
import StrataCore
import StrataKustomize
import StrataYAML

/// Gives every HelmRelease of a cluster its chart source and the values Helm will receive.
struct HelmReleaseResolver {
    let cluster: Cluster
    let sink: any DiagnosticSink

    func resolve() -> [HelmReleaseInfo] {
        cluster.objects.compactMap { object -> HelmReleaseInfo? in
            let resource = object.resource
            guard resource.kind == "HelmRelease", resource.group == ClusterLoader.helmGroup else { return nil }
            return info(for: resource, appliedBy: object.appliedBy)
        }
    }

    private func info(for resource: Resource, appliedBy: FluxObjectKey) -> HelmReleaseInfo {
        let namespace = resource.namespace ?? "default"
        let key = FluxObjectKey(kind: "HelmRelease", namespace: namespace, name: resource.name)
        let spec = resource.node["spec"]
        var chart = ""
        var version: String?
        var sourceNode: YAMLNode?
        if let chartSpec = spec?[path: ["chart", "spec"]] {
            chart = chartSpec["chart"]?.string ?? ""
            version = chartSpec["version"]?.string
            sourceNode = chartSpec["sourceRef"]
        } else if let chartRef = spec?["chartRef"] {
            sourceNode = chartRef
            chart = chartRef["name"]?.string ?? ""
        } else {
            sink.emit(
                "flux/invalid-helmrelease",
                .error,
                "HelmRelease '\(key)' has neither spec.chart nor spec.chartRef",
                at: spec?.location ?? resource.location,
                subject: subject(resource)
            )
        }
        var source: FluxObjectKey?
        var found = false
        if let sourceNode, let kind = sourceNode["kind"]?.string, let name = sourceNode["name"]?.string {
            let ref = FluxObjectKey(kind: kind, namespace: sourceNode["namespace"]?.string ?? namespace, name: name)
            source = ref
            found = cluster.object(kind: ref.kind, namespace: ref.namespace, name: ref.name) != nil
            if !found {
                sink.emit(
                    "flux/helm-source-not-found",
                    .error,
                    "HelmRelease '\(key)' uses \(kind) '\(ref)', which cluster '\(cluster.name)' does not have",
                    at: sourceNode["name"]?.location ?? sourceNode.location,
                    subject: subject(resource)
                )
            }
        }
        return HelmReleaseInfo(
            key: key,
            node: resource.node,
            appliedBy: appliedBy,
            chart: chart,
            version: version,
            source: source,
            sourceFound: found,
            values: values(of: resource, namespace: namespace)
        )
    }

    private func subject(_ resource: Resource) -> ObjectReference {
        ObjectReference(
            cluster: cluster.name,
            apiVersion: resource.apiVersion,
            kind: resource.kind,
            namespace: resource.namespace,
            name: resource.name
        )
    }

    /// `chartutil.ChartValuesFromReferences` (fluxcd/pkg chartutil `values.go`, `merge.go`).
    private func values(of resource: Resource, namespace: String) -> YAMLNode {
        let spec = resource.node["spec"]
        let inline = spec?["values"].flatMap { $0.isMapping ? $0 : nil } ?? YAMLNode(.mapping([]))
        var result = YAMLNode(.mapping([]))
        var targetWrites: [(path: String, value: YAMLNode)] = []
        for reference in spec?["valuesFrom"]?.items ?? [] {
            guard let kind = reference["kind"]?.string, let name = reference["name"]?.string else { continue }
            let optional = reference["optional"]?.bool ?? false
            let valuesKey = reference["valuesKey"]?.string ?? "values.yaml"
            let label = "\(optional ? "optional " : "")\(kind) chart values reference '\(namespace)/\(name)'"
            guard let object = cluster.object(kind: kind, namespace: namespace, name: name)?.resource,
                object.group.isEmpty
            else {
                if !optional {
                    sink.emit(
                        "flux/values-from-not-found",
                        .error,
                        "could not resolve \(label): not found in cluster '\(cluster.name)'",
                        at: reference.location,
                        subject: subject(resource)
                    )
                }
                continue
            }
            guard let entry = dataEntry(of: object, key: valuesKey) else {
                if !optional {
                    sink.emit(
                        "flux/values-from-not-found",
                        .error,
                        "could not resolve \(label) with key '\(valuesKey)': key not found",
                        at: reference.location,
                        subject: subject(resource)
                    )
                }
                continue
            }
            if let targetPath = reference["targetPath"]?.string, !targetPath.isEmpty {
                result = HelmValues.merge(result, inline)
                let value = HelmValues.setValue(
                    entry.text,
                    literal: reference["literal"]?.bool ?? false,
                    at: entry.location
                )
                if let updated = HelmValues.set(path: targetPath, value, in: result) {
                    result = updated
                    targetWrites.append((targetPath, value))
                } else {
                    sink.emit(
                        "flux/values-from-invalid",
                        .error,
                        "could not resolve \(label): invalid targetPath '\(targetPath)'",
                        at: reference["targetPath"]?.location,
                        subject: subject(resource)
                    )
                }
            } else {
                let parsed: YAMLNode
                if let node = entry.node {
                    parsed = node
                } else {
                    let collector = DiagnosticCollector()
                    let docs = YAMLLoader.load(entry.text, path: entry.location?.path ?? "", into: collector)
                    if !collector.diagnostics.isEmpty {
                        sink.emit(
                            "flux/values-from-invalid",
                            .error,
                            "could not resolve \(label): values are not valid YAML",
                            at: entry.location,
                            subject: subject(resource)
                        )
                        continue
                    }
                    parsed = docs.first?.root ?? YAMLNode(.mapping([]))
                }
                if parsed.isMapping { result = HelmValues.merge(result, parsed) }
            }
        }
        result = HelmValues.merge(result, inline)
        // A targetPath write mutates the inline values it was merged with, so it survives the final merge.
        for write in targetWrites {
            if let updated = HelmValues.set(path: write.path, write.value, in: result) { result = updated }
        }
        return result
    }

    /// A data entry of a ConfigMap or Secret: its text, and its parsed, located tree when it is inline YAML.
    private func dataEntry(
        of resource: Resource,
        key: String
    ) -> (text: String, location: SourceLocation?, node: YAMLNode?)? {
        if resource.kind == "ConfigMap", let value = resource.node["data"]?[key], let text = value.scalar?.text {
            let docs = InlineYAML.documents(of: value, sink: DiagnosticCollector())
            return (text, value.location, docs.first)
        }
        for (name, text) in DataValues.read(resource) where name == key {
            let location = resource.node["stringData"]?[key]?.location ?? resource.node["data"]?[key]?.location
            return (text, location, nil)
        }
        return nil
    }
}

/// Helm's value operations as helm-controller uses them.
enum HelmValues {
    /// `MergeMaps(a, b)`: maps merge recursively, `b` wins; lists and scalars are replaced.
    static func merge(_ a: YAMLNode, _ b: YAMLNode) -> YAMLNode {
        guard let bPairs = b.pairs, a.isMapping else { return b }
        var result = a
        for pair in bPairs {
            guard let key = pair.key.scalar?.text else { continue }
            if let existing = result[key], existing.isMapping, pair.value.isMapping {
                result.set(key, merge(existing, pair.value))
            } else {
                result.set(key, pair.value)
            }
        }
        return result
    }

    /// A `--set` value: quoted text stays a string; otherwise `true`/`false`/integers/`null` are typed.
    static func setValue(_ text: String, literal: Bool, at location: SourceLocation?) -> YAMLNode {
        if literal { return .string(text, at: location) }
        if text.count >= 2, let first = text.first, let last = text.last,
            (first == "\"" && last == "\"") || (first == "'" && last == "'")
        {
            return .string(String(text.dropFirst().dropLast()), at: location)
        }
        switch ScalarResolver.resolve(text) {
        case .bool, .int, .null: return .plain(text, at: location)
        default: return .string(text, at: location)
        }
    }

    /// Sets `value` at a Helm `--set` path (`a.b`, `a\.b`, `list[0].c`); nil when the path is malformed.
    static func set(path: String, _ value: YAMLNode, in root: YAMLNode) -> YAMLNode? {
        guard let segments = parse(path), !segments.isEmpty else { return nil }
        return set(segments[...], value, in: root)
    }

    private enum Segment {
        case key(String)
        case index(Int)
    }

    private static func set(_ segments: ArraySlice<Segment>, _ value: YAMLNode, in node: YAMLNode) -> YAMLNode? {
        guard let first = segments.first else { return value }
        let rest = segments.dropFirst()
        switch first {
        case .key(let key):
            var map = node.isMapping ? node : YAMLNode(.mapping([]))
            let child = map[key] ?? YAMLNode(.mapping([]))
            guard let updated = set(rest, value, in: child) else { return nil }
            map.set(key, updated)
            return map
        case .index(let index):
            guard index < 65536 else { return nil }
            var items = node.items ?? []
            while items.count <= index { items.append(.null) }
            guard let updated = set(rest, value, in: items[index]) else { return nil }
            items[index] = updated
            return .sequence(items)
        }
    }

    private static func parse(_ path: String) -> [Segment]? {
        var segments: [Segment] = []
        var current = ""
        let chars = Array(path)
        var i = 0
        func flush() {
            if !current.isEmpty { segments.append(.key(current)) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                current.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "." {
                flush()
            } else if c == "[" {
                flush()
                guard let close = chars[i...].firstIndex(of: "]"), let n = Int(String(chars[(i + 1)..<close])) else {
                    return nil
                }
                segments.append(.index(n))
                i = close
            } else {
                current.append(c)
            }
            i += 1
        }
        flush()
        return segments
    }
}
