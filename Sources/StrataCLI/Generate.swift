import ArgumentParser
import Foundation
import StrataCore
import StrataGenerate
import StrataPlatform

/// `strata generate`: writes the platform's whole GitOps repository from a spec, safely.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the platform's GitOps repository from platform.yaml (or the embedded default)",
        discussion: """
            The spec is --spec FILE, else platform.yaml in the output directory, else the embedded default
            (the seed's two-cluster platform with its review's fixes; strata init writes it for editing).
            A spec with errors or contradictions is refused before anything is written.

            strata.lock records every generated file and its hash. A generated file changed by hand, or a
            file strata never wrote at a path it generates, is never overwritten: generate names them and
            stops (exit 1) unless --force. Files it did not generate are never touched; files it no longer
            generates are removed only when unchanged. Each file is written atomically.

            --check writes nothing: it lists what would change and exits 1 if anything would, for CI.
            """
    )

    @Option(name: .long, help: "The platform spec (default: platform.yaml in the output directory, if any).")
    var spec: String?

    @Option(name: [.short, .long], help: "The repository directory to write (default: the current directory).")
    var output: String = "."

    @Flag(help: "Overwrite generated files changed by hand and files strata never wrote at generated paths.")
    var force = false

    @Flag(help: "Write nothing; list what would change and exit 1 if anything would.")
    var check = false

    mutating func run() throws {
        let stderr = FileHandle.standardError
        let source = SpecSource.resolve(explicit: spec, directory: output)
        let platform = try source.load()
        let repository = RepositoryGenerator(spec: platform).generate()
        let writer = GeneratedTreeWriter(root: output)
        let plan: GeneratedTreeWriter.Plan
        do {
            plan = try writer.plan(repository, force: force)
        } catch {
            throw CLIError.failed(Self.describe(error))
        }
        var lines: [String] = []
        for (path, change) in plan.changes {
            switch change {
            case .create: lines.append("create   \(path)")
            case .update: lines.append("update   \(path)")
            case .remove: lines.append("remove   \(path)")
            case .overwrite: lines.append("replace  \(path) (changed by hand; --force)")
            case .keepEdited: lines.append("keep     \(path) (no longer generated, but changed by hand: left as is)")
            case .conflictEdited: lines.append("conflict \(path): changed by hand since it was generated")
            case .conflictForeign: lines.append("conflict \(path): not written by strata")
            case .unchanged: break
            }
        }
        let unchanged = plan.changes.filter { $0.change == .unchanged }.count
        if !plan.conflicts.isEmpty {
            stderr.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            stderr.write(
                Data(
                    ("\(plan.conflicts.count) file(s) would be overwritten; nothing was written. "
                        + "Move your changes into the spec, or run again with --force to replace them.\n").utf8
                )
            )
            throw ExitCode(1)
        }
        if check {
            if !lines.isEmpty { print(lines.joined(separator: "\n")) }
            guard plan.altersTree else {
                print("\(output) is up to date with \(source.name) (\(unchanged) files)")
                return
            }
            print("\(plan.changes.filter(\.change.altersTree).count) file(s) would change; run strata generate")
            throw ExitCode(1)
        }
        do {
            try writer.apply(plan, repository: repository)
        } catch {
            throw CLIError.failed(Self.describe(error))
        }
        if !lines.isEmpty { print(lines.joined(separator: "\n")) }
        let altered = plan.changes.filter(\.change.altersTree).count
        print("\(altered) file(s) changed, \(unchanged) unchanged, in \(output) from \(source.name)")
    }

    private static func describe(_ failure: GeneratedTreeWriter.Failure) -> StrataError {
        switch failure {
        case .unreadableLock(let path, let reason):
            .unreadablePath(path, reason: "\(reason); delete it to regenerate (hand-edited files are then reported)")
        case .io(let path, let reason): .unwritableOutput(path, reason: reason)
        case .unsafePath(let path): .invalidArgument("generated path '\(path)' leaves the output directory")
        }
    }
}

/// Where the spec comes from, and reading it with every problem reported at its position.
struct SpecSource {
    /// A file path, or `nil` for the embedded default.
    var path: String?

    /// How the source is named in messages.
    var name: String { path ?? "the embedded default spec" }

    static func resolve(explicit: String?, directory: String) -> SpecSource {
        if let explicit { return SpecSource(path: explicit) }
        let candidate = URL(fileURLWithPath: directory).appendingPathComponent("platform.yaml").path
        return SpecSource(path: FileManager.default.fileExists(atPath: candidate) ? candidate : nil)
    }

    /// The decoded, validated spec; prints the problems and exits 2 when there are any.
    func load() throws -> PlatformSpec {
        let text: String
        let displayPath: String
        if let path {
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw CLIError.failed(.unreadablePath(path, reason: error.localizedDescription))
            }
            displayPath = path
        } else {
            text = DefaultPlatformText.text
            displayPath = "platform.yaml (embedded)"
        }
        let document = PlatformSpecDecoder.decode(text, path: displayPath)
        // Decoding problems that still leave a spec (an unknown key, a duplicate) do not hide contradictions:
        // one run reports both.
        let problems = document.diagnostics + PlatformSpecValidator.validate(document)
        guard let spec = document.spec, !problems.contains(where: { $0.severity == .error }) else {
            TextDiagnostics.print(problems, to: FileHandle.standardError)
            FileHandle.standardError.write(
                Data("\(displayPath): the spec has \(problems.count) problem(s); nothing was written\n".utf8)
            )
            throw ExitCode(2)
        }
        TextDiagnostics.print(problems, to: FileHandle.standardError)
        return spec
    }
}

/// `strata init`: writes the default spec, commented, for the user to edit.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the default platform.yaml (the seed's platform, commented) to edit",
        discussion: """
            Then edit it and run strata generate. --schema FILE also writes the spec's JSON Schema, which
            editors use for completion and checks (for example with a `# yaml-language-server: $schema=FILE`
            first line).
            """
    )

    @Option(name: [.short, .long], help: "Where to write the spec.")
    var output: String = "platform.yaml"

    @Option(help: "Also write the spec's JSON Schema to this file.")
    var schema: String?

    @Flag(help: "Overwrite an existing file.")
    var force = false

    mutating func run() throws {
        var text = DefaultPlatformText.text
        if let schema {
            // The YAML language server (VS Code, Neovim, JetBrains) reads this first-line comment to complete
            // and check the file against the schema.
            text = "# yaml-language-server: $schema=\(Self.relative(schema, from: output))\n" + text
        }
        try write(text, to: output)
        if let schema { try write(PlatformSchema.jsonSchema(), to: schema) }
        print("wrote \(output)" + (schema.map { " and \($0)" } ?? "") + "; edit it, then run strata generate")
    }

    /// `target` as the spec file would name it: relative to the spec's directory when both are relative.
    static func relative(_ target: String, from spec: String) -> String {
        guard !target.hasPrefix("/"), !spec.hasPrefix("/") else { return URL(fileURLWithPath: target).path }
        let directory = spec.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        let parts = target.split(separator: "/", omittingEmptySubsequences: false)
        var common = 0
        while common < directory.count, common < parts.count - 1, directory[common] == parts[common] { common += 1 }
        let up = Array(repeating: "..", count: directory.count - common)
        let path = (up + parts.dropFirst(common).map(String.init)).joined(separator: "/")
        return path.hasPrefix(".") ? path : "./" + path
    }

    private func write(_ text: String, to path: String) throws {
        guard force || !FileManager.default.fileExists(atPath: path) else {
            throw CLIError.failed(.invalidArgument("'\(path)' already exists; use --force to replace it"))
        }
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CLIError.failed(.unwritableOutput(path, reason: error.localizedDescription))
        }
    }
}
