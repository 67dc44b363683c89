public import StrataCore

/// A check over a loaded repository: one rule per file, one registry, one stable id.
///
/// A rule reads what the engine loaded (every cluster's objects, Kustomizations, HelmReleases, the
/// repository's files and `strata.yaml` facts) and reports through a ``RuleSink``, which stamps the rule's id
/// and configured severity. A rule must say what it could not see rather than guess, and must stay silent
/// when a fact it needs is absent.
public protocol Rule: Sendable {
    /// The rule's documentation, examples and defaults.
    static var description: RuleDescription { get }

    /// Creates the rule.
    init()

    /// Reports every problem the rule finds in the repository.
    func check(_ context: AnalysisContext, into sink: RuleSink)
}

/// The domain a rule belongs to, the prefix of its id.
public enum RuleDomain: String, Sendable, CaseIterable, Comparable {
    /// Flux graph semantics: dependencies, sources, substitution, ordering.
    case flux
    /// Networking: CIDRs, load-balancer pools, BGP, ClusterMesh.
    case net
    /// Rook Ceph: failure domains, pools, classes, memory.
    case ceph
    /// VictoriaMetrics: replication, retention, scrape and remote-write targets.
    case metrics
    /// Backups: VolSync, Velero, CloudNativePG coverage and schedules.
    case backup
    /// Security: committed secrets, mutable images, credentials in plain text.
    case security
    /// Schema validation against CRDs and Kubernetes' own types.
    case schema

    /// Orders domains as listed.
    public static func < (lhs: RuleDomain, rhs: RuleDomain) -> Bool {
        let order = Self.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// What a rule is, why it exists, how to fix what it finds, and the examples that prove it.
public struct RuleDescription: Sendable {
    /// The stable id, `domain/kebab-case-name`; never renamed.
    public var id: String
    /// A short title, such as "Dependency Not Found".
    public var name: String
    /// One sentence without a final period, for listings and SARIF's short description.
    public var summary: String
    /// Why it matters, with the upstream source it rests on (Markdown).
    public var rationale: String
    /// How to fix what it finds.
    public var remediation: String
    /// The severity used unless `strata.yaml` says otherwise.
    public var severity: Severity
    /// Whether the rule runs unless `strata.yaml` turns it on.
    public var isEnabledByDefault: Bool
    /// Examples on which the rule must stay silent.
    public var passing: [Example]
    /// Examples on which the rule must report exactly at the `↓` markers.
    public var failing: [Example]

    /// Creates a description.
    public init(
        id: String,
        name: String,
        summary: String,
        rationale: String,
        remediation: String,
        severity: Severity,
        isEnabledByDefault: Bool = true,
        passing: [Example],
        failing: [Example]
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.remediation = remediation
        self.severity = severity
        self.isEnabledByDefault = isEnabledByDefault
        self.passing = passing
        self.failing = failing
    }

    /// The domain, from the id's prefix.
    public var domain: RuleDomain? {
        guard let slash = id.firstIndex(of: "/") else { return nil }
        return RuleDomain(rawValue: String(id[..<slash]))
    }
}

/// A small repository on which a rule must, or must not, report.
///
/// Files are given by repository-relative path. A `↓` in a file marks the exact place (line and column,
/// in Unicode scalars) where a failing example expects one finding. When no file lies under `clusters/`
/// the files form one cluster named `example` whose root is the repository root, so a single manifest is
/// a complete example. A file named `strata.yaml` is the repository's configuration.
public struct Example: Sendable {
    /// The files, by repository-relative path, markers included.
    public var files: [(path: String, text: String)]
    /// Whether `docs/rules.md` and `strata explain` leave the example out (edge cases kept for tests).
    public var excludeFromDocumentation: Bool
    /// The source file that declares the example, so a failing test points at it.
    public var sourceFile: String
    /// The source line that declares the example.
    public var sourceLine: Int

    /// An example of one manifest, `example.yaml`.
    public init(
        _ yaml: String,
        excludeFromDocumentation: Bool = false,
        sourceFile: String = #filePath,
        sourceLine: Int = #line
    ) {
        self.files = [("example.yaml", yaml)]
        self.excludeFromDocumentation = excludeFromDocumentation
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// An example spanning several files.
    public init(
        files: [(path: String, text: String)],
        excludeFromDocumentation: Bool = false,
        sourceFile: String = #filePath,
        sourceLine: Int = #line
    ) {
        self.files = files
        self.excludeFromDocumentation = excludeFromDocumentation
        self.sourceFile = sourceFile
        self.sourceLine = sourceLine
    }

    /// The marker that places an expected finding.
    public static let marker: Character = "↓"
}

/// A catalogue rule whose findings the loader itself reports while following the Flux graph.
///
/// A missing `dependsOn` target, for example, is found while ordering Kustomizations. It is described, configured, suppressed and
/// tested like every other rule; its `check` does nothing more.
public protocol LoaderRule: Rule {}

extension LoaderRule {
    /// The loader has already reported the findings.
    public func check(_ context: AnalysisContext, into sink: RuleSink) {}
}
