import StrataCore
import StrataFlux
import StrataTestSupport
import Testing

@Suite("Substituting from a Secret an ExternalSecret writes")
struct GeneratedSecretSubstitutionTests {
    /// A root applying an ExternalSecret that writes `target`, and a child substituting from `secret`.
    private func files(target: String, secret: String) -> [String: String] {
        [
            "clusters/home/flux-system/gotk-sync.yaml": """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: flux-system, namespace: flux-system}
            spec:
              interval: 10m
              path: ./clusters/home
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
            """,
            "clusters/home/secrets.yaml": """
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: cluster-secrets-sync, namespace: flux-system}
            spec:
              secretStoreRef: {kind: ClusterSecretStore, name: vault}
              target: {name: \(target)}
              dataFrom:
                - extract: {key: cluster}
            """,
            "clusters/home/apps.yaml": """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              interval: 10m
              path: ./apps
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
              postBuild:
                substitute: {ZONE: home}
                substituteFrom:
                  - kind: Secret
                    name: \(secret)
            """,
            "apps/config.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web, namespace: default}
            data:
              host: web.${ZONE}.${SECRET_DOMAIN}
            """,
        ]
    }

    @Test("the Secret counts as found and its variables stay unknown, not undefined")
    func generatedSecret() throws {
        let repo = try TemporaryRepository(files(target: "cluster-secrets", secret: "cluster-secrets"))
        let repository = RepositoryLoader(root: repo.root).load()
        let ids = repository.diagnostics.map(\.id)
        #expect(!ids.contains("flux/substitute-source-not-found"), "\(repository.diagnostics)")
        #expect(!ids.contains("flux/undefined-variable"), "\(repository.diagnostics)")
        let cluster = try #require(repository.clusters.first)
        let config = try #require(cluster.object(kind: "ConfigMap", namespace: "default", name: "web"))
        #expect(config.resource.node[path: ["data", "host"]]?.string == "web.home.${SECRET_DOMAIN}")
    }

    @Test("a Secret no ExternalSecret writes is still reported")
    func otherSecret() throws {
        let repo = try TemporaryRepository(files(target: "cluster-secrets", secret: "app-secrets"))
        let repository = RepositoryLoader(root: repo.root).load()
        #expect(repository.diagnostics.map(\.id).contains("flux/substitute-source-not-found"))
    }
}
