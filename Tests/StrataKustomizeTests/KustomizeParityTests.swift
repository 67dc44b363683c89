import Foundation
import StrataCore
import StrataKustomize
import StrataTestSupport
import StrataYAML
import Testing

/// The kustomize fixture directories, found on disk next to this file.
enum KustomizeFixtures {
    /// `Tests/Fixtures`.
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
        .path

    /// The cases that must build exactly as kubectl builds them.
    static let parityRoot = root + "/kustomize"

    /// The cases kustomize refuses.
    static let errorRoot = root + "/kustomize-errors"

    /// The file names kustomize accepts for a kustomization, in its order of preference.
    static let kustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// Every directory below ``parityRoot`` holding a kustomization that is not a Component (components
    /// cannot be built on their own; their consumers exercise them), relative to ``parityRoot``.
    static let parityDirectories: [String] = {
        var directories = Set<String>()
        let entries = FileManager.default.enumerator(atPath: parityRoot)?.allObjects as? [String] ?? []
        for entry in entries {
            let name = (entry as NSString).lastPathComponent
            guard kustomizationFileNames.contains(name), !isComponent(parityRoot + "/" + entry) else { continue }
            directories.insert((entry as NSString).deletingLastPathComponent)
        }
        return directories.sorted()
    }()

    /// The top-level case folders below ``parityRoot``.
    static let parityCases: [String] = subdirectories(of: parityRoot)

    /// The error cases: folders below ``errorRoot`` with an `expected-diagnostics.txt`.
    static let errorCases: [String] = subdirectories(of: errorRoot).filter {
        FileManager.default.fileExists(atPath: errorRoot + "/" + $0 + "/expected-diagnostics.txt")
    }

    /// The diagnostic ids an error case expects, one per line (blank lines and `#` comments ignored).
    static func expectedDiagnostics(of errorCase: String) -> [String] {
        let path = errorRoot + "/" + errorCase + "/expected-diagnostics.txt"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    private static func subdirectories(of directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
        .sorted()
    }

    private static func isComponent(_ file: String) -> Bool {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return false }
        let documents = YAMLLoader.load(text, path: file, into: DiagnosticCollector())
        return documents.first?.root["kind"]?.string == "Component"
    }
}

@Suite("kustomize builds match kubectl kustomize")
struct KustomizeParityTests {
    @Test("the fixture set is found on disk and every case says what it exercises")
    func fixturesAreDiscovered() throws {
        #expect(KustomizeFixtures.parityCases.count >= 40)
        #expect(KustomizeFixtures.parityDirectories.count >= KustomizeFixtures.parityCases.count)
        #expect(KustomizeFixtures.errorCases.count >= 6)
        for name in KustomizeFixtures.parityCases {
            let directory = KustomizeFixtures.parityRoot + "/" + name
            let readme = FileManager.default.fileExists(atPath: directory + "/README.md")
            let firstLine = KustomizeFixtures.kustomizationFileNames.lazy
                .compactMap { try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
                .first?
                .split(whereSeparator: \.isNewline).first
            #expect(
                readme || firstLine?.hasPrefix("#") == true,
                "\(name) has neither a README.md nor a leading comment"
            )
        }
    }

    @Test(
        "a fixture directory builds to the same objects as kubectl kustomize",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed; the parity tests compare against it"),
        arguments: KustomizeFixtures.parityDirectories
    )
    func parity(_ relative: String) throws {
        let directory = KustomizeFixtures.parityRoot + "/" + relative
        let reference: String
        switch Kubectl.kustomize(directory) {
        case .success(let output):
            reference = output
        case .failure(let failure):
            Issue.record("the fixture must build with kubectl: \(failure)")
            return
        }
        let parseSink = DiagnosticCollector()
        let expected = YAMLLoader.load(reference, path: "kubectl-output.yaml", into: parseSink)
            .map(\.root)
            .filter { !$0.isNull }
        #expect(parseSink.diagnostics.isEmpty, "kubectl's output does not parse: \(describe(parseSink.diagnostics))")

        // The whole fixture tree is the root, as a Flux source root would be: `../` may leave a
        // kustomization's directory but not the fixtures.
        let sink = DiagnosticCollector()
        let builder = KustomizeBuilder(context: LoadContext(root: KustomizeFixtures.parityRoot), sink: sink)
        let actual = builder.build(directory: directory).map(\.node)

        let errors = sink.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "kubectl builds this directory, but the builder reported:\n\(describe(errors))")
        let same = canonicalObjects(actual) == canonicalObjects(expected)
        let difference =
            objectSetDifference(expected: expected, actual: actual, expectedLabel: "kubectl", actualLabel: "builder")
            ?? ""
        #expect(same, "\(relative) differs from kubectl kustomize:\n\(difference)")
    }

    @Test(
        "a directory kustomize refuses gives the expected kustomize diagnostics instead of crashing",
        arguments: KustomizeFixtures.errorCases
    )
    func refused(_ errorCase: String) throws {
        let expectedIDs = KustomizeFixtures.expectedDiagnostics(of: errorCase)
        try #require(!expectedIDs.isEmpty, "\(errorCase)/expected-diagnostics.txt lists no diagnostic id")
        // Each case is its own root, so a case can reach outside it (the outside-root cases).
        let directory = KustomizeFixtures.errorRoot + "/" + errorCase
        let sink = DiagnosticCollector()
        let builder = KustomizeBuilder(context: LoadContext(root: directory), sink: sink)
        _ = builder.build(directory: directory)
        let reported = sink.diagnostics
        let reportedIDs = Set(reported.map(\.id))
        for id in expectedIDs {
            #expect(id.hasPrefix("kustomize/"), "expected ids name kustomize diagnostics: '\(id)'")
            #expect(reportedIDs.contains(id), "\(errorCase): expected '\(id)', got:\n\(describe(reported))")
        }
        for diagnostic in reported where expectedIDs.contains(diagnostic.id) {
            #expect(diagnostic.location != nil, "\(diagnostic.id) should point at the offending file")
        }
    }

    @Test(
        "kubectl kustomize refuses every local error fixture too",
        .enabled(if: Kubectl.isAvailable, "kubectl is not installed; this check runs it"),
        // Remote cases would need the network (and might then build), so they are left out.
        arguments: KustomizeFixtures.errorCases.filter {
            !KustomizeFixtures.expectedDiagnostics(of: $0).contains("kustomize/remote-resource")
        }
    )
    func kubectlRefuses(_ errorCase: String) {
        // kustomize's own default restrictor stands in for Flux's root confinement here.
        let directory = KustomizeFixtures.errorRoot + "/" + errorCase
        if case .success(let output) = Kubectl.kustomize(directory, loadRestrictor: .rootOnly) {
            Issue.record("kubectl builds \(errorCase), so it is not an error case:\n\(output)")
        }
    }

    private func describe(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { "  \($0.location?.description ?? "-"): \($0.severity.rawValue) \($0.id): \($0.message)" }
            .joined(separator: "\n")
    }
}
