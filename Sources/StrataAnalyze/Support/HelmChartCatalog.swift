import Foundation
import StrataCore
import StrataFlux
import StrataYAML

/// A chart's default values and values schema, read from a local charts directory.
struct HelmChartDefaults {
    /// The chart's folder name.
    var chart: String
    /// The version folder used, when the chart has several.
    var version: String?
    /// `values.yaml`, parsed.
    var values: YAMLNode
    /// `values.yaml` as text, to find keys that are documented only in comments.
    var valuesText: String
    /// `values.schema.json`, when the chart ships one.
    var schema: JSONValue?
    /// Names and aliases of the chart's dependencies, whose values live under those keys.
    var subcharts: Set<String>

    /// The chart and version, for messages.
    var label: String { version.map { "'\(chart)' \($0)" } ?? "'\(chart)'" }

    /// Whether `values.yaml` mentions a key in a comment (`# key:`), the usual way optional values are documented.
    func documentsInComment(_ key: String) -> Bool {
        for line in valuesText.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("#") else { continue }
            let body = trimmed.drop { $0 == "#" || $0 == " " || $0 == "-" }
            if body.hasPrefix(key + ":") { return true }
        }
        return false
    }
}

/// Finds a HelmRelease's chart in a directory laid out as `<chart>/values.yaml` or `<chart>/<version>/values.yaml`.
struct HelmChartCatalog {
    private let directory: String
    private var cache: [String: HelmChartDefaults?] = [:]

    /// A catalogue over the configured charts directory, or `nil` when none is configured.
    init?(_ context: AnalysisContext) {
        guard let configured = context.configuration.charts, !configured.isEmpty else { return nil }
        directory = configured.hasPrefix("/") ? configured : context.repository.root + "/" + configured
    }

    /// The defaults for a release's chart at the version it asks for; `nil` when the chart or a matching version is absent.
    mutating func defaults(for release: HelmReleaseInfo, in cluster: Cluster) -> HelmChartDefaults? {
        guard !release.chart.isEmpty, !release.chart.contains("/"), !release.chart.contains("..") else { return nil }
        let constraint = release.version ?? ociTag(of: release, in: cluster)
        let key = release.chart + "@" + (constraint ?? "")
        if let cached = cache[key] { return cached }
        let loaded = load(chart: release.chart, constraint: constraint)
        cache[key] = loaded
        return loaded
    }

    private func ociTag(of release: HelmReleaseInfo, in cluster: Cluster) -> String? {
        guard let source = release.source, source.kind == "OCIRepository",
            let object = cluster.object(kind: source.kind, namespace: source.namespace, name: source.name)
        else { return nil }
        return object.node[path: ["spec", "ref", "tag"]]?.string
            ?? object.node[path: ["spec", "ref", "semver"]]?.string
    }

    private func load(chart: String, constraint: String?) -> HelmChartDefaults? {
        let manager = FileManager.default
        let chartDirectory = directory + "/" + chart
        var folder = chartDirectory
        var version: String?
        if !manager.fileExists(atPath: chartDirectory + "/values.yaml") {
            let versions = ((try? manager.contentsOfDirectory(atPath: chartDirectory)) ?? []).filter {
                manager.fileExists(atPath: chartDirectory + "/" + $0 + "/values.yaml")
            }
            guard let chosen = ChartVersions.select(versions, constraint: constraint) else { return nil }
            folder = chartDirectory + "/" + chosen
            version = chosen
        }
        guard let text = try? String(contentsOfFile: folder + "/values.yaml", encoding: .utf8) else { return nil }
        let values = YAMLLoader.load(text, path: chart + "/values.yaml", into: DiagnosticCollector()).first?.root
        var schema: JSONValue?
        if let data = manager.contents(atPath: folder + "/values.schema.json") {
            schema = try? JSONDecoder().decode(JSONValue.self, from: data)
        }
        var subcharts: Set<String> = []
        if let chartText = try? String(contentsOfFile: folder + "/Chart.yaml", encoding: .utf8),
            let chartNode = YAMLLoader.load(chartText, path: chart + "/Chart.yaml", into: DiagnosticCollector()).first?
                .root
        {
            for dependency in chartNode["dependencies"]?.items ?? [] {
                if let name = dependency["name"]?.string { subcharts.insert(name) }
                if let alias = dependency["alias"]?.string { subcharts.insert(alias) }
            }
        }
        return HelmChartDefaults(
            chart: chart,
            version: version,
            values: values ?? YAMLNode(.mapping([])),
            valuesText: text,
            schema: schema,
            subcharts: subcharts
        )
    }
}

/// Picks a chart version folder for a SemVer constraint, conservatively.
enum ChartVersions {
    /// The folder for the constraint: an exact version must match; a range takes the newest match; no constraint takes the newest.
    static func select(_ folders: [String], constraint: String?) -> String? {
        let text = (constraint ?? "").trimmingCharacters(in: .whitespaces)
        // Ranges never pick pre-releases (SemVer); an exact version may name one.
        let isExact = !text.isEmpty && !text.contains(where: { "*^~<>=|, xX".contains($0) })
        let sorted = folders.filter { isExact || !$0.contains("-") }.sorted { compare($0, $1) }
        if text.isEmpty || text == "*" { return sorted.last }
        let bare = strip(text.drop { "^~>=<v ".contains($0) })
        let wanted = bare.split(separator: ".").map(String.init)
        if text.first == "^" {
            return sorted.last { numbers($0).first == Int(wanted.first ?? "") }
        }
        if text.first == "~" {
            return sorted.last { Array(numbers($0).prefix(2)) == wanted.prefix(2).compactMap { Int($0) } }
        }
        if text.hasPrefix(">") { return sorted.last }
        if text.contains(where: { "<|, ".contains($0) }) { return nil }
        // `8.x.x`, `1.18.x` and exact versions, matched part by part.
        return sorted.last { folder in
            let parts = strip(Substring(folder)).split(separator: ".").map(String.init)
            guard parts.count >= wanted.count else { return false }
            for (index, part) in wanted.enumerated() where part != "x" && part != "X" && part != "*" {
                if parts[index] != part { return false }
            }
            return wanted.count == parts.count || wanted.last == "x" || wanted.last == "X"
        }
    }

    private static func strip(_ text: Substring) -> String {
        text.hasPrefix("v") ? String(text.dropFirst()) : String(text)
    }

    private static func numbers(_ folder: String) -> [Int] {
        strip(Substring(folder)).split(separator: "-").first.map { $0.split(separator: ".").compactMap { Int($0) } }
            ?? []
    }

    private static func compare(_ a: String, _ b: String) -> Bool {
        let (x, y) = (numbers(a), numbers(b))
        return x.lexicographicallyPrecedes(y)
    }
}

/// A JSON schema node of a chart's values schema, with local `$ref`s followed.
struct ValuesSchema {
    /// The whole document, for resolving references.
    let root: JSONValue

    /// The object a schema node stands for after following `$ref` (up to a fixed depth), or `nil` when it is not an object.
    func resolve(_ node: JSONValue) -> [String: JSONValue]? {
        var current = node
        for _ in 0..<16 {
            guard case .object(let object) = current else { return nil }
            guard case .string(let reference)? = object["$ref"] else { return object }
            guard let target = pointer(reference) else { return nil }
            current = target
        }
        return nil
    }

    /// The schema of a property of an object schema, when declared.
    func property(_ key: String, of schema: [String: JSONValue]) -> [String: JSONValue]? {
        guard case .object(let properties)? = schema["properties"], let child = properties[key] else { return nil }
        return resolve(child)
    }

    /// Whether an object schema forbids keys it does not declare.
    func isClosed(_ schema: [String: JSONValue]) -> Bool {
        if case .bool(false)? = schema["additionalProperties"] { return true }
        return false
    }

    private func pointer(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = root
        for raw in reference.dropFirst().split(separator: "/") {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let object) = current, let next = object[key] else { return nil }
            current = next
        }
        return current
    }
}
