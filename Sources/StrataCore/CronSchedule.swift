/// A cron schedule as the backup controllers read it, with its run times and its longest gap.
///
/// Understands what robfig/cron (used by Kubernetes CronJobs, VolSync, Velero and CloudNativePG) accepts:
/// five fields (minute hour day-of-month month day-of-week), six fields with seconds first (CloudNativePG's
/// `ScheduledBackup`), the descriptors `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/`@midnight`,
/// `@hourly`, `@every <Go duration>`, and a leading `CRON_TZ=`/`TZ=` zone (ignored: gaps do not depend on it).
/// Times are seconds from the start of a reference year, 2025-01-01 00:00 (a Wednesday), in the
/// schedule's own zone.
public struct CronSchedule: Sendable, Hashable {
    /// The schedule as written.
    public let text: String
    private let seconds: [Int]
    private let minutes: [Int]
    private let hours: [Int]
    private let daysOfMonth: Set<Int>
    private let months: Set<Int>
    private let daysOfWeek: Set<Int>
    /// Whether day-of-month or day-of-week is `*`, which makes the day test an AND instead of an OR.
    private let dayIsStar: Bool
    /// The period of an `@every` schedule, which runs relative to when the controller started.
    public let every: Double?

    /// Seconds in a day.
    static let day = 86_400
    /// The weekday of day 0 (2025-01-01), Sunday being 0.
    private static let firstWeekday = 3

    /// Parses a schedule, or returns `nil` when the controllers would reject it.
    public init?(_ text: String) {
        self.text = text
        var fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = fields.first, first.hasPrefix("CRON_TZ=") || first.hasPrefix("TZ=") {
            fields.removeFirst()
        }
        if fields.first == "@every" {
            guard fields.count == 2, let period = Units.duration(fields[1]), period > 0 else { return nil }
            every = period
            (seconds, minutes, hours) = ([], [], [])
            (daysOfMonth, months, daysOfWeek, dayIsStar) = ([], [], [], true)
            return
        }
        every = nil
        if fields.count == 1, let expanded = Self.descriptors[fields[0].lowercased()] {
            fields = expanded.split(separator: " ").map(String.init)
        }
        if fields.count == 5 { fields.insert("0", at: 0) }
        guard fields.count == 6,
            let second = Self.field(fields[0], 0...59),
            let minute = Self.field(fields[1], 0...59),
            let hour = Self.field(fields[2], 0...23),
            let dom = Self.field(fields[3], 1...31),
            let month = Self.field(fields[4], 1...12, names: Self.monthNames),
            let dow = Self.field(fields[5], 0...7, names: Self.dayNames)
        else { return nil }
        seconds = second.values.sorted()
        minutes = minute.values.sorted()
        hours = hour.values.sorted()
        daysOfMonth = dom.values
        months = month.values
        daysOfWeek = Set(dow.values.map { $0 % 7 })
        dayIsStar = dom.isStar || dow.isStar
    }

    /// Whether the schedule runs at fixed clock times (every form except `@every`).
    public var hasFixedTimes: Bool { every == nil }

    /// The longest time between two consecutive runs, in seconds, over a year; `nil` when it never runs.
    public var maxInterval: Double? {
        if let every { return every }
        let times = timesOfDay
        guard let firstTime = times.first, let lastTime = times.last else { return nil }
        var longestInDay = 0
        for (a, b) in zip(times, times.dropFirst()) { longestInDay = max(longestInDay, b - a) }
        // Two years cover yearly schedules; eight cover the 29th of February.
        for years in [2, 8] {
            let days = runDays(count: years * 366)
            guard days.count >= 2 else { continue }
            var longest = 0
            for (a, b) in zip(days, days.dropFirst()) {
                longest = max(longest, (b - a) * Self.day + firstTime - lastTime)
            }
            return Double(max(longest, longestInDay))
        }
        return nil
    }

    /// The run times in `[start, end)`, at most `limit` of them; empty for `@every`, whose phase is unknown.
    public func runs(from start: Double, to end: Double, limit: Int = 100_000) -> [Double] {
        guard every == nil, end > start else { return [] }
        let times = timesOfDay
        var out: [Double] = []
        let firstDay = Int((start / Double(Self.day)).rounded(.down))
        let lastDay = Int((end / Double(Self.day)).rounded(.up))
        guard firstDay >= 0 else { return [] }
        for day in firstDay...lastDay where matches(day: day) {
            for time in times {
                let run = Double(day * Self.day + time)
                guard run >= start, run < end else { continue }
                out.append(run)
                if out.count >= limit { return out }
            }
        }
        return out
    }

    /// The times of day, in seconds after midnight, at which the schedule runs on a matching day.
    private var timesOfDay: [Int] {
        hours.flatMap { hour in
            minutes.flatMap { minute in seconds.map { hour * 3600 + minute * 60 + $0 } }
        }
    }

    /// The matching days among the first `count` days after the reference start.
    private func runDays(count: Int) -> [Int] {
        (0..<count).filter(matches(day:))
    }

    /// Month and day of month of the days `maxInterval` looks at, computed once.
    private static let calendar: [(month: Int, day: Int)] = (0..<(8 * 366)).map(civil(day:))

    /// Whether the schedule runs on a day, counted from 2025-01-01.
    private func matches(day: Int) -> Bool {
        let (month, dayOfMonth) = day < Self.calendar.count ? Self.calendar[day] : Self.civil(day: day)
        guard months.contains(month) else { return false }
        let weekday = (day + Self.firstWeekday) % 7
        let domMatches = daysOfMonth.contains(dayOfMonth)
        let dowMatches = daysOfWeek.contains(weekday)
        return dayIsStar ? domMatches && dowMatches : domMatches || dowMatches
    }

    /// The month (1–12) and day of month of a day counted from 2025-01-01.
    static func civil(day: Int) -> (month: Int, day: Int) {
        var remaining = day
        var year = 2025
        while true {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let length = leap ? 366 : 365
            if remaining < length {
                let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
                for (index, days) in lengths.enumerated() {
                    if remaining < days { return (index + 1, remaining + 1) }
                    remaining -= days
                }
            }
            remaining -= length
            year += 1
        }
    }

    private static let descriptors: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    private static let monthNames = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    private static let dayNames = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    /// The values of one field and whether it is an unrestricted `*` (or `?`).
    private static func field(
        _ text: String,
        _ bounds: ClosedRange<Int>,
        names: [String: Int] = [:]
    ) -> (values: Set<Int>, isStar: Bool)? {
        var values = Set<Int>()
        var isStar = false
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let range = pieces.first else { return nil }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { return nil }
                step = parsed
            }
            var low: Int
            var high: Int
            if range == "*" || range == "?" {
                (low, high) = (bounds.lowerBound, bounds.upperBound)
                // robfig/cron clears the star bit when a step above one is given.
                if step == 1 { isStar = true }
            } else {
                let ends = range.split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2, let first = value(ends[0], names), let last = value(ends[ends.count - 1], names)
                else { return nil }
                low = first
                // `N/step` means from N to the field's maximum.
                high = ends.count == 1 && pieces.count == 2 ? bounds.upperBound : last
            }
            guard bounds.contains(low), bounds.contains(high), low <= high else { return nil }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values.isEmpty ? nil : (values, isStar)
    }

    private static func value(_ text: Substring, _ names: [String: Int]) -> Int? {
        if let number = Int(text) { return number }
        return names[text.lowercased()]
    }

    /// Compares the schedules as written.
    public static func == (lhs: CronSchedule, rhs: CronSchedule) -> Bool { lhs.text == rhs.text }

    /// Hashes the schedule as written.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
