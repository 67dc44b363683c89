import StrataFlux
import StrataYAML

/// A container image is pinned to neither a version tag nor a digest.
struct ImageTagMutable: Rule {
    static let description = RuleDescription(
        id: "security/image-tag-mutable",
        name: "Image Tag Mutable",
        summary: "A container image uses the 'latest' tag or no tag, and no digest",
        rationale: """
            A tag that moves (`latest`, or no tag at all, which means `latest`) makes what runs depend on \
            when a node pulled the image: rollouts are not reproducible, a rollback does not roll back, and \
            Git no longer says what is deployed. Kubernetes' configuration guide advises against `:latest` \
            in production (https://kubernetes.io/docs/concepts/configuration/overview/#container-images). \
            Chart values that set `image.tag: latest` have the same effect on the rendered workloads.
            """,
        remediation: """
            Pin the image to a version tag, or better to a digest (`repo:1.2.3@sha256:…`), and let a tool \
            such as Renovate propose updates.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      initContainers:
                        - name: migrate
                          image: ghcr.io/acme/migrate@sha256:4a3d1f0c2b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c
                      containers:
                        - name: web
                          image: registry.local:5000/acme/web:2.4.1
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: verify, namespace: backup}
                spec:
                  schedule: "0 4 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          initContainers:
                            - name: wait
                              image: ↓busybox
                          containers:
                            - name: check
                              image: ↓restic/restic:latest
                """
            ),
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: home, namespace: apps}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: app-template
                      sourceRef: {kind: HelmRepository, name: bjw-s, namespace: flux-system}
                  values:
                    image:
                      repository: ghcr.io/acme/home
                      tag: ↓latest
                """
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            for object in cluster.objects {
                guard let podSpec = PodTemplates.podSpec(of: object.resource) else { continue }
                for container in PodTemplates.containers(of: podSpec) {
                    guard let image = container["image"], let text = image.string,
                        let problem = Self.problem(of: text)
                    else { continue }
                    sink.report(
                        "image '\(text)' \(problem)",
                        at: image.location,
                        object: context.reference(object, in: cluster)
                    )
                }
            }
            for release in cluster.helmReleases {
                Self.walk(release.values, parentKey: nil) { tag in
                    sink.report(
                        "chart values set image tag 'latest'",
                        at: tag.location,
                        object: context.reference(release, in: cluster)
                    )
                }
            }
        }
    }

    /// What is wrong with an image reference, or `nil` when it is pinned or cannot be judged.
    static func problem(of image: String) -> String? {
        let trimmed = image.trimmingSpaces
        // Templated or substituted-out-of-band references are resolved elsewhere.
        if trimmed.isEmpty || trimmed.contains("${") || trimmed.contains("{{") || trimmed.contains("$(") {
            return nil
        }
        if trimmed.contains("@") { return nil }
        let lastComponent = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        guard let colon = lastComponent.lastIndex(of: ":") else { return "has no tag or digest" }
        let tag = lastComponent[lastComponent.index(after: colon)...]
        return tag == "latest" ? "uses the mutable tag 'latest'" : nil
    }

    /// Calls `found` with every `tag: latest` of an image mapping without a digest.
    private static func walk(_ node: YAMLNode, parentKey: String?, found: (YAMLNode) -> Void) {
        if let pairs = node.pairs {
            if let tag = node["tag"], tag.string == "latest", node["digest"]?.string?.isEmpty ?? true,
                node["repository"] != nil || parentKey?.lowercased().contains("image") == true
            {
                found(tag)
            }
            for pair in pairs {
                walk(pair.value, parentKey: pair.key.scalar?.text, found: found)
            }
        } else if let items = node.items {
            for item in items { walk(item, parentKey: parentKey, found: found) }
        }
    }
}
