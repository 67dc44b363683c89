import Foundation
import StrataGenerate
import StrataPlatform
import StrataTestSupport
import StrataYAML
import Testing

@Suite("Flux bootstrap")
struct FluxBootstrapTests {
    @Test(
        "The sync objects follow the spec's repository and each cluster's directory",
        arguments: NetworkFixtures.specNames
    )
    func syncObjects(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        for cluster in spec.clusters {
            let path = "clusters/\(cluster.name)/flux-system/gotk-sync.yaml"
            let git = try NetworkFixtures.object(repository, path, kind: "GitRepository")
            #expect(git[path: ["spec", "url"]]?.string == spec.repository.url)
            #expect(git[path: ["spec", "ref", "branch"]]?.string == spec.repository.branch)
            let sync = try NetworkFixtures.object(repository, path, kind: "Kustomization")
            #expect(sync[path: ["spec", "path"]]?.string == "./clusters/\(cluster.name)")
            let top = try NetworkFixtures.object(
                repository,
                "clusters/\(cluster.name)/kustomization.yaml",
                kind: "Kustomization"
            )
            #expect(top["resources"]?.items?.compactMap(\.string) == ["flux-system", "sources.yaml", "layers.yaml"])
        }
    }

    @Test("The runbook installs the spec's Flux release on every cluster", arguments: NetworkFixtures.specNames)
    func pinnedRelease(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        let release = FluxBootstrap.release(spec)
        #expect(release.hasPrefix("v") && release.dropFirst() == spec.versions.flux.drop { $0 == "v" })
        let runbook = try #require(repository.files["docs/runbooks/cluster.md"])
        let installs = runbook.components(separatedBy: "flux install").dropFirst()
        #expect(installs.count == spec.clusters.count)
        for install in installs { #expect(install.hasPrefix(" --version=\(release)\n")) }
        for cluster in spec.clusters {
            let kustomization = try #require(
                repository.files["clusters/\(cluster.name)/flux-system/kustomization.yaml"]
            )
            #expect(kustomization.contains("flux install --version=\(release)"))
        }
    }

    @Test(
        "Every directory with a kustomization.yaml builds with kubectl kustomize",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed"),
        arguments: NetworkFixtures.specNames
    )
    func kustomizeBuilds(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        let written = try NetworkFixtures.write(repository)
        if let target = ProcessInfo.processInfo.environment["STRATA_GENERATE_DUMP"] {
            let copy = target + "/" + spec.name
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: written.root, toPath: copy)
        }
        let directories = repository.paths.filter { $0.hasSuffix("/kustomization.yaml") }.map {
            String($0.dropLast("/kustomization.yaml".count))
        }
        #expect(directories.contains("clusters/\(spec.clusters[0].name)"))
        for directory in directories {
            switch Kubectl.kustomize(written.path(directory)) {
            case .success(let output): #expect(!output.isEmpty, "\(directory) built nothing")
            case .failure(let failure): Issue.record("\(directory): \(failure)")
            }
        }
    }

    @Test(
        "strata check finds nothing in the generated files, custom resources validated against the CRDs",
        .enabled(
            if: NetworkFixtures.shared != nil && StrataProcess.executable != nil,
            "needs the strata executable and the reference CRDs"
        ),
        arguments: NetworkFixtures.specNames
    )
    func strataCheckIsClean(name: String) throws {
        let shared = try #require(NetworkFixtures.shared)
        let written = try NetworkFixtures.write(NetworkFixtures.generate(NetworkFixtures.spec(name)))
        let result = try StrataProcess.run([
            "check", written.root, "--crds", shared + "/crds", "--charts", shared + "/charts",
            "--schema-location", shared + "/schemas/kubernetes/v1.36.0/{{ .ResourceKind }}.json",
        ])
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 errors, 0 warnings, 0 notes"), "\(result.stdout)")
    }
}
