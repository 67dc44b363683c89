import Foundation
import Testing

@testable import StrataCore

@Suite("Cron expressions")
struct CronExpressionTests {
    static let hour = 3600
    static let day = 86_400

    @Test(
        "The interval is the longest gap between consecutive runs",
        arguments: [
            ("0 2 * * *", CronExpression.Syntax.standard, day),
            ("0 */6 * * *", .standard, 6 * hour),
            ("*/15 * * * *", .standard, 900),
            ("0 3 * * 0", .standard, 7 * day),
            ("0 0 1 * *", .standard, 31 * day),
            ("0 0 1,15 * *", .standard, 17 * day),
            ("0 9-17 * * 1-5", .standard, 64 * hour),
            ("0 0 29 2 *", .standard, 1461 * day),
            ("0 0 13 * 5", .standard, 7 * day),
            ("0 0 * JAN,jul *", .standard, 154 * day),
            ("0 9 * * MON-FRI", .standard, 72 * hour),
            ("0 0 */6 * * *", .withSeconds, 6 * hour),
            ("30 0 0 * * 1", .withSeconds, 7 * day),
            ("*/30 * * * * *", .withSeconds, 30),
            ("@daily", .standard, day),
            ("@midnight", .withSeconds, day),
            ("@hourly", .standard, hour),
            ("@weekly", .standard, 7 * day),
            ("@monthly", .standard, 31 * day),
            ("@yearly", .standard, 366 * day),
            ("@every 6h", .standard, 6 * hour),
            ("@every 1h30m", .withSeconds, 90 * 60),
            ("@every 90m", .standard, 90 * 60),
            // robfig/cron drops the fraction of a second.
            ("@every 1.5s", .standard, 1),
            ("0 2 * * 0", .standard, 7 * day),
            ("30 3 * * 1-5", .standard, 3 * day),
            ("*/15 9-17 * * *", .standard, 15 * hour + 15 * 60),
            // The last Monday of March 2024 is the 25th and the first of January 2025 the 6th.
            ("0 12 * JAN-MAR MON", .standard, 287 * day),
            ("0 0 */2 * *", .standard, 2 * day),
            ("0 0 0 * * *", .standardOrWithSeconds, day),
            ("0 30 */4 * * *", .standardOrWithSeconds, 4 * hour),
            ("0 2 * * *", .standardOrWithSeconds, day),
            ("@weekly", .standardOrWithSeconds, 7 * day),
            // Empty list items are skipped, a leading `+` is read as Go's `strconv.Atoi` reads it, and a
            // range from `*` is the whole field: all as robfig/cron parses them.
            ("1,,2 * * * *", .standard, hour - 60),
            ("+5 * * * *", .standard, hour),
            ("*-5 * * * *", .standard, 60),
            ("0 2 * * *\n", .standard, day),
        ]
    )
    func interval(text: String, syntax: CronExpression.Syntax, expected: Int) throws {
        let expression = try CronExpression(text, syntax: syntax)
        #expect(expression.interval == expected)
    }

    @Test(
        "A schedule its controller would refuse is refused with the reason",
        arguments: [
            ("", CronExpression.Syntax.standard, "the schedule is empty"),
            ("0 2 * *", .standard, "expected 5 fields (minute hour day-of-month month day-of-week), found 4"),
            ("0 0 2 * * *", .standard, "a leading seconds field is only for CloudNativePG schedules"),
            ("0 */6 * * *", .withSeconds, "CloudNativePG reads seconds first, so add a leading '0'"),
            ("61 * * * *", .standard, "61 is outside 0–59 in the minute field"),
            ("0 24 * * *", .standard, "24 is outside 0–23 in the hour field"),
            ("0 0 0 * *", .standard, "0 is outside 1–31 in the day-of-month field"),
            ("0 0 * * 7", .standard, "7 is outside 0–6 in the day-of-week field (Sunday is 0)"),
            ("0 0 * 13 *", .standard, "13 is outside 1–12 in the month field"),
            ("*/0 * * * *", .standard, "the step '0' in the minute field must be a positive number"),
            ("5-1 * * * *", .standard, "the range '5-1' in the minute field ends before it starts"),
            ("a * * * *", .standard, "'a' is not a number in the minute field"),
            ("1/ * * * *", .standard, "the step '' in the minute field must be a positive number"),
            ("1/2/3 * * * *", .standard, "'1/2/3' is not a value, range or step in the minute field"),
            ("1-2-3 * * * *", .standard, "'1-2-3' is not a range in the minute field"),
            (", * * * *", .standard, "the minute field names no value, so the schedule never runs"),
            ("0 0 L * *", .standard, "'L' is not a number in the day-of-month field"),
            ("0 0 * * MON#2", .standard, "'MON#2' is not a number in the day-of-week field"),
            ("0 0 30 2 *", .standard, "the schedule never runs"),
            ("0 0 31 2 *", .standard, "the schedule never runs"),
            ("@fortnightly", .standard, "unknown descriptor '@fortnightly'"),
            ("@dialy", .standard, "did you mean '@daily'?"),
            ("@Daily", .standard, "unknown descriptor '@Daily'; did you mean '@daily'?"),
            ("@daily 3h", .standard, "'@daily' takes nothing after it"),
            ("@every 0s", .standard, "'@every' needs one duration of at least a second"),
            ("@every 500ms", .standard, "'@every' needs one duration of at least a second"),
            ("@every -5m", .standard, "'@every' needs one duration of at least a second"),
            ("@every 6 h", .standard, "'@every' needs one duration"),
            ("@every", .standard, "'@every' needs one duration"),
            ("TZ=UTC 0 2 * * *", .standard, "a time zone prefix is not accepted here"),
            ("CRON_TZ=UTC 0 0 2 * * *", .withSeconds, "a time zone prefix is not accepted here"),
            ("* * *", .standardOrWithSeconds, "expected 5 fields (minute hour day-of-month month day-of-week) or 6"),
            ("0 0 0 0 0 0 0", .standardOrWithSeconds, "or 6 with a leading second, found 7"),
            ("0 2 * *", .withSeconds, "expected 6 fields (second minute hour day-of-month month day-of-week), found 4"),
        ]
    )
    func refused(text: String, syntax: CronExpression.Syntax, reason: String) {
        #expect {
            _ = try CronExpression(text, syntax: syntax)
        } throws: { error in
            (error as? CronSyntaxError)?.message.contains(reason) == true
        }
    }

    @Test(
        "A time zone prefix is ignored where the controller takes one",
        arguments: [
            ("CRON_TZ=Europe/Berlin 0 3 * * *", day),
            ("TZ=UTC @daily", day),
            ("TZ=Asia/Kolkata 30 */6 * * *", 6 * hour),
        ]
    )
    func timeZone(text: String, expected: Int) throws {
        let expression = try CronExpression(text, syntax: .standard, options: .ignoringTimeZone)
        #expect(expression.interval == expected)
        #expect(expression.text == text)
    }

    @Test("A zone with nothing after it is refused")
    func zoneAlone() {
        #expect(throws: CronSyntaxError("no schedule follows the zone 'TZ=UTC'")) {
            try CronExpression("TZ=UTC", syntax: .standard, options: .ignoringTimeZone)
        }
    }

    @Test("CloudNativePG may leave out the day of week, seconds still first")
    func optionalWeekday() throws {
        // Second 0, minute 2 of every hour: not 02:00 every day.
        let hourly = try CronExpression("0 2 * * *", syntax: .withSeconds, options: .optionalWeekday)
        #expect(hourly.interval == Self.hour)
        let sixFields = try CronExpression("0 0 3 * * 1", syntax: .withSeconds, options: .optionalWeekday)
        #expect(sixFields.interval == 7 * Self.day)
        #expect(throws: CronSyntaxError.self) {
            try CronExpression("0 2 * *", syntax: .withSeconds, options: .optionalWeekday)
        }
    }

    @Test("Runs are listed at their clock times within the span asked for")
    func runs() throws {
        let schedule = try CronExpression("15 */6 * * *", syntax: .standard)
        #expect(schedule.runs(from: 0, to: Self.day) == [900, 22500, 44100, 65700])
        #expect(schedule.runs(from: 1000, to: 22500) == [])
        #expect(schedule.runs(from: 0, to: Self.day, limit: 2) == [900, 22500])
        #expect(try CronExpression("@every 6h", syntax: .standard).runs(from: 0, to: Self.day).isEmpty)
    }

    /// 2025-01-01 00:00, a Wednesday.
    static let newYear = 1_735_689_600

    @Test("Restricted day-of-month and day-of-week run on either")
    func dayOr() throws {
        // 2025-01-03 and 2025-01-10 are Fridays; the 13th is a Monday.
        let schedule = try CronExpression("0 0 13 * 5", syntax: .standard)
        let expected = [2, 9, 12].map { Self.newYear + $0 * Self.day }
        #expect(schedule.runs(from: Self.newYear, to: Self.newYear + 14 * Self.day) == expected)
    }

    @Test("A star in one day field makes the other decide alone")
    func dayAnd() throws {
        let schedule = try CronExpression("0 0 */2 * *", syntax: .standard)
        let expected = [0, 2, 4].map { Self.newYear + $0 * Self.day }
        #expect(schedule.runs(from: Self.newYear, to: Self.newYear + 5 * Self.day) == expected)
        // `*/2` is no star: with a weekday as well, a day matches either field.
        let either = try CronExpression("0 0 */2 * 4", syntax: .standard)
        let withThursday = [0, 1, 2, 4].map { Self.newYear + $0 * Self.day }
        #expect(either.runs(from: Self.newYear, to: Self.newYear + 5 * Self.day) == withThursday)
    }

    @Test("Every-schedules have no fixed clock times")
    func every() throws {
        let schedule = try CronExpression("@every 6h", syntax: .standard)
        #expect(!schedule.hasFixedTimes)
        #expect(try CronExpression("@hourly", syntax: .standard).hasFixedTimes)
    }

    @Test("The next run follows the calendar, in the schedule's zone")
    func nextRun() throws {
        let monday = CronExpression.referenceDay * CronExpression.day
        let nightly = try CronExpression("0 2 * * *", syntax: .standard)
        #expect(nightly.nextRun(after: monday) == monday + 2 * Self.hour)
        #expect(nightly.nextRun(after: monday + 2 * Self.hour) == monday + Self.day + 2 * Self.hour)
        let sundays = try CronExpression("0 3 * * 0", syntax: .standard)
        #expect(sundays.nextRun(after: monday) == monday + 6 * Self.day + 3 * Self.hour)
        #expect(try CronExpression("@every 6h", syntax: .standard).nextRun(after: monday) == nil)
    }

    @Test("Two schedules are close when one starts within the window of the other")
    func proximity() throws {
        let nightly = try CronExpression("0 2 * * *", syntax: .standard)
        let monday = CronExpression.referenceDay * CronExpression.day
        let late = try CronExpression("0 3 * * 1", syntax: .standard)
        #expect(late.proximity(to: nightly, window: Self.hour) == .close(at: monday + 3 * Self.hour))
        #expect(nightly.proximity(to: late, window: Self.hour) == .close(at: monday + 2 * Self.hour))
        let clear = try CronExpression("0 6 * * 1", syntax: .standard)
        #expect(clear.proximity(to: nightly, window: Self.hour) == .apart)
        let postgres = try CronExpression("0 0 */6 * * *", syntax: .withSeconds)
        #expect(clear.proximity(to: postgres, window: Self.hour) == .close(at: monday + 6 * Self.hour))
        // Across midnight: 23:30 on Sunday is within an hour of 00:15 on Monday.
        let beforeMidnight = try CronExpression("30 23 * * 0", syntax: .standard)
        let afterMidnight = try CronExpression("15 0 * * 1", syntax: .standard)
        #expect(beforeMidnight.proximity(to: afterMidnight, window: Self.hour) != .apart)
        let every = try CronExpression("@every 6h", syntax: .standard)
        #expect(clear.proximity(to: every, window: Self.hour) == .undetermined)
    }

    @Test("Calendar arithmetic matches known dates")
    func calendar() {
        #expect(CivilCalendar.date(ofDay: 0) == (1970, 1, 1))
        #expect(CivilCalendar.date(ofDay: CronExpression.referenceDay) == (2024, 1, 1))
        #expect(CivilCalendar.date(ofDay: CronExpression.referenceDay + 59) == (2024, 2, 29))
        #expect(CivilCalendar.date(ofDay: -1) == (1969, 12, 31))
        #expect(CivilCalendar.day(year: 2024, month: 1, day: 1) == CronExpression.referenceDay)
        #expect(CivilCalendar.day(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.weekday(ofDay: 0) == 4)
        #expect(CivilCalendar.weekday(ofDay: -1) == 3)
        #expect(CivilCalendar.weekday(ofDay: CronExpression.referenceDay) == 1)
        let time = CronExpression.referenceDay * CronExpression.day + 6 * Self.hour + 5 * 60
        #expect(CronExpression.weekdayAndTime(time) == "Monday 06:05")
    }

    @Test("Dates, days and weekdays agree with Foundation's Gregorian calendar from 1600 to 2400")
    func calendarAgreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let first = CivilCalendar.day(year: 1600, month: 1, day: 1)
        let last = CivilCalendar.day(year: 2400, month: 12, day: 31)
        for day in stride(from: first, through: last, by: 13) {
            let date = Date(timeIntervalSince1970: TimeInterval(day) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilCalendar.date(ofDay: day)
            #expect(civil.year == parts.year && civil.month == parts.month && civil.day == parts.day, "day \(day)")
            #expect(CivilCalendar.day(year: civil.year, month: civil.month, day: civil.day) == day)
            // Foundation counts weekdays from Sunday = 1.
            #expect(CivilCalendar.weekday(ofDay: day) + 1 == parts.weekday, "day \(day)")
        }
    }
}
