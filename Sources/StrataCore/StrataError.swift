/// Failures of the environment that stop a command: the tool could not do its job (exit code 2).
///
/// Problems in the user's content are never thrown; they become ``Diagnostic``s.
public enum StrataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A path given on the command line does not exist or cannot be read.
    case unreadablePath(String, reason: String)
    /// An argument's value is not usable.
    case invalidArgument(String)
    /// An output file could not be written.
    case unwritableOutput(String, reason: String)
    /// A named object was not found.
    case notFound(String)

    /// The message, saying how to fix the problem where that is known.
    public var description: String {
        switch self {
        case .unreadablePath(let path, let reason):
            "cannot read '\(path)': \(reason)"
        case .invalidArgument(let message):
            message
        case .unwritableOutput(let path, let reason):
            "cannot write '\(path)': \(reason)"
        case .notFound(let message):
            message
        }
    }
}
