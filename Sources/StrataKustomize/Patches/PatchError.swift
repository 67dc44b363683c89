public import StrataCore

/// A patch that cannot be applied or parsed, with the position in the patch that caused it.
///
/// The library never lets these escape to the user as crashes: the kustomize builder turns each one into
/// a diagnostic at ``location``.
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in kustomize's terms where it has them.
    public var message: String
    /// The patch node (or `target:` field) responsible, when known.
    public var location: SourceLocation?

    /// Creates an error.
    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    /// `path:line:column: message`, or the bare message when the location is unknown.
    public var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }
}
