public import StrataCore

/// A kubeconform-style schema location: a path template naming the JSON schema file of each kind.
///
/// Variables (Go template syntax, `{{ .Name }}`), with kubeconform's values for `apps/v1` `Deployment`:
/// `ResourceKind` (`deployment`, the kind in lowercase), `ResourceAPIVersion` (`v1`), `Group` (`apps`; for the
/// core group kubeconform gives the version, `v1`), `KindSuffix` (`-apps-v1`: the group's first DNS label and the
/// version; `-v1` for the core group), `NormalizedKubernetesVersion` (`v1.36.0`, or `master`) and `StrictSuffix`
/// (`-strict` or empty). A location that does not end in `json` is a directory laid out as
/// `{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`.
public struct SchemaLocation: Hashable, Sendable {
    private enum Segment: Hashable, Sendable {
        case literal(String)
        case variable(Variable)
    }

    private enum Variable: String, Hashable, Sendable {
        case resourceKind = "ResourceKind"
        case resourceAPIVersion = "ResourceAPIVersion"
        case group = "Group"
        case kindSuffix = "KindSuffix"
        case normalizedKubernetesVersion = "NormalizedKubernetesVersion"
        case strictSuffix = "StrictSuffix"
    }

    /// The template as given.
    public let template: String
    /// The Kubernetes version the template's `NormalizedKubernetesVersion` stands for (`1.36.0`, or `master`).
    public let kubernetesVersion: String
    /// Whether `StrictSuffix` is `-strict`.
    public let strict: Bool
    private let segments: [Segment]

    /// Parses a template; throws when it uses a variable kubeconform does not define or is malformed.
    public init(_ template: String, kubernetesVersion: String = "master", strict: Bool = true) throws(StrataError) {
        var full = template
        if !full.hasSuffix("json") {
            full +=
                "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
        }
        var segments: [Segment] = []
        var rest = Substring(full)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .invalidArgument("schema location '\(template)' has an unclosed '{{'")
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard name.hasPrefix("."), let variable = Variable(rawValue: String(name.dropFirst())) else {
                throw .invalidArgument(
                    "schema location '\(template)' uses '\(name)'; known variables are "
                        + "'.ResourceKind', '.ResourceAPIVersion', '.Group', '.KindSuffix', "
                        + "'.NormalizedKubernetesVersion' and '.StrictSuffix'"
                )
            }
            segments.append(.variable(variable))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.literal(String(rest))) }
        self.template = template
        self.kubernetesVersion = kubernetesVersion
        self.strict = strict
        self.segments = segments
    }

    /// The schema file path for objects of `kind` in `apiVersion`.
    public func path(kind: String, apiVersion: String) -> String {
        let groupParts = apiVersion.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let firstLabel = groupParts[0].split(separator: ".", omittingEmptySubsequences: false).first.map(String.init)
        var kindSuffix = "-" + (firstLabel ?? "").lowercased()
        if groupParts.count > 1 { kindSuffix += "-" + groupParts[1].lowercased() }
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .variable(.resourceKind): out += kind.lowercased()
            case .variable(.resourceAPIVersion): out += groupParts.last ?? ""
            case .variable(.group): out += groupParts[0]
            case .variable(.kindSuffix): out += kindSuffix
            case .variable(.normalizedKubernetesVersion):
                out += kubernetesVersion == "master" ? "master" : "v" + kubernetesVersion
            case .variable(.strictSuffix): out += strict ? "-strict" : ""
            }
        }
        return out
    }
}
