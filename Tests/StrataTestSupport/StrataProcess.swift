import Foundation

/// Runs the built `strata` executable as a user would, capturing what it prints and its exit code.
public enum StrataProcess {
    /// What one run produced.
    public struct Result: Sendable {
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
        /// The exit code.
        public var code: Int32
    }

    /// The executable beside the test bundle (both are built by `swift build --build-tests`).
    public static var executable: String? {
        var candidates: [String] = []
        if let first = CommandLine.arguments.first {
            var dir = URL(fileURLWithPath: first).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("strata").path)
                dir = dir.deletingLastPathComponent()
            }
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/strata").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `strata` with `arguments` in `directory`.
    public static func run(
        _ arguments: [String],
        in directory: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        return try runProcess(executable, arguments, in: directory, environment: environment)
    }

    /// Runs any program, capturing its output.
    public static func runProcess(
        _ executable: String,
        _ arguments: [String],
        in directory: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let errData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self),
            code: process.terminationStatus
        )
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
