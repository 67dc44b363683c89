import StrataCore
import StrataKustomize
import StrataTestSupport
import Testing

@testable import StrataFlux

@Suite("What Flux writes into a build: namespace, patches, components, substitution, common metadata")
struct FluxOverlayTests {
    /// A root that patches every child Kustomization with postBuild variables (common in real repositories), a child with
    /// targetNamespace, components and commonMetadata, and a settings ConfigMap for substituteFrom.
    private func repository() throws -> TemporaryRepository {
        var files = bootstrap("home")
        files["clusters/home/kustomization.yaml"] = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - flux-system
              - settings.yaml
              - apps.yaml
            """
        files["clusters/home/settings.yaml"] = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cluster-settings, namespace: flux-system}
            data:
              DOMAIN: example.org
              REPLICAS: "3"
            """
        // The bootstrap Kustomization patches all its children, as real repositories do.
        files["clusters/home/flux-system/gotk-sync.yaml", default: ""] +=
            """
              patches:
                - target: {kind: Kustomization}
                  patch: |
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata: {name: all}
                    spec:
                      postBuild:
                        substitute: {CLUSTER: home}
                        substituteFrom:
                          - {kind: ConfigMap, name: cluster-settings}

            """
        files["clusters/home/apps.yaml"] = """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: web, namespace: flux-system}
            spec:
              interval: 10m
              path: ./apps/web
              prune: true
              targetNamespace: web
              sourceRef: {kind: GitRepository, name: flux-system}
              components:
                - ../../components/labels
              commonMetadata:
                labels: {owner: platform}
            """
        files["apps/web/kustomization.yaml"] = "resources: [app.yaml]\n"
        files["apps/web/app.yaml"] = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: ${REPLICAS}
              template:
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      args: ["--host=web.${DOMAIN}", "--cluster=${CLUSTER}", "--escaped=$${KEEP}", "--missing=${NOPE}"]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: script
              annotations: {kustomize.toolkit.fluxcd.io/substitute: disabled}
            data:
              run.sh: echo ${HOME}
            """
        files["components/labels/kustomization.yaml"] = """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            commonLabels: {tier: frontend}
            """
        return try TemporaryRepository(files)
    }

    @Test("parent patches, targetNamespace, components, substitution and commonMetadata all reach the objects")
    func overlay() throws {
        let repo = try repository()
        let repository = RepositoryLoader(root: repo.root).load()
        let cluster = try #require(repository.clusters.first)
        let web = try #require(cluster.objects.first { $0.resource.kind == "Deployment" }?.resource)
        #expect(web.namespace == "web")
        #expect(web.node[path: ["spec", "replicas"]]?.int == 3)
        let args = web.node[path: ["spec", "template", "spec", "containers"]]?.items?.first?["args"]?.items?
            .compactMap(\.string)
        #expect(args == ["--host=web.example.org", "--cluster=home", "--escaped=${KEEP}", "--missing="])
        #expect(web.labels["tier"] == "frontend")
        #expect(web.labels["owner"] == "platform")
        // The substituted value keeps the position of the scalar it came from.
        #expect(
            web.node[path: ["spec", "replicas"]]?.location
                == SourceLocation(path: "apps/web/app.yaml", line: 5, column: 13)
        )
        let script = try #require(cluster.objects.first { $0.resource.name == "script" }?.resource)
        #expect(script.node[path: ["data", "run.sh"]]?.string == "echo ${HOME}")
        let undefined = repository.diagnostics.filter { $0.id == "flux/undefined-variable" }
        #expect(undefined.count == 1)
        #expect(undefined.first?.message.contains("'NOPE'") == true)
        #expect(undefined.first?.location?.path == "apps/web/app.yaml")
        #expect(undefined.first?.location?.line == 11)
    }
}
