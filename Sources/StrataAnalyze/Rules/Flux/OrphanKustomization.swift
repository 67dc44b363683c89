import StrataCore
import StrataFlux
import StrataYAML

/// A file defines a Flux Kustomization that no cluster applies.
struct OrphanKustomization: Rule {
    static let description = RuleDescription(
        id: "flux/orphan-kustomization",
        name: "Orphan Kustomization",
        summary: "A file defines a Flux Kustomization that no cluster applies",
        rationale: """
            Flux applies only what a cluster's root Kustomization reaches through `spec.path` and the \
            `resources` of kustomization files (https://fluxcd.io/flux/components/kustomize/kustomizations/#path). \
            A Kustomization file that nothing reaches is dead configuration: an app that was switched off by \
            removing a `resources:` line, or a new one that was never wired in and silently does not deploy.
            """,
        remediation: """
            List the file (or its directory) in the `resources` of a kustomization that a cluster applies, \
            or delete it; move switched-off apps to a folder such as `.archive/` to make the intent explicit.
            """,
        severity: .note,
        passing: [
            Example(
                files: [
                    ("clusters/example/kustomization.yaml", "resources:\n  - ../../apps/web/ks.yaml\n"),
                    ("apps/web/ks.yaml", kustomization(marker: "")),
                    (
                        "apps/web/app/config.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n"
                    ),
                ]
            )
        ],
        failing: [
            Example(
                files: [
                    ("clusters/example/kustomization.yaml", "resources: []\n"),
                    ("apps/web/ks.yaml", kustomization(marker: "↓")),
                    (
                        "apps/web/app/config.yaml",
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\n"
                    ),
                ]
            )
        ]
    )

    private static func kustomization(marker: String) -> String {
        """
        \(marker)apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: web, namespace: flux-system}
        spec:
          interval: 10m
          path: ./apps/web/app
          prune: true
          sourceRef: {kind: GitRepository, name: flux-system}
        """
    }

    private struct Place: Hashable {
        var path: String
        var line: Int
    }

    /// Folder names whose files are applied by scripts or rendered, not reached through Flux.
    private static let skippedFolders: Set<String> = ["bootstrap", "templates", "template", ".archive", "archive"]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        guard !context.clusters.isEmpty else { return }
        var applied: Set<Place> = []
        var unseen: [String] = []
        var appliedFiles: Set<String> = []
        func add(_ location: SourceLocation?) {
            if let location { applied.insert(Place(path: location.path, line: location.line)) }
        }
        for cluster in context.clusters {
            for kustomization in cluster.kustomizations {
                add(kustomization.location)
                if kustomization.status != .built {
                    // What an external or broken Kustomization applies is unknown: files under its path may be reached.
                    unseen.append(Self.prefix(of: kustomization.directory ?? kustomization.path))
                }
            }
            for object in cluster.objects {
                // kustomize includes whole files: every document of a file that gave one object was applied.
                if let path = object.resource.location?.path { appliedFiles.insert(path) }
                if object.resource.kind == "Kustomization" { add(object.resource.location) }
            }
        }
        for diagnostic in context.repository.diagnostics where diagnostic.id == "flux/duplicate-object" {
            add(diagnostic.location)
        }
        if unseen.contains("") { return }
        for path in context.files.yamlPaths {
            let components = path.split(separator: "/").map(String.init)
            if components.dropLast().contains(where: { Self.skippedFolders.contains($0) || $0.hasPrefix(".") }) {
                continue
            }
            if path == "strata.yaml" || appliedFiles.contains(path)
                || unseen.contains(where: { path.hasPrefix($0 + "/") })
            {
                continue
            }
            guard let text = context.files.text(path), ByteSearch.contains(text, "kustomize.toolkit.fluxcd.io"),
                !ByteSearch.contains(text, "{{"), !ByteSearch.contains(text, "{%"), !ByteSearch.contains(text, "#{")
            else { continue }
            for document in context.files.yaml(path) {
                guard document["kind"]?.string == "Kustomization",
                    document["apiVersion"]?.string?.hasPrefix("kustomize.toolkit.fluxcd.io/") == true,
                    let location = document.location,
                    // A fragment without path or source is a patch, not an object.
                    document[path: ["spec", "path"]] != nil, document[path: ["spec", "sourceRef"]] != nil,
                    !applied.contains(Place(path: location.path, line: location.line))
                else { continue }
                let name = document[path: ["metadata", "name"]]?.string ?? ""
                sink.report(
                    "Kustomization '\(name)' is defined here but no cluster applies it",
                    at: location
                )
            }
        }
    }

    /// The repository-relative directory a path names, up to its first `${VAR}`.
    private static func prefix(of path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part.contains("${") { break }
            if part == "." || part.isEmpty { continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}
