/// A cron schedule as the backup controllers read it (robfig/cron's rules), with its run times, its
/// interval and whether it runs close to another schedule.
///
/// Five fields, minute first, as Kubernetes CronJobs, VolSync and Velero read them (robfig/cron v3
/// `ParseStandard`), or six, seconds first, as CloudNativePG reads a `ScheduledBackup` (robfig/cron v1
/// `Parse`). Both accept lists, ranges, steps (`*/6`, `1-5/2`, `5/15`), month and weekday names, `?` for
/// `*`, and the descriptors `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`,
/// `@hourly` and `@every <duration>`. Day-of-week runs 0–6 (Sunday 0): robfig/cron refuses 7. When both
/// day fields are restricted a day matches either, as in every cron; when one starts with `*` (without a
/// step) both must match.
///
/// Times are seconds since 1970-01-01 00:00 in the schedule's own time zone: the interval and collisions
/// do not depend on which zone that is.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// Which fields the schedule has.
    public enum Syntax: Sendable, Hashable {
        /// `minute hour day-of-month month day-of-week`.
        case standard
        /// `second minute hour day-of-month month day-of-week`, as CloudNativePG reads it.
        case withSeconds
        /// Five fields read as `standard` or six read as `withSeconds`, for a schedule that may be either.
        case standardOrWithSeconds
    }

    /// What a schedule may carry beyond its syntax, as some controllers allow.
    public struct Options: OptionSet, Sendable, Hashable {
        /// The options' bits.
        public let rawValue: Int

        /// Creates options from their bits.
        public init(rawValue: Int) {
            self.rawValue = rawValue
        }

        /// Accepts a leading `CRON_TZ=` or `TZ=` zone, as VolSync and Velero do, and ignores it.
        ///
        /// The interval and collisions do not depend on the zone. Kubernetes refuses it in a CronJob and
        /// CloudNativePG does not read it.
        public static let ignoringTimeZone = Options(rawValue: 1 << 0)
        /// Accepts a `withSeconds` schedule without its day-of-week, which then means every day.
        ///
        /// CloudNativePG does: robfig/cron v1, which it parses schedules with, reads the sixth field as optional.
        public static let optionalWeekday = Options(rawValue: 1 << 1)
    }

    /// How two schedules' runs relate.
    public enum Proximity: Sendable, Hashable {
        /// No run of one starts within the window of a run of the other.
        case apart
        /// A run of the first schedule starts within the window of the other's, at this time.
        case close(at: Int)
        /// One of them is an `@every` schedule, whose runs start at no fixed time.
        case undetermined
    }

    /// The schedule as written.
    public let text: String
    /// Its syntax.
    public let syntax: Syntax
    private let timing: Timing

    private enum Timing: Sendable, Hashable {
        case calendar(CalendarFields)
        case every(Int)
    }

    private struct CalendarFields: Sendable, Hashable {
        /// Seconds after midnight at which it runs on a matching day, ascending.
        var timesOfDay: [Int]
        /// Bit `n` set for day of month `n`.
        var daysOfMonth: UInt64
        /// Bit `n` set for month `n`.
        var months: UInt64
        /// Bit `n` set for weekday `n`, Sunday 0.
        var daysOfWeek: UInt64
        /// Whether a day must match both day fields (one of them is `*`) rather than either.
        var daysMatchBoth: Bool
    }

    /// Seconds in a day.
    static let day = 86_400
    /// 2024-01-01, the first day of the span schedules are examined over.
    static let referenceDay = 19_723
    /// 28 years: the Gregorian calendar's weekdays and leap days repeat over this span (within 1901–2099).
    static let spanDays = 10_227

    /// Parses a schedule; throws the reason when the controller would refuse it.
    public init(_ text: String, syntax: Syntax, options: Options = []) throws(CronSyntaxError) {
        self.text = text
        self.syntax = syntax
        // Fields are separated by any white space, as Go's `strings.Fields` separates them.
        var fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = fields.first else { throw CronSyntaxError("the schedule is empty") }
        if first.hasPrefix("TZ=") || first.hasPrefix("CRON_TZ=") {
            guard options.contains(.ignoringTimeZone) else {
                throw CronSyntaxError(
                    "a time zone prefix is not accepted here; schedules run in the controller's zone"
                )
            }
            fields.removeFirst()
            guard !fields.isEmpty else { throw CronSyntaxError("no schedule follows the zone '\(first)'") }
        }
        if let descriptor = fields.first, descriptor.hasPrefix("@") {
            if descriptor == "@every" {
                guard fields.count == 2, let period = Self.period(fields[1]) else {
                    throw CronSyntaxError("'@every' needs one duration of at least a second, such as '@every 6h'")
                }
                timing = .every(period)
                return
            }
            // robfig/cron matches descriptors exactly: `@Daily` is refused.
            guard let expansion = Self.descriptors[descriptor] else {
                let hint = DidYouMean.hint(for: descriptor, among: Self.descriptors.keys.sorted())
                throw CronSyntaxError("unknown descriptor '\(descriptor)'\(hint)")
            }
            guard fields.count == 1 else { throw CronSyntaxError("'\(descriptor)' takes nothing after it") }
            fields = ["0"] + expansion.split(separator: " ").map(String.init)
        } else {
            fields = try Self.secondsFirst(fields, syntax: syntax, options: options)
        }
        let second = try Self.field(fields[0], name: "second", 0...59)
        let minute = try Self.field(fields[1], name: "minute", 0...59)
        let hour = try Self.field(fields[2], name: "hour", 0...23)
        let dom = try Self.field(fields[3], name: "day-of-month", 1...31)
        let month = try Self.field(fields[4], name: "month", 1...12, names: Self.monthNames)
        let dow = try Self.field(fields[5], name: "day-of-week", 0...6, names: Self.weekdayNames)
        var times: [Int] = []
        for h in Self.members(hour.bits, 0...23) {
            for m in Self.members(minute.bits, 0...59) {
                for s in Self.members(second.bits, 0...59) { times.append(h * 3600 + m * 60 + s) }
            }
        }
        timing = .calendar(
            CalendarFields(
                timesOfDay: times,
                daysOfMonth: dom.bits,
                months: month.bits,
                daysOfWeek: dow.bits,
                daysMatchBoth: dom.isStar || dow.isStar
            )
        )
        if nextRun(after: Self.referenceDay * Self.day - 1) == nil {
            throw CronSyntaxError("the schedule never runs: no month has the days it names")
        }
    }

    /// The six fields, seconds first, of a schedule written in `syntax`, or why their count is wrong.
    private static func secondsFirst(
        _ fields: [String],
        syntax: Syntax,
        options: Options
    ) throws(CronSyntaxError) -> [String] {
        let names = ["minute", "hour", "day-of-month", "month", "day-of-week"]
        switch (syntax, fields.count) {
        case (.standard, 5), (.standardOrWithSeconds, 5):
            return ["0"] + fields
        case (.withSeconds, 6), (.standardOrWithSeconds, 6):
            return fields
        case (.withSeconds, 5) where options.contains(.optionalWeekday):
            return fields + ["*"]
        case (.standard, let count):
            let hint = count == 6 ? "; a leading seconds field is only for CloudNativePG schedules" : ""
            throw CronSyntaxError("expected 5 fields (\(names.joined(separator: " "))), found \(count)\(hint)")
        case (.withSeconds, let count):
            let order = (["second"] + names).joined(separator: " ")
            if options.contains(.optionalWeekday) {
                throw CronSyntaxError("expected 6 fields (\(order)) or 5 without day-of-week, found \(count)")
            }
            let hint = count == 5 ? "; CloudNativePG reads seconds first, so add a leading '0'" : ""
            throw CronSyntaxError("expected 6 fields (\(order)), found \(count)\(hint)")
        case (.standardOrWithSeconds, let count):
            throw CronSyntaxError(
                "expected 5 fields (\(names.joined(separator: " "))) or 6 with a leading second, found \(count)"
            )
        }
    }

    /// The schedule as written.
    public var description: String { text }

    /// Whether it runs at fixed clock times (every form but `@every`, which counts from the controller's start).
    public var hasFixedTimes: Bool {
        if case .every = timing { return false }
        return true
    }

    /// The longest time between two consecutive runs, in seconds: what a backup on this schedule can lose.
    ///
    /// A daily schedule gives a day, `0 */6 * * *` six hours, `0 0 1 * *` 31 days, `@every 6h` six hours.
    public var interval: Int {
        switch timing {
        case .every(let period):
            return period
        case .calendar(let fields):
            let times = fields.timesOfDay
            var longest = 0
            for (a, b) in zip(times, times.dropFirst()) { longest = max(longest, b - a) }
            guard let firstTime = times.first, let lastTime = times.last else { return 0 }
            var previous: Int?
            for day in Self.referenceDay..<(Self.referenceDay + Self.spanDays) where matches(day, fields) {
                if let previous { longest = max(longest, (day - previous) * Self.day + firstTime - lastTime) }
                previous = day
            }
            return longest
        }
    }

    /// The first run strictly after `time`, or `nil` for an `@every` schedule (its runs have no fixed time)
    /// or when it does not run in the next 28 years.
    public func nextRun(after time: Int) -> Int? {
        guard case .calendar(let fields) = timing else { return nil }
        let firstDay = CivilCalendar.floorDivide(time, Self.day)
        let secondOfDay = time - firstDay * Self.day
        if matches(firstDay, fields), let later = fields.timesOfDay.first(where: { $0 > secondOfDay }) {
            return firstDay * Self.day + later
        }
        guard let earliest = fields.timesOfDay.first else { return nil }
        for day in (firstDay + 1)...(firstDay + Self.spanDays + 366) where matches(day, fields) {
            return day * Self.day + earliest
        }
        return nil
    }

    /// The runs in `[start, end)`, at most `limit` of them, ascending; empty for an `@every` schedule.
    public func runs(from start: Int, to end: Int, limit: Int = 100_000) -> [Int] {
        guard case .calendar(let fields) = timing, end > start, limit > 0 else { return [] }
        var out: [Int] = []
        for day in CivilCalendar.floorDivide(start, Self.day)...CivilCalendar.floorDivide(end - 1, Self.day)
        where matches(day, fields) {
            for time in fields.timesOfDay {
                let run = day * Self.day + time
                guard run >= start, run < end else { continue }
                out.append(run)
                if out.count >= limit { return out }
            }
        }
        return out
    }

    /// Whether a run of this schedule starts within `window` seconds of a run of `other`, over 28 years.
    public func proximity(to other: CronExpression, window: Int) -> Proximity {
        guard hasFixedTimes, other.hasFixedTimes else { return .undetermined }
        // Walk the sparser schedule's runs and ask the other for its nearest run: cheap for a weekly
        // drill against an hourly backup.
        let walkSelf = interval >= other.interval
        let (walked, probed) = walkSelf ? (self, other) : (other, self)
        let end = (Self.referenceDay + Self.spanDays) * Self.day
        var time = Self.referenceDay * Self.day - 1
        var steps = 0
        while let run = walked.nextRun(after: time), run < end, steps < 300_000 {
            if let near = probed.nextRun(after: run - window - 1), near <= run + window {
                return .close(at: walkSelf ? run : near)
            }
            time = run
            steps += 1
        }
        return .apart
    }

    /// `Monday 06:00` for a time, as messages show when two schedules meet.
    public static func weekdayAndTime(_ time: Int) -> String {
        let day = CivilCalendar.floorDivide(time, Self.day)
        let second = time - day * Self.day
        let weekday = weekdayNamesLong[CivilCalendar.weekday(ofDay: day)]
        let hour = second / 3600
        let minute = second % 3600 / 60
        let clock = (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
        return "\(weekday) \(clock)"
    }

    // MARK: - Calendar

    private func matches(_ day: Int, _ fields: CalendarFields) -> Bool {
        let (_, month, dayOfMonth) = CivilCalendar.date(ofDay: day)
        guard fields.months & (1 << UInt64(month)) != 0 else { return false }
        let domMatches = fields.daysOfMonth & (1 << UInt64(dayOfMonth)) != 0
        let dowMatches = fields.daysOfWeek & (1 << UInt64(CivilCalendar.weekday(ofDay: day))) != 0
        return fields.daysMatchBoth ? domMatches && dowMatches : domMatches || dowMatches
    }

    /// The whole seconds of an `@every` period, read as Go's `time.ParseDuration` reads it, or `nil` below a
    /// second or beyond what a Go duration holds (robfig/cron drops the fraction of a second).
    private static func period(_ text: String) -> Int? {
        guard let seconds = Units.duration(text), seconds >= 1, seconds <= Double(Int64.max) / 1e9 else { return nil }
        return Int(seconds.rounded(.down))
    }

    // MARK: - Fields

    private static let descriptors: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    private static let monthNames = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]

    private static let weekdayNames = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    private static let weekdayNamesLong = [
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    ]

    private static func members(_ bits: UInt64, _ bounds: ClosedRange<Int>) -> [Int] {
        bounds.filter { bits & (1 << UInt64($0)) != 0 }
    }

    /// One field's values as bits, and whether it is an unrestricted `*`/`?` (which robfig/cron clears
    /// when a step above one is given).
    private static func field(
        _ text: String,
        name: String,
        _ bounds: ClosedRange<Int>,
        names: [String: Int] = [:]
    ) throws(CronSyntaxError) -> (bits: UInt64, isStar: Bool) {
        var bits: UInt64 = 0
        var isStar = false
        // robfig/cron skips empty list items: `1,,2` is `1,2`.
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let range = pieces.first, !range.isEmpty else {
                throw CronSyntaxError("'\(part)' is not a value, range or step in the \(name) field")
            }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else {
                    throw CronSyntaxError("the step '\(pieces[1])' in the \(name) field must be a positive number")
                }
                step = parsed
            }
            var low: Int
            var high: Int
            let ends = range.split(separator: "-", omittingEmptySubsequences: false)
            if ends[0] == "*" || ends[0] == "?" {
                // robfig/cron reads a range starting with `*` as the whole field, whatever follows its `-`.
                (low, high) = (bounds.lowerBound, bounds.upperBound)
                if step == 1 { isStar = true }
            } else {
                guard ends.count <= 2 else {
                    throw CronSyntaxError("'\(range)' is not a range in the \(name) field")
                }
                low = try value(ends[0], name: name, bounds, names)
                high = ends.count == 2 ? try value(ends[1], name: name, bounds, names) : low
                // `N/step` runs from N to the field's end.
                if ends.count == 1 && pieces.count == 2 { high = bounds.upperBound }
                guard low <= high else {
                    throw CronSyntaxError("the range '\(range)' in the \(name) field ends before it starts")
                }
            }
            for member in stride(from: low, through: high, by: step) { bits |= 1 << UInt64(member) }
        }
        guard bits != 0 else {
            throw CronSyntaxError("the \(name) field names no value, so the schedule never runs")
        }
        return (bits, isStar)
    }

    /// A number or name within the field's bounds; like Go's `strconv.Atoi`, a leading `+` is allowed.
    private static func value(
        _ text: Substring,
        name: String,
        _ bounds: ClosedRange<Int>,
        _ names: [String: Int]
    ) throws(CronSyntaxError) -> Int {
        if let named = names[text.lowercased()] { return named }
        guard let number = Int(text) else {
            throw CronSyntaxError("'\(text)' is not a number in the \(name) field")
        }
        guard bounds.contains(number) else {
            let extra = name == "day-of-week" && number == 7 ? " (Sunday is 0)" : ""
            throw CronSyntaxError(
                "\(number) is outside \(bounds.lowerBound)–\(bounds.upperBound) in the \(name) field\(extra)"
            )
        }
        return number
    }
}

/// Why a cron schedule was refused.
public struct CronSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason, in the style of a diagnostic message.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The reason.
    public var description: String { message }
}
