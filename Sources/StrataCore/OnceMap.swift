public import Dispatch
import Synchronization

/// A map whose values are computed once per key, even when several threads ask for the same key at once:
/// the first computes, the others wait for its result.
///
/// Builds of different clusters reach shared files and bases at about the same time; without this, each
/// would parse and build them again.
public final class OnceMap<Value: Sendable>: Sendable {
    private enum Entry {
        case done(Value)
        case pending(DispatchGroup)
    }

    private enum Step {
        case found(Value)
        case wait(DispatchGroup)
        case compute(DispatchGroup)
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Creates an empty map.
    public init() {}

    /// The value for `key`, computing it with `compute` unless another thread has it or is computing it.
    ///
    /// A waiter gives up after `patience` and computes the value itself, so two computations that each
    /// need the other's key (a cycle across threads) cannot block each other for ever.
    public func value(for key: String, patience: DispatchTimeInterval = .never, compute: () -> Value) -> Value {
        let step: Step = entries.withLock { entries in
            switch entries[key] {
            case .done(let value):
                return .found(value)
            case .pending(let group):
                return .wait(group)
            case nil:
                let group = DispatchGroup()
                group.enter()
                entries[key] = .pending(group)
                return .compute(group)
            }
        }
        switch step {
        case .found(let value):
            return value
        case .wait(let group):
            let deadline: DispatchTime = patience == .never ? .distantFuture : .now() + patience
            if group.wait(timeout: deadline) == .success,
                case .done(let value) = entries.withLock({ $0[key] })
            {
                return value
            }
            return compute()
        case .compute(let group):
            let value = compute()
            entries.withLock { $0[key] = .done(value) }
            group.leave()
            return value
        }
    }
}
