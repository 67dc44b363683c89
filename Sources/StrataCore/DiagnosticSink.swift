import Synchronization

/// Receives diagnostics as a stage finds them.
public protocol DiagnosticSink: Sendable {
    /// Records one diagnostic.
    func emit(_ diagnostic: Diagnostic)
}

extension DiagnosticSink {
    /// Records a diagnostic built from its parts.
    public func emit(
        _ id: String,
        _ severity: Severity,
        _ message: String,
        at location: SourceLocation?,
        subject: ObjectReference? = nil,
        notes: [Diagnostic.Note] = []
    ) {
        emit(
            Diagnostic(
                id: id,
                severity: severity,
                message: message,
                location: location,
                subject: subject,
                notes: notes
            )
        )
    }
}

/// A thread-safe sink that keeps every diagnostic and hands them back in report order.
public final class DiagnosticCollector: DiagnosticSink {
    private let storage = Mutex<[Diagnostic]>([])

    /// Creates an empty collector.
    public init() {}

    /// Records one diagnostic.
    public func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.append(diagnostic) }
    }

    /// The diagnostics recorded so far, sorted and without exact duplicates, so output does not depend on scheduling.
    public var diagnostics: [Diagnostic] {
        let all = storage.withLock { $0 }
        var seen = Set<Diagnostic>()
        return all.sorted(by: Diagnostic.reportOrder).filter { seen.insert($0).inserted }
    }
}
