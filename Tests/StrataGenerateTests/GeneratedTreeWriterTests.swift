import Foundation
import Testing

@testable import StrataGenerate

@Suite("Writing a generated tree")
struct GeneratedTreeWriterTests {
    private func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    private func repository(_ files: [String: String]) -> GeneratedRepository {
        var repository = GeneratedRepository()
        for (path, text) in files { repository.write(path, text: text) }
        return repository
    }

    private func read(_ root: String, _ path: String) -> String? {
        try? String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    private func write(_ root: String, _ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private func generate(
        _ files: [String: String],
        into root: String,
        force: Bool = false
    ) throws
        -> GeneratedTreeWriter.Plan
    {
        let writer = GeneratedTreeWriter(root: root)
        let generated = repository(files)
        let plan = try writer.plan(generated, force: force)
        try writer.apply(plan, repository: generated)
        return plan
    }

    private func changes(_ plan: GeneratedTreeWriter.Plan) -> [String: GeneratedTreeWriter.Change] {
        Dictionary(uniqueKeysWithValues: plan.changes.map { ($0.path, $0.change) })
    }

    @Test("A first run creates every file and the lock; a second run changes nothing")
    func firstAndSecondRun() throws {
        let root = try temporaryDirectory()
        let files = ["a/one.yaml": "one\n", "two.md": "two\n"]
        let first = try generate(files, into: root)
        #expect(changes(first) == ["a/one.yaml": .create, "two.md": .create])
        #expect(read(root, "a/one.yaml") == "one\n")
        let lock = try #require(read(root, GenerationLock.fileName))
        #expect(GenerationLock.parse(lock) == .success(GenerationLock(of: repository(files))))
        let second = try generate(files, into: root)
        #expect(!second.altersTree)
        #expect(changes(second) == ["a/one.yaml": .unchanged, "two.md": .unchanged])
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
        #expect(leftovers == ["a", "a/one.yaml", GenerationLock.fileName, "two.md"])
    }

    @Test("Unchanged generated files are updated and removed; files strata never wrote are left alone")
    func updateAndRemove() throws {
        let root = try temporaryDirectory()
        _ = try generate(["keep.yaml": "1\n", "old/stale.yaml": "stale\n"], into: root)
        try write(root, "mine.txt", "the user's\n")
        let plan = try generate(["keep.yaml": "2\n"], into: root)
        #expect(changes(plan) == ["keep.yaml": .update, "old/stale.yaml": .remove])
        #expect(read(root, "keep.yaml") == "2\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/old"))
        #expect(read(root, "mine.txt") == "the user's\n")
    }

    @Test("A generated file changed by hand stops the whole write, and --force overwrites it")
    func handEditedConflict() throws {
        let root = try temporaryDirectory()
        _ = try generate(["a.yaml": "1\n", "b.yaml": "1\n"], into: root)
        try write(root, "a.yaml", "edited\n")
        let plan = try generate(["a.yaml": "2\n", "b.yaml": "2\n"], into: root)
        #expect(plan.conflicts == ["a.yaml"])
        #expect(changes(plan)["a.yaml"] == .conflictEdited)
        #expect(read(root, "a.yaml") == "edited\n")
        #expect(read(root, "b.yaml") == "1\n", "nothing is written while a conflict stands")
        let forced = try generate(["a.yaml": "2\n", "b.yaml": "2\n"], into: root, force: true)
        #expect(changes(forced)["a.yaml"] == .overwrite)
        #expect(read(root, "a.yaml") == "2\n")
        #expect(read(root, "b.yaml") == "2\n")
    }

    @Test("A file strata never wrote at a generated path is a conflict, even without a lock")
    func foreignFile() throws {
        let root = try temporaryDirectory()
        try write(root, "a.yaml", "someone else's\n")
        let plan = try generate(["a.yaml": "generated\n"], into: root)
        #expect(changes(plan)["a.yaml"] == .conflictForeign)
        #expect(read(root, "a.yaml") == "someone else's\n")
        #expect(read(root, GenerationLock.fileName) == nil)
    }

    @Test("A stale generated file changed by hand is kept and no longer tracked")
    func staleEdited() throws {
        let root = try temporaryDirectory()
        _ = try generate(["a.yaml": "1\n", "gone.yaml": "1\n"], into: root)
        try write(root, "gone.yaml", "mine now\n")
        let plan = try generate(["a.yaml": "1\n"], into: root)
        #expect(changes(plan)["gone.yaml"] == .keepEdited)
        #expect(read(root, "gone.yaml") == "mine now\n")
        #expect(plan.lock.files["gone.yaml"] == nil)
    }

    @Test("A lock that cannot be read stops generation with the reason")
    func malformedLock() throws {
        let root = try temporaryDirectory()
        try write(root, GenerationLock.fileName, "{ not json")
        #expect(throws: GeneratedTreeWriter.Failure.self) {
            _ = try GeneratedTreeWriter(root: root).plan(repository(["a.yaml": "1\n"]))
        }
    }

    @Test("Paths that would leave the output directory are refused", arguments: ["../x", "/etc/x", "a//b", "./a"])
    func unsafePaths(path: String) throws {
        let root = try temporaryDirectory()
        #expect(throws: GeneratedTreeWriter.Failure.unsafePath(path)) {
            _ = try GeneratedTreeWriter(root: root).plan(repository([path: "x"]))
        }
    }
}
