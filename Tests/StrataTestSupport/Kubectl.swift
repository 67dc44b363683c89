import Foundation

/// Runs the reference implementation, `kubectl kustomize`, for tests that compare against it.
public enum Kubectl {
    /// Why a `kubectl` run gave no output.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The command line that was run.
        public var command: String
        /// The exit status, or `nil` when the process could not be started or was stopped.
        public var status: Int32?
        /// What the process wrote to standard error (or why it could not run).
        public var message: String

        /// The command, its status and its error output.
        public var description: String {
            "\(command) \(status.map { "exited with status \($0)" } ?? "did not run"): \(message)"
        }
    }

    /// kustomize's load restrictor: whether files outside a kustomization's directory may be read.
    public enum LoadRestrictor: String, Sendable {
        /// kustomize's default: files must be in or below the kustomization's directory.
        case rootOnly = "LoadRestrictionsRootOnly"
        /// No restriction, as Flux builds (Flux then confines loads to the source root itself).
        case none = "LoadRestrictionsNone"
    }

    /// The `kubectl` executable: `/usr/bin/kubectl` (the reference build), else the first one on `PATH`;
    /// `nil` when there is none.
    public static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = ["/usr/bin/kubectl"] + path.split(separator: ":").map { "\($0)/kubectl" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether `kubectl` is installed, so reference comparisons can run.
    public static var isAvailable: Bool { executable != nil }

    /// The longest a single build may take before it is stopped and reported as failed.
    public static let timeout: Duration = .seconds(120)

    /// The output of `kubectl kustomize --load-restrictor <restrictor> <directory>`: a YAML stream.
    public static func kustomize(_ directory: String, loadRestrictor: LoadRestrictor = .none) -> Result<String, Failure>
    {
        let arguments = ["kustomize", "--load-restrictor", loadRestrictor.rawValue, directory]
        let command = (["kubectl"] + arguments).joined(separator: " ")
        guard let executable else {
            return .failure(Failure(command: command, status: nil, message: "kubectl is not installed"))
        }
        // Output goes to files rather than pipes, so a large build cannot fill a pipe and block the process.
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubectl-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            return .failure(Failure(command: command, status: nil, message: "\(error)"))
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do {
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            defer {
                try? out.close()
                try? err.close()
            }
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                if ContinuousClock.now > deadline {
                    process.terminate()
                    process.waitUntilExit()
                    return .failure(Failure(command: command, status: nil, message: "stopped after \(timeout)"))
                }
                Thread.sleep(forTimeInterval: 0.005)
            }
            process.waitUntilExit()
        } catch {
            return .failure(Failure(command: command, status: nil, message: "\(error)"))
        }
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            return .failure(
                Failure(
                    command: command,
                    status: process.terminationStatus,
                    message: errors.trimmingCharacters(in: .whitespacesAndNewlines)
                )
            )
        }
        return .success(output)
    }
}
