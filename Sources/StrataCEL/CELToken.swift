/// A lexical token of a CEL expression.
struct CELToken: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case int(UInt64)  // magnitude: a leading minus is applied by the parser so Int64.min can be written
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case punct(String)
        case end
    }

    var kind: Kind
    var offset: Int
}
