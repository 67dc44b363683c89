/// When the text report is coloured: `auto` (a terminal that has not opted out), `always` or `never`.
public enum ColorMode: String, Sendable, CaseIterable {
    /// Colour when writing to a terminal, unless `NO_COLOR` is set to a non-empty value or `TERM` is `dumb`.
    case auto
    /// Always colour, whatever the destination or environment.
    case always
    /// Never colour.
    case never

    /// Whether to colour output going to a destination.
    ///
    /// An explicit `always` wins over `NO_COLOR`, as no-color.org asks of per-invocation flags.
    ///
    /// - Parameters:
    ///   - isTTY: Whether the destination stream is a terminal.
    ///   - environment: The process environment.
    /// - Returns: `true` when ANSI colour codes should be written.
    public func usesColor(isTTY: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTTY
        }
    }
}
