import StrataCore
import StrataKustomize
import StrataTestSupport
import Testing

@testable import StrataFlux

@Suite("Loading repositories cluster by cluster")
struct RepositoryLoaderTests {
    private func load(
        _ files: [String: String],
        options: LoadOptions = LoadOptions()
    ) throws -> (Repository, TemporaryRepository) {
        let repo = try TemporaryRepository(files)
        return (RepositoryLoader(root: repo.root, options: options).load(), repo)
    }

    @Test("bootstrap roots are discovered and followed; each object records its Kustomization and source line")
    func bootstrapDiscovery() throws {
        var files = bootstrap("prod").merging(bootstrap("staging")) { a, _ in a }
        files["clusters/prod/apps.yaml"] = fluxKustomization("apps", path: "./apps")
        files["apps/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\n"
        let (repository, _) = try load(files)
        #expect(repository.clusters.map(\.name) == ["prod", "staging"])
        let prod = try #require(repository.clusters.first)
        #expect(prod.kustomizations.map(\.key.name) == ["flux-system", "apps"])
        let cm = try #require(prod.objects.first { $0.resource.kind == "ConfigMap" })
        #expect(cm.appliedBy == FluxObjectKey(kind: "Kustomization", namespace: "flux-system", name: "apps"))
        #expect(cm.chain.map(\.name) == ["flux-system", "apps"])
        #expect(cm.resource.location == SourceLocation(path: "apps/cm.yaml", line: 1, column: 1))
        #expect(repository.clusters[1].objects.allSatisfy { $0.resource.kind != "ConfigMap" })
        #expect(repository.diagnostics.isEmpty, "\(repository.diagnostics)")
    }

    @Test(
        "a path without kustomization.yaml gets Flux's generated one: all manifests below, units for sub-kustomizations"
    )
    func generatedKustomization() throws {
        var files = bootstrap("c")
        files["clusters/c/apps.yaml"] = fluxKustomization("apps", path: "./apps")
        files["apps/b.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"
        files["apps/nested/deeper/c.yml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
        files["apps/unit/kustomization.yaml"] = "resources: [d.yaml]\n"
        files["apps/unit/d.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n"
        files["apps/unit/ignored.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ignored}\n"
        files["apps/notes.txt"] = "not yaml"
        let (repository, _) = try load(files)
        let names = repository.clusters[0].objects.filter { $0.resource.kind == "ConfigMap" }.map(\.resource.name)
        #expect(names.sorted() == ["b", "c", "d"])
    }

    @Test("explicit clusters replace discovery")
    func explicitCluster() throws {
        let files = [
            "deploy/site-a/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n"
        ]
        let (repository, _) = try load(files, options: LoadOptions(clusters: [("site-a", "deploy/site-a")]))
        #expect(repository.clusters.map(\.name) == ["site-a"])
        #expect(repository.clusters[0].objects.map(\.resource.name) == ["a"])
    }

    @Test("a missing spec.path, source and dependsOn target are findings at their lines; the rest still loads")
    func missingReferences() throws {
        var files = bootstrap("c")
        files["clusters/c/ks.yaml"] = [
            fluxKustomization("missing-path", path: "./nowhere"),
            fluxKustomization("needs", path: "./apps", extra: "  dependsOn:\n    - name: ghost\n"),
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: other-source
              namespace: flux-system
            spec:
              interval: 10m
              path: ./
              prune: true
              sourceRef:
                kind: GitRepository
                name: unknown
            """,
        ].joined(separator: "\n---\n")
        files["apps/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n"
        let (repository, _) = try load(files)
        let found = repository.diagnostics.map { "\($0.id)@\($0.location?.path ?? ""):\($0.location?.line ?? 0)" }
        #expect(found.contains("flux/path-not-found@clusters/c/ks.yaml:8"), "\(found)")
        #expect(found.contains("flux/dependency-not-found@clusters/c/ks.yaml:28"), "\(found)")
        #expect(found.contains("flux/source-not-found@clusters/c/ks.yaml:42"), "\(found)")
        #expect(repository.clusters[0].objects.contains { $0.resource.name == "a" })
    }

    @Test("dependsOn cycles are reported with the cycle")
    func cycles() throws {
        var files = bootstrap("c")
        files["clusters/c/ks.yaml"] = [
            fluxKustomization("a", path: "./x", extra: "  dependsOn: [{name: b}]\n"),
            fluxKustomization("b", path: "./x", extra: "  dependsOn: [{name: a}]\n"),
        ].joined(separator: "\n---\n")
        files["x/kustomization.yaml"] = "resources: []\n"
        let (repository, _) = try load(files)
        let cycle = try #require(repository.diagnostics.first { $0.id == "flux/dependency-cycle" })
        #expect(cycle.message.contains("flux-system/a -> flux-system/b -> flux-system/a"))
    }

    @Test("a Kustomization of another repository is external, not missing")
    func externalSource() throws {
        var files = bootstrap("c")
        files["clusters/c/ks.yaml"] = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: upstream, namespace: flux-system}
            spec: {interval: 1h, url: https://github.com/example/crds, ref: {tag: v1.0.0}}
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: crds, namespace: flux-system}
            spec:
              interval: 1h
              path: ./deploy/crds
              prune: false
              sourceRef: {kind: GitRepository, name: upstream}
            """
        let (repository, _) = try load(files)
        let key = FluxObjectKey(kind: "Kustomization", namespace: "flux-system", name: "crds")
        let crds = try #require(repository.clusters[0].kustomization(key))
        #expect(crds.status == .external)
        #expect(!repository.diagnostics.contains { $0.severity == .error })
    }

    @Test("HelmRelease values: valuesFrom in order, then inline values; targetPath wins over inline")
    func helmValues() throws {
        var files = bootstrap("c")
        files["clusters/c/app.yaml"] = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: base-values, namespace: apps}
            data:
              values.yaml: |
                replicas: 1
                image: {tag: "1.0"}
                list: [a, b]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: tag, namespace: apps}
            data:
              tag: "2.0"
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata: {name: charts, namespace: apps}
            spec: {url: https://charts.example.com}
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: app, namespace: apps}
            spec:
              chart:
                spec:
                  chart: app
                  version: 1.x
                  sourceRef: {kind: HelmRepository, name: charts}
              valuesFrom:
                - kind: ConfigMap
                  name: base-values
                - kind: ConfigMap
                  name: tag
                  valuesKey: tag
                  targetPath: image.tag
                - kind: ConfigMap
                  name: absent
                  optional: true
              values:
                replicas: 3
                image: {tag: "9.9", repository: app}
                list: [c]
            """
        let (repository, _) = try load(files)
        let release = try #require(repository.clusters[0].helmReleases.first)
        #expect(release.sourceFound)
        #expect(release.chart == "app")
        #expect(release.values["replicas"]?.int == 3)
        #expect(release.values[path: ["image", "tag"]]?.string == "2.0")
        #expect(release.values[path: ["image", "repository"]]?.string == "app")
        #expect(release.values["list"]?.items?.compactMap(\.string) == ["c"])
        #expect(!repository.diagnostics.contains { $0.severity == .error }, "\(repository.diagnostics)")
    }

    @Test("a HelmRelease whose chart source or values are missing is reported")
    func helmMissing() throws {
        var files = bootstrap("c")
        files["clusters/c/app.yaml"] = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: app, namespace: apps}
            spec:
              chartRef: {kind: OCIRepository, name: app}
              valuesFrom:
                - {kind: Secret, name: app-values}
            """
        let (repository, _) = try load(files)
        let ids = Set(repository.diagnostics.map(\.id))
        #expect(ids.contains("flux/helm-source-not-found"))
        #expect(ids.contains("flux/values-from-not-found"))
    }

    @Test("an empty repository loads with a clear finding and no crash")
    func emptyRepository() throws {
        let (repository, _) = try load([:])
        #expect(repository.clusters.isEmpty)
        #expect(repository.diagnostics.map(\.id) == ["flux/no-clusters"])
    }

    @Test("a malformed file is a finding with its position; the other files still load")
    func malformedFile() throws {
        var files = bootstrap("c")
        files["clusters/c/broken.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n"
        files["clusters/c/good.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good, namespace: d}\n"
        let (repository, _) = try load(files)
        let syntax = try #require(repository.diagnostics.first { $0.id == "yaml/syntax" })
        #expect(syntax.location?.path == "clusters/c/broken.yaml")
        #expect(repository.clusters[0].objects.contains { $0.resource.name == "good" })
    }
}
