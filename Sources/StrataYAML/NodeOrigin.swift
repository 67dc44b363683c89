public import StrataCore
import Synchronization

/// A source position packed into 64 bits: a file number (24 bits), a line (24 bits) and a column
/// (16 bits); zero means "no position".
///
/// File numbers index a process-wide, append-only table of paths. Lines above 16,777,215 and columns above
/// 65,535 are clamped; such positions only occur in machine-written files.
public struct NodeOrigin: Hashable, Sendable {
    /// The packed bits.
    public var raw: UInt64

    /// No position.
    public static let none = NodeOrigin(raw: 0)

    /// Wraps packed bits.
    public init(raw: UInt64) { self.raw = raw }

    /// Packs a location (registering its path on first use).
    public init(_ location: SourceLocation?) {
        guard let location else {
            self.init(raw: 0)
            return
        }
        self.init(file: SourceFiles.shared.number(of: location.path), line: location.line, column: location.column)
    }

    /// Packs a file number, line and column.
    public init(file: UInt32, line: Int, column: Int) {
        let line = UInt64(min(max(line, 0), 0xFF_FFFF))
        let column = UInt64(min(max(column, 0), 0xFFFF))
        raw = (UInt64(file + 1) << 40) | (line << 16) | column
    }

    /// The file number, line and column, or `nil` for no position.
    public var location: SourceLocation? {
        guard raw != 0 else { return nil }
        let file = UInt32(truncatingIfNeeded: raw >> 40) - 1
        return SourceLocation(
            path: SourceFiles.shared.path(of: file),
            line: Int((raw >> 16) & 0xFF_FFFF),
            column: Int(raw & 0xFFFF)
        )
    }
}

/// The process-wide table of source paths behind ``NodeOrigin``.
public final class SourceFiles: Sendable {
    /// The table.
    public static let shared = SourceFiles()

    private let table = Mutex<(paths: [String], numbers: [String: UInt32])>(([], [:]))

    /// The number of a path, registering it on first use.
    public func number(of path: String) -> UInt32 {
        table.withLock { table in
            if let number = table.numbers[path] { return number }
            let number = UInt32(table.paths.count)
            table.paths.append(path)
            table.numbers[path] = number
            return number
        }
    }

    /// The path with this number.
    public func path(of number: UInt32) -> String {
        table.withLock { table in
            Int(number) < table.paths.count ? table.paths[Int(number)] : ""
        }
    }
}
