/// A CEL map: insertion-ordered entries with int, uint, bool or string keys, looked up the way CEL compares
/// keys (`1`, `1u` and `1.0` find the same entry).
public struct CELMap: Sendable, Hashable {
    /// The entries in insertion order.
    public private(set) var entries: [(key: CELValue, value: CELValue)]
    private var index: [Key: Int]

    /// A map key normalised so that numerically equal int and uint keys collide.
    enum Key: Hashable {
        case bool(Bool)
        case int(Int64)
        case uint(UInt64)
        case string(String)

        init?(_ value: CELValue) {
            switch value {
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
            case .string(let s): self = .string(s)
            case .double(let d):
                // Heterogeneous equality lets an integral double find an int key.
                if let i = Int64(exactly: d) {
                    self = .int(i)
                } else if let u = UInt64(exactly: d) {
                    self = .uint(u)
                } else {
                    return nil
                }
            default: return nil
            }
        }
    }

    /// An empty map.
    public init() {
        entries = []
        index = [:]
    }

    /// A map of string keys, the last value winning for repeated keys.
    public init(strings: [(String, CELValue)]) {
        self.init()
        for (k, v) in strings { _ = insert(.string(k), v, replacing: true) }
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The keys in insertion order.
    public var keys: [CELValue] { entries.map(\.key) }

    /// The value for a key, or `nil` when absent or the key is of a type maps cannot hold.
    public subscript(key: CELValue) -> CELValue? {
        guard let k = Key(key), let i = index[k] else { return nil }
        return entries[i].value
    }

    /// The value for a string key.
    public subscript(string key: String) -> CELValue? {
        guard let i = index[.string(key)] else { return nil }
        return entries[i].value
    }

    /// Whether the key's type can be a map key.
    static func isValidKey(_ key: CELValue) -> Bool {
        switch key {
        case .bool, .int, .uint, .string: true
        default: false
        }
    }

    /// Adds an entry; returns `false` (leaving the map unchanged) for an unusable key, or for a repeated key
    /// unless `replacing` is set.
    @discardableResult
    mutating func insert(_ key: CELValue, _ value: CELValue, replacing: Bool) -> Bool {
        guard CELMap.isValidKey(key), let k = Key(key) else { return false }
        if let i = index[k] {
            guard replacing else { return false }
            entries[i].value = value
            return true
        }
        index[k] = entries.count
        entries.append((key, value))
        return true
    }

    /// Structural equality regardless of entry order.
    public static func == (lhs: CELMap, rhs: CELMap) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (k, v) in lhs.entries {
            guard let other = rhs[k], other == v else { return false }
        }
        return true
    }

    /// A hash that ignores entry order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (k, v) in entries {
            var h = Hasher()
            h.combine(Key(k))
            h.combine(v)
            combined ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
