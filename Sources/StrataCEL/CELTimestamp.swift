import Foundation
import StrataCore

/// A CEL timestamp: seconds and nanoseconds since the Unix epoch, between years 1 and 9999 UTC.
public struct CELTimestamp: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Nanoseconds within the second, `0..<1_000_000_000`.
    public var nanos: Int32

    static let minSeconds: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
    static let maxSeconds: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z

    /// Creates a timestamp, or `nil` outside the range CEL allows.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        guard seconds >= CELTimestamp.minSeconds, seconds <= CELTimestamp.maxSeconds, nanos >= 0, nanos < 1_000_000_000
        else { return nil }
        self.seconds = seconds
        self.nanos = nanos
    }

    /// Orders timestamps in time.
    public static func < (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    /// Parses RFC 3339 text (`2024-01-02T03:04:05.5Z`, `...+01:00`), as `timestamp()` does.
    public init?(parsing text: String) {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 20, let year = num(0, 4), b[4] == UInt8(ascii: "-"), let month = num(5, 2),
            b[7] == UInt8(ascii: "-"), let day = num(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            let hour = num(11, 2), b[13] == UInt8(ascii: ":"), let minute = num(14, 2), b[16] == UInt8(ascii: ":"),
            let second = num(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CELTimestamp.daysIn(month: month, year: year), hour < 24,
            minute < 60, second < 60
        else { return nil }
        var i = 19
        var nanos = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = num(i + 4, 2),
                oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = CivilCalendar.day(year: year, month: month, day: day)
        let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        self.init(seconds: secs, nanos: Int32(nanos))
    }

    /// The timestamp in RFC 3339 with only the needed fraction digits, in UTC, as CEL's `string()` renders it.
    public var text: String {
        let c = civil(offsetSeconds: 0)
        var out = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second)
        if nanos != 0 {
            var digits = String(format: "%09d", Int(nanos))
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out + "Z"
    }

    /// Broken-down calendar fields at a fixed offset from UTC.
    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        var dayOfWeek: Int, dayOfYear: Int
    }

    func civil(offsetSeconds: Int) -> Civil {
        let local = seconds + Int64(offsetSeconds)
        let days = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
        let secOfDay = Int(local - Int64(days) * 86_400)
        let (y, m, d) = CivilCalendar.date(ofDay: days)
        let dow = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        let doy = days - CivilCalendar.day(year: y, month: 1, day: 1)
        return Civil(
            year: y,
            month: m,
            day: d,
            hour: secOfDay / 3600,
            minute: secOfDay % 3600 / 60,
            second: secOfDay % 60,
            dayOfWeek: dow,
            dayOfYear: doy
        )
    }

    /// The offset from UTC of a time zone named as CEL allows: `UTC`, `+05:30`, `-08:00` or an IANA name.
    func offset(inZone zone: String) -> Int? {
        if let first = zone.first, first == "+" || first == "-" {
            let parts = zone.dropFirst().split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            return (h * 3600 + m * 60) * (first == "-" ? -1 : 1)
        }
        guard let tz = TimeZone(identifier: zone) else { return nil }
        return tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
