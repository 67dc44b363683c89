import StrataAnalyze
import StrataCore
import Testing

@Suite("Cron schedules")
struct CronScheduleTests {
    static let hour = 3600.0
    static let day = 86400.0
    static let intervals: [(String, Double)] = [
        ("0 */6 * * *", 6 * hour),
        ("0 2 * * 0", 7 * day),
        ("30 3 * * 1-5", 3 * day),
        ("0 0 1 * *", 31 * day),
        ("@yearly", 365 * day),
        ("@monthly", 31 * day),
        ("@weekly", 7 * day),
        ("@daily", day),
        ("@hourly", hour),
        ("0 0 0 * * *", day),
        ("0 30 */4 * * *", 4 * hour),
        ("@every 90m", 5400.0),
        ("@every 1h30m", 5400.0),
        ("*/15 9-17 * * *", 15 * hour + 15 * 60),
        ("0 0 29 2 *", 1461 * day),
        ("CRON_TZ=Europe/Berlin 0 3 * * *", day),
        // The last Monday of March 2025 is the 31st; the first of January 2026 is the 5th.
        ("0 12 * JAN-MAR MON", 280 * day),
        ("0 0 * * 7", 7 * day),
        ("5 4 1,15 * *", 17 * day),
    ]

    @Test("the longest gap between runs is computed by hand", arguments: intervals)
    func maxInterval(_ text: String, _ expected: Double) throws {
        let schedule = try #require(CronSchedule(text))
        #expect(schedule.maxInterval == expected)
    }

    @Test("a schedule for a day that never comes has no interval")
    func neverRuns() throws {
        let schedule = try #require(CronSchedule("0 0 31 2 *"))
        #expect(schedule.maxInterval == nil)
        #expect(schedule.runs(from: 0, to: 400 * 86400).isEmpty)
    }

    @Test(
        "malformed schedules are rejected",
        arguments: [
            "61 * * * *", "* * *", "@every -5m", "@every", "0 0 L * *", "0 0 * * MON#2", "1-0 * * * *", "*/0 * * * *",
            "0 0 0 0 0 0 0", "@sometimes", "",
        ]
    )
    func malformed(_ text: String) {
        #expect(CronSchedule(text) == nil)
    }

    @Test("runs are listed at their clock times")
    func runs() throws {
        let schedule = try #require(CronSchedule("15 */6 * * *"))
        #expect(schedule.runs(from: 0, to: 86400) == [900, 22500, 44100, 65700])
        #expect(schedule.runs(from: 1000, to: 22500) == [])
    }

    @Test("restricted day-of-month and day-of-week run on either")
    func dayOr() throws {
        // 2025-01-03 and 2025-01-10 are Fridays; the 13th is a Monday.
        let schedule = try #require(CronSchedule("0 0 13 * 5"))
        let expected: [Double] = [2 * Self.day, 9 * Self.day, 12 * Self.day]
        #expect(schedule.runs(from: 0, to: 14 * Self.day) == expected)
    }

    @Test("a star in one day field makes the other decide alone")
    func dayAnd() throws {
        let schedule = try #require(CronSchedule("0 0 */2 * *"))
        let expected: [Double] = [0, 2 * Self.day, 4 * Self.day]
        #expect(schedule.runs(from: 0, to: 5 * Self.day) == expected)
        // Odd days of the month: never more than two days apart.
        #expect(schedule.maxInterval == 2 * Self.day)
    }

    @Test("every-schedules have no fixed clock times")
    func every() throws {
        let schedule = try #require(CronSchedule("@every 6h"))
        #expect(!schedule.hasFixedTimes)
        #expect(schedule.runs(from: 0, to: 86400).isEmpty)
    }
}
