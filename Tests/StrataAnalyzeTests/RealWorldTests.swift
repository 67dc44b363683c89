import Foundation
import StrataAnalyze
import StrataCore
import StrataFlux
import StrataTestSupport
import Testing

extension FixtureRepositories {
    /// A two-cluster home-operations repository written the way public ones are.
    static let realWorld = root + "/real-world"

    /// The notes a careful real-world repository may still get: sources outside it, kinds without a schema,
    /// Kustomizations nothing applies.
    static func isAllowedOnRealWorld(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.severity == .note
            && [
                "flux/external-source", "flux/orphan-kustomization", "schema/unknown-kind",
                "schema/cel-not-evaluated",
            ].contains(diagnostic.id)
    }
}

@Suite("Real-world repository")
struct RealWorldTests {
    /// Loaded once: the repository does not change between tests.
    static let repository = RepositoryLoader(
        root: URL(fileURLWithPath: FixtureRepositories.realWorld).resolvingSymlinksInPath().path
    ).load()

    static func cluster(_ name: String) throws -> Cluster {
        try #require(repository.clusters.first { $0.name == name })
    }

    @Test("discovery finds the FluxInstance cluster and the bootstrapped one")
    func discoversClusters() {
        #expect(FixtureRepositories.clusterNames(FixtureRepositories.realWorld) == ["edge", "main"])
        #expect(
            Self.repository.clusters.map(\.rootPath).sorted() == [
                "kubernetes/clusters/edge", "kubernetes/clusters/main",
            ]
        )
    }

    @Test(
        "every Kustomization of each cluster is reached and built, except the two on outside sources",
        arguments: [("main", 16, ["network/gateway-api-crds"]), ("edge", 10, ["flux-system/flux-components"])]
    )
    func kustomizationCounts(_ name: String, _ count: Int, _ external: [String]) throws {
        let cluster = try Self.cluster(name)
        #expect(cluster.kustomizations.count == count, "\(cluster.kustomizations.map(\.key.description).sorted())")
        #expect(cluster.kustomizations.filter { $0.status == .external }.map(\.key.description) == external)
        #expect(cluster.kustomizations.allSatisfy { $0.status != .failed })
    }

    @Test("check reports nothing above a note on the real-world repository")
    func checkIsClean() {
        let findings = FixtureRepositories.check(FixtureRepositories.realWorld)
        let unexpected = findings.filter { !FixtureRepositories.isAllowedOnRealWorld($0) }
        #expect(
            unexpected.isEmpty,
            "\(unexpected.map { "\($0.location?.description ?? "-"): \($0.id) \($0.message)" })"
        )
        #expect(findings.filter { $0.id == "flux/external-source" }.count == 2)
    }

    @Test("Kustomizations take their namespace from the folder and their targetNamespace from a replacement")
    func inheritedNamespaces() throws {
        let main = try Self.cluster("main")
        let plex = try #require(main.kustomizations.first { $0.key.name == "plex" })
        #expect(plex.key.namespace == "media")
        #expect(plex.node[path: ["spec", "targetNamespace"]]?.string == "media")
        for kustomization in main.kustomizations where kustomization.key.namespace != "flux-system" {
            #expect(
                kustomization.node[path: ["spec", "targetNamespace"]]?.string == kustomization.key.namespace,
                "\(kustomization.key)"
            )
        }
        let dependencies = plex.dependsOn.map(\.key.description)
        #expect(dependencies == ["volsync-system/volsync", "external-secrets/onepassword-store"])
    }

    @Test("the shared cilium-config Kustomization builds each cluster's own folder", arguments: ["main", "edge"])
    func clusterPaths(_ name: String) throws {
        let cluster = try Self.cluster(name)
        let config = try #require(cluster.kustomizations.first { $0.key.name == "cilium-config" })
        #expect(config.directory == "kubernetes/apps/\(name)/kube-system/cilium/config")
        let cilium = try #require(cluster.helmReleases.first { $0.key.name == "cilium" })
        #expect(cilium.values[path: ["cluster", "name"]]?.string == name)
        #expect(cilium.values[path: ["cluster", "id"]]?.int == (name == "main" ? 1 : 2))
    }

    @Test("the root's patch gives every HelmRelease the same remediation defaults")
    func parentPatches() throws {
        for name in ["main", "edge"] {
            let cluster = try Self.cluster(name)
            #expect(!cluster.helmReleases.isEmpty)
            for release in cluster.helmReleases {
                #expect(release.node[path: ["spec", "upgrade", "remediation", "retries"]]?.int == 2, "\(release.key)")
            }
        }
    }

    @Test("escaped, disabled and defaulted variables come out as Flux writes them")
    func substitution() throws {
        let main = try Self.cluster("main")
        let scripts = try #require(main.object(kind: "ConfigMap", namespace: "media", name: "plex-scripts"))
        let script = try #require(scripts.resource.node[path: ["data", "refresh-library.sh"]]?.string)
        #expect(script.contains("SECTION=\"${1:-1}\""))
        let dashboards = try #require(
            main.object(kind: "ConfigMap", namespace: "observability", name: "grafana-dashboards")
        )
        let dashboard = try #require(dashboards.resource.node[path: ["data", "node-overview.json"]]?.string)
        #expect(dashboard.contains("${DS_PROMETHEUS}"))
        let claim = try #require(main.object(kind: "PersistentVolumeClaim", namespace: "media", name: "plex"))
        #expect(claim.resource.node[path: ["spec", "resources", "requests", "storage"]]?.string == "50Gi")
        #expect(claim.resource.node[path: ["spec", "storageClassName"]]?.string == "ceph-block")
    }

    @Test("archived apps, switched-off apps, templates and tooling files are not applied")
    func nothingExtraApplied() {
        for cluster in Self.repository.clusters {
            for object in cluster.objects {
                let path = object.resource.location?.path ?? ""
                #expect(path.hasPrefix("kubernetes/"), "\(object.resource.kind) '\(object.resource.name)' from \(path)")
            }
            #expect(!cluster.kustomizations.contains { $0.key.name == "whoami" || $0.key.name == "jellyfin" })
        }
    }
}

@Suite("Real-world repository with kubectl")
struct RealWorldKubectlTests {
    @Test(
        "kubectl kustomize builds every kustomization of the real-world repository",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed")
    )
    func kubectlBuilds() {
        let directories = FixtureRepositories.kustomizationDirectories(in: FixtureRepositories.realWorld)
        #expect(directories.count >= 30)
        for directory in directories {
            if case .failure(let failure) = Kubectl.kustomize(directory) {
                Issue.record("\(failure)")
            }
        }
    }

    @Test(
        "kustomize's default load restrictor refuses the replacements file outside the folder, as Flux does not",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed")
    )
    func loadRestrictor() {
        let directory = FixtureRepositories.realWorld + "/kubernetes/apps/main/media"
        guard case .failure = Kubectl.kustomize(directory, loadRestrictor: .rootOnly) else {
            Issue.record("kubectl built \(directory) with the default load restrictor")
            return
        }
    }
}
