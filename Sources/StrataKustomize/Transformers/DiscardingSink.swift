import StrataCore

/// A sink that drops what it is given, for callers without one.
struct DiscardingSink: DiagnosticSink {
    func emit(_ diagnostic: Diagnostic) {}
}
