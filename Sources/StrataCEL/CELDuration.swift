/// A CEL duration: a signed number of nanoseconds, with the range of Go's `time.Duration` (about ±292 years).
public struct CELDuration: Sendable, Hashable, Comparable {
    /// The length in nanoseconds.
    public var nanoseconds: Int64

    /// Creates a duration of the given number of nanoseconds.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Orders durations by length.
    public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Parses Go duration syntax (`1h30m`, `-1.5s`, `300ms`, `0`), as `duration()` does.
    public init?(parsing text: String) {
        var chars = Array(text.utf8)[...]
        var negative = false
        if let first = chars.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            chars = chars.dropFirst()
        }
        if chars.count == 1, chars.first == UInt8(ascii: "0") {
            self.init(nanoseconds: 0)
            return
        }
        guard !chars.isEmpty else { return nil }
        // Accumulate in UInt64 so `-9223372036854775808ns` still fits before the sign is applied.
        var total: UInt64 = 0
        while !chars.isEmpty {
            var whole: UInt64 = 0
            var sawDigits = false
            while let c = chars.first, c >= 48, c <= 57 {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(c - 48))
                guard !o1, !o2 else { return nil }
                whole = a
                sawDigits = true
                chars = chars.dropFirst()
            }
            var fraction: UInt64 = 0
            var scale: UInt64 = 1
            if chars.first == UInt8(ascii: ".") {
                chars = chars.dropFirst()
                while let c = chars.first, c >= 48, c <= 57 {
                    if scale < 1_000_000_000_000_000 {
                        fraction = fraction * 10 + UInt64(c - 48)
                        scale *= 10
                    }
                    sawDigits = true
                    chars = chars.dropFirst()
                }
            }
            guard sawDigits else { return nil }
            var unitBytes: [UInt8] = []
            while let c = chars.first, !(c >= 48 && c <= 57), c != UInt8(ascii: ".") {
                unitBytes.append(c)
                chars = chars.dropFirst()
            }
            let unit: UInt64
            switch String(decoding: unitBytes, as: UTF8.self) {
            case "ns": unit = 1
            case "us", "µs", "μs": unit = 1_000
            case "ms": unit = 1_000_000
            case "s": unit = 1_000_000_000
            case "m": unit = 60_000_000_000
            case "h": unit = 3_600_000_000_000
            default: return nil
            }
            let (w, o1) = whole.multipliedReportingOverflow(by: unit)
            guard !o1 else { return nil }
            let frac = UInt64((Double(fraction) / Double(scale)) * Double(unit))
            let (sum1, o2) = w.addingReportingOverflow(frac)
            let (sum2, o3) = total.addingReportingOverflow(sum1)
            guard !o2, !o3 else { return nil }
            total = sum2
        }
        if negative {
            guard total <= UInt64(Int64.max) + 1 else { return nil }
            self.init(nanoseconds: total == UInt64(Int64.max) + 1 ? Int64.min : -Int64(total))
        } else {
            guard total <= UInt64(Int64.max) else { return nil }
            self.init(nanoseconds: Int64(total))
        }
    }

    /// The duration as CEL's `string()` renders it: seconds with only the needed fraction digits (`5400s`).
    public var text: String {
        let magnitude = nanoseconds.magnitude
        let seconds = magnitude / 1_000_000_000
        let nanos = magnitude % 1_000_000_000
        var out = nanoseconds < 0 ? "-" : ""
        out += String(seconds)
        if nanos != 0 {
            var digits = String(nanos)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out + "s"
    }
}
