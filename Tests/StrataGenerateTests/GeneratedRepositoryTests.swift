import Foundation
import StrataCore
import StrataGenerate
import StrataPlatform
import Testing

/// The whole generated repository, for the default spec and for a spec unlike it in every number, held
/// against references no one here wrote.
@Suite("Generated repository")
struct GeneratedRepositoryTests {
    static let platforms: [(String, PlatformSpec)] = [
        ("default", DefaultPlatform.spec), ("three clusters", SecondPlatform.spec),
    ]

    @Test("Generation is deterministic and writes every path once", arguments: platforms.map(\.0))
    func deterministic(platform: String) throws {
        let spec = try #require(Self.platforms.first { $0.0 == platform }?.1)
        let first = RepositoryGenerator(spec: spec).generate()
        let second = RepositoryGenerator(spec: spec).generate()
        #expect(first == second)
        #expect(first.duplicatePaths.isEmpty)
    }

    @Test(
        "Every kustomize directory builds with kubectl kustomize",
        .enabled(if: GenerationHarness.hasKubectl, "kubectl is not installed"),
        arguments: platforms.map(\.0)
    )
    func kustomizeBuilds(platform: String) throws {
        let spec = try #require(Self.platforms.first { $0.0 == platform }?.1)
        let directory = try GenerationHarness.write(RepositoryGenerator(spec: spec).generate())
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(!GenerationHarness.kustomizationDirectories(in: directory).isEmpty)
        let failures = try GenerationHarness.kustomizeFailures(in: directory)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test(
        "strata check with the upstream CRDs, Kubernetes schemas and charts reports nothing",
        .enabled(if: GenerationHarness.hasShared, "../shared (CRDs, schemas, charts) is not beside the repository"),
        arguments: platforms.map(\.0)
    )
    func checkIsClean(platform: String) throws {
        let spec = try #require(Self.platforms.first { $0.0 == platform }?.1)
        let directory = try GenerationHarness.write(RepositoryGenerator(spec: spec).generate())
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let findings = GenerationHarness.check(directory)
        #expect(
            findings.isEmpty,
            "\(findings.map { "\($0.location.map(String.init(describing:)) ?? "-"): \($0.id) \($0.message)" }.joined(separator: "\n"))"
        )
    }

    @Test(
        "Every alerting rule group passes promtool check rules",
        .enabled(if: GenerationHarness.hasPromtool, "promtool (Debian package prometheus) is not installed"),
        arguments: platforms.map(\.0)
    )
    func rulesPassPromtool(platform: String) throws {
        let spec = try #require(Self.platforms.first { $0.0 == platform }?.1)
        let repository = RepositoryGenerator(spec: spec).generate()
        let failures = try GenerationHarness.promtoolFailures(in: repository)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
