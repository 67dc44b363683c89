import Foundation
import StrataGenerate
import StrataPlatform
import Testing

/// The default spec's whole repository, kept in `Tests/Fixtures/generated/default` so that every change to
/// the generator shows up as a reviewable diff of the files users get.
///
/// Regenerate with `STRATA_UPDATE_GOLDEN=1 swift test --filter GoldenTests`, then read the diff.
@Suite("Golden files")
struct GoldenTests {
    static let directory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/generated/default").path

    @Test("The default spec generates exactly the reviewed golden files")
    func defaultRepository() throws {
        let repository = RepositoryGenerator(spec: DefaultPlatform.spec).generate()
        if ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1" {
            let writer = GeneratedTreeWriter(root: Self.directory)
            try writer.apply(try writer.plan(repository, force: true), repository: repository)
        }
        let onDisk = (FileManager.default.enumerator(atPath: Self.directory)?.allObjects as? [String] ?? [])
            .filter { path in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: Self.directory + "/" + path, isDirectory: &isDirectory)
                return !isDirectory.boolValue && path != GenerationLock.fileName
            }
            .sorted()
        #expect(onDisk == repository.paths, "run STRATA_UPDATE_GOLDEN=1 swift test --filter GoldenTests and review")
        for path in repository.paths {
            let golden = try? String(contentsOfFile: Self.directory + "/" + path, encoding: .utf8)
            #expect(golden == repository.files[path], "\(path) differs from its golden file")
        }
        let lock = try? String(contentsOfFile: Self.directory + "/" + GenerationLock.fileName, encoding: .utf8)
        #expect(lock == GenerationLock(of: repository).text)
    }
}
