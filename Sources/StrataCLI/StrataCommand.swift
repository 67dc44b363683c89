import ArgumentParser
import Foundation

/// The `strata` command: loads Flux repositories the way Flux does, and reports what each cluster receives.
public struct StrataCommand: ParsableCommand {
    /// The command tree.
    public static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Load, check and plan Flux GitOps repositories offline, with file:line:column on everything",
        discussion: """
            Exit codes: 0 clean; 1 findings at or above --fail-on; 2 usage, input or I/O error.

            Examples:
              strata demo                        Load the embedded two-cluster example and show its inventory.
              strata get objects . -o json       Every object each cluster receives, with its source line.
              strata kustomize apps/base         Build one kustomize directory, like kubectl kustomize.
              strata check . -o json             Every problem found, as JSON.
              strata plan . -o html > plan.html  Capacity, backups, failure scenarios and recovery times.
              strata rules                       The rule catalogue; strata explain RULE for one rule.
            """,
        version: "0.1.0",
        subcommands: [
            Check.self, PlanCommand.self, Generate.self, Init.self, Rules.self, Explain.self, Get.self, Build.self,
            Graph.self, Kustomize.self, Demo.self,
        ]
    )

    /// Creates the command (ArgumentParser needs it).
    public init() {}
}

extension StrataCommand {
    /// Parses and runs a command line, mapping every outcome to the documented exit codes:
    /// 0 clean, 1 findings at or above the threshold, 2 usage, input or I/O error.
    ///
    /// - Parameters:
    ///   - arguments: the command line, without the program name.
    ///   - exitsAfter: whether the process exits right after, so the loaded repository need not be freed
    ///     (the executable's case; it saves the time freeing a large repository takes).
    /// - Returns: the exit code.
    public static func run(arguments: [String], exitsAfter: Bool = false) -> Int32 {
        ProcessLifetime.setEnabled(exitsAfter)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            return 2
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                FileHandle.standardOutput.write(Data((fullMessage(for: error) + "\n").utf8))
                return 0
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            return 2
        }
    }
}
