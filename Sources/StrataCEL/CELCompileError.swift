/// Why a CEL expression could not be compiled.
public struct CELCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one sentence.
    public var message: String
    /// `true` when the expression is (or may be) valid CEL that this interpreter does not implement, so a
    /// caller should skip the rule rather than report it as broken.
    public var unsupported: Bool
    /// The offset in Unicode scalars from the start of the source where the problem was found.
    public var offset: Int

    /// Creates a compile error.
    public init(message: String, unsupported: Bool, offset: Int) {
        self.message = message
        self.unsupported = unsupported
        self.offset = offset
    }

    /// The message with its offset, and a note when the feature is unsupported.
    public var description: String {
        (unsupported ? "unsupported: " : "") + message + " (at offset \(offset))"
    }
}
