/// A cron schedule read far enough to know the longest wait between two of its runs, which is how
/// late a backup may be before an alert says it is missing.
///
/// Reads the five-field form (`minute hour day-of-month month day-of-week`) and CloudNativePG's six-field
/// form with seconds first. Names of months and weekdays (`JAN`, `MON`) and `7` for Sunday are accepted;
/// when both day fields are restricted a day matches either, as cron does.
public struct AlertingSchedule: Sendable, Equatable {
    /// Minutes of the hour it runs at.
    let minutes: [Int]
    /// Hours of the day.
    let hours: [Int]
    /// Days of the month, or `nil` for every day.
    let daysOfMonth: Set<Int>?
    /// Months.
    let months: Set<Int>
    /// Days of the week (0 is Sunday), or `nil` for every day.
    let daysOfWeek: Set<Int>?

    /// Parses a schedule; `nil` when it is not a cron expression this reader understands.
    public init?(_ expression: String) {
        var fields = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if fields.count == 6 { fields.removeFirst() }
        guard fields.count == 5,
            let minutes = Self.values(fields[0], range: 0...59, names: [:]),
            let hours = Self.values(fields[1], range: 0...23, names: [:]),
            let days = Self.values(fields[2], range: 1...31, names: [:]),
            let months = Self.values(fields[3], range: 1...12, names: Self.monthNames),
            let weekdays = Self.values(fields[4], range: 0...7, names: Self.weekdayNames)
        else { return nil }
        self.minutes = minutes.sorted()
        self.hours = hours.sorted()
        self.daysOfMonth = fields[2].hasPrefix("*") ? nil : Set(days)
        self.months = Set(months)
        self.daysOfWeek = fields[4].hasPrefix("*") ? nil : Set(weekdays.map { $0 % 7 })
    }

    static let monthNames = Dictionary(
        uniqueKeysWithValues: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            .enumerated().map { ($1, $0 + 1) }
    )
    static let weekdayNames = Dictionary(
        uniqueKeysWithValues: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"].enumerated().map { ($1, $0) }
    )

    /// The values one field allows: lists of `*`, `a`, `a-b`, each optionally with `/step`.
    static func values(_ field: String, range: ClosedRange<Int>, names: [String: Int]) -> [Int]? {
        var result: Set<Int> = []
        for part in field.split(separator: ",") {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return nil }
            var step = 1
            if pieces.count == 2 {
                guard let value = Int(pieces[1]), value > 0 else { return nil }
                step = value
            }
            let base = String(pieces[0])
            var lower = range.lowerBound
            var upper = range.upperBound
            if base != "*" {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard bounds.count <= 2, let first = number(bounds[0], names: names) else { return nil }
                lower = first
                if bounds.count == 2 {
                    guard let last = number(bounds[1], names: names) else { return nil }
                    upper = last
                } else if pieces.count == 1 {
                    upper = first
                }
            }
            guard range.contains(lower), range.contains(upper), lower <= upper else { return nil }
            result.formUnion(stride(from: lower, through: upper, by: step))
        }
        return result.isEmpty ? nil : Array(result)
    }

    private static func number(_ text: String, names: [String: Int]) -> Int? {
        Int(text) ?? names[text.uppercased()]
    }

    /// The longest time between two consecutive runs, in seconds, over a leap year and the days around
    /// it; `nil` when the schedule never runs (30 February).
    public var longestIntervalSeconds: Int? {
        var previous: Int?
        var first: Int?
        var longest = 0
        // 2024-01-01 was a Monday; two years cover every month length, weekday and leap day.
        var weekday = 1
        var dayIndex = 0
        for year in [2024, 2025] {
            for month in 1...12 {
                for day in 1...Self.length(of: month, in: year) {
                    defer {
                        dayIndex += 1
                        weekday = (weekday + 1) % 7
                    }
                    guard months.contains(month), matches(day: day, weekday: weekday) else { continue }
                    for hour in hours {
                        for minute in minutes {
                            let time = ((dayIndex * 24 + hour) * 60 + minute) * 60
                            if let previous { longest = max(longest, time - previous) }
                            previous = time
                            first = first ?? time
                        }
                    }
                }
            }
        }
        guard first != nil else { return nil }
        // A single run in two years would not repeat within them; report the span as the interval.
        return longest == 0 ? dayIndex * 86_400 : longest
    }

    private func matches(day: Int, weekday: Int) -> Bool {
        switch (daysOfMonth, daysOfWeek) {
        case (nil, nil): true
        case (let days?, nil): days.contains(day)
        case (nil, let weekdays?): weekdays.contains(weekday)
        case (let days?, let weekdays?): days.contains(day) || weekdays.contains(weekday)
        }
    }

    private static func length(of month: Int, in year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// A duration in seconds in Prometheus' notation, in the largest unit that divides it (`36h`, `90m`).
    public static func duration(seconds: Int) -> String {
        for (suffix, size) in [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60)]
        where seconds >= size && seconds % size == 0 {
            return "\(seconds / size)\(suffix)"
        }
        return "\(seconds)s"
    }
}
