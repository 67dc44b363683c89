import Foundation
import StrataCore
import StrataKustomize
import StrataTestSupport
import Testing

@testable import StrataFlux

@Suite("Hostile input gives findings, never a crash or a hang")
struct RobustnessTests {
    private func cluster(with files: [String: String]) throws -> TemporaryRepository {
        var all = bootstrap("c")
        all["clusters/c/apps.yaml"] = fluxKustomization("apps", path: "./apps")
        for (path, content) in files { all[path] = content }
        return try TemporaryRepository(all)
    }

    @Test("a file that is not YAML is a finding at its position")
    func notYAML() throws {
        let repo = try cluster(with: [
            "apps/kustomization.yaml": "resources: [binary.yaml, ok.yaml]\n",
            "apps/binary.yaml": "\t{{ not: yaml ]]\n:::\n",
            "apps/ok.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, namespace: a}\n",
        ])
        let repository = RepositoryLoader(root: repo.root).load()
        let finding = try #require(repository.diagnostics.first { $0.location?.path == "apps/binary.yaml" })
        #expect(finding.id == "yaml/syntax")
        #expect(finding.location?.line == 1)
        #expect(repository.clusters[0].objects.contains { $0.resource.name == "ok" })
    }

    @Test("a YAML bomb is refused with a finding")
    func yamlBomb() throws {
        var bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb, namespace: a}\ndata:\n"
        bomb += "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<15 {
            bomb += "  a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let repo = try cluster(with: ["apps/bomb.yaml": bomb])
        let repository = RepositoryLoader(root: repo.root).load()
        #expect(
            repository.diagnostics.contains { $0.id == "yaml/alias-expansion" && $0.location?.path == "apps/bomb.yaml" }
        )
    }

    @Test("a symbolic link loop does not hang discovery or the generated kustomization")
    func symlinkLoop() throws {
        let repo = try cluster(with: [
            "apps/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: a}\n"
        ])
        try FileManager.default.createSymbolicLink(atPath: repo.path("apps/loop"), withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: repo.path("apps/self"), withDestinationPath: "self")
        let repository = RepositoryLoader(root: repo.root).load()
        #expect(repository.clusters[0].objects.contains { $0.resource.name == "cm" })
    }

    @Test("a path that escapes the repository is refused, also through a symbolic link")
    func escapingPath() throws {
        let outside = try TemporaryRepository([
            "secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: stolen, namespace: a}\n"
        ])
        let repo = try cluster(with: [
            "apps/kustomization.yaml": "resources:\n  - ../../../../../../../../etc/passwd\n  - link/secret.yaml\n"
        ])
        try FileManager.default.createSymbolicLink(atPath: repo.path("apps/link"), withDestinationPath: outside.root)
        let repository = RepositoryLoader(root: repo.root).load()
        let refused = repository.diagnostics.filter { $0.id == "kustomize/outside-root" }
        #expect(refused.count == 2)
        #expect(refused.allSatisfy { $0.location?.path == "apps/kustomization.yaml" })
        #expect(!repository.clusters[0].objects.contains { $0.resource.name == "stolen" })
    }

    @Test("a file above the size limit is a finding, not a stall")
    func hugeFile() throws {
        let repo = try cluster(with: ["apps/kustomization.yaml": "resources: [big.yaml]\n"])
        var big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: a}\ndata:\n"
        let line = "  k: " + String(repeating: "v", count: 1000) + "\n"
        big.reserveCapacity(52 << 20)
        while big.utf8.count < 50 << 20 { big += line }
        try repo.write("apps/big.yaml", big)
        let repository = RepositoryLoader(root: repo.root).load()
        let finding = try #require(repository.diagnostics.first { $0.id == "kustomize/unreadable" })
        #expect(finding.message.contains("limit"))
        #expect(finding.location?.path == "apps/kustomization.yaml")
    }
}
