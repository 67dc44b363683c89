import StrataCore
import StrataReport

/// Handcrafted reports shared by the reporter tests.
enum ReportSamples {
    static let dependency = Diagnostic(
        id: "flux/dependency-not-found",
        severity: .error,
        message: "dependency 'infra' not found",
        location: SourceLocation(path: "clusters/prod/apps.yaml", line: 11, column: 7),
        subject: ObjectReference(
            cluster: "prod",
            apiVersion: "kustomize.toolkit.fluxcd.io/v1",
            kind: "Kustomization",
            namespace: "flux-system",
            name: "apps"
        ),
        notes: [
            .init("kustomizations are looked up here", at: SourceLocation(path: "clusters/prod", line: 1, column: 1))
        ]
    )

    /// A finding whose path and message need escaping in every format.
    static let awkward = Diagnostic(
        id: "images/tag-latest",
        severity: .warning,
        message: "image 'nginx:latest' uses <latest> | a,b & 100%",
        location: SourceLocation(path: "apps/café 1/deploy.yaml", line: 4, column: 12)
    )

    /// A note with no file, a multi-line message and a subject.
    static let fileless = Diagnostic(
        id: "yaml/unused-anchor",
        severity: .note,
        message: "anchor 'base' is never used\nsecond line",
        location: nil,
        subject: ObjectReference(apiVersion: "v1", kind: "ConfigMap", namespace: nil, name: "settings")
    )

    static let rules = [
        RuleMetadata(
            id: "flux/dependency-not-found",
            name: "Dependency Not Found",
            summary: "A Kustomization depends on one that does not exist",
            rationale: "Flux waits for `dependsOn` entries forever.",
            remediation: "Fix the name in `spec.dependsOn`.",
            severity: .error,
            helpURI: "https://example.com/rules/dependency-not-found"
        ),
        RuleMetadata(
            id: "images/tag-latest",
            name: "Image Tag Latest",
            summary: "An image uses the tag 'latest'",
            rationale: "The tag moves.",
            remediation: "Pin a version.",
            severity: .warning
        ),
        RuleMetadata(
            id: "flux/unused-source",
            name: "Unused Source",
            summary: "A source is not referenced",
            severity: .note
        ),
    ]

    static let counts = ["clusters": 2, "objects": 40, "kustomizations": 5]

    static let full = Report(
        diagnostics: [fileless, awkward, dependency],
        counts: counts,
        rules: rules,
        suppressed: 3
    )

    static let clean = Report(diagnostics: [], counts: ["clusters": 1, "objects": 7])
}
