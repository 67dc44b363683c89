import Synchronization

/// Regular expressions compiled from patterns only known at run time, kept per program so each pattern is
/// compiled once however often the program runs.
final class CELRegexCache: Sendable {
    private let entries = Mutex<[String: Result<CELRegex, CELCompileError>]>([:])

    func regex(_ pattern: String) -> Result<CELRegex, CELCompileError> {
        if let hit = entries.withLock({ $0[pattern] }) { return hit }
        let compiled = CELRegex.compile(pattern)
        entries.withLock { $0[pattern] = compiled }
        return compiled
    }
}
