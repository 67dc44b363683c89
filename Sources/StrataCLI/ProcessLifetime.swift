import Synchronization

/// Values the command line keeps alive until the process exits, instead of freeing them when a command ends.
///
/// A loaded repository is a graph of millions of small values; freeing them one by one takes about a tenth
/// of the time it took to load them, and the process exits right after, when the kernel reclaims the memory
/// at once. The `strata` executable turns this on; in-process callers (tests, programs embedding the
/// commands) leave it off, so nothing outlives a command there.
enum ProcessLifetime {
    private static let state = Mutex<(enabled: Bool, kept: [any Sendable])>((false, []))

    /// Turns keeping on or off; turning it off lets go of what was kept.
    static func setEnabled(_ enabled: Bool) {
        state.withLock { state in
            state.enabled = enabled
            if !enabled { state.kept = [] }
        }
    }

    /// Keeps a value until the process exits, when keeping is on.
    static func keep(_ value: some Sendable) {
        state.withLock { state in
            if state.enabled { state.kept.append(value) }
        }
    }
}
