/// Days counted from 1970-01-01 and the proleptic Gregorian dates they fall on, for any day, with integer
/// arithmetic only (the era method: 400-year eras of 146,097 days, years starting in March so the leap day
/// comes last).
public enum CivilCalendar {
    /// Days from 0000-03-01 to 1970-01-01.
    private static let epochShift = 719_468
    /// Days in a 400-year era.
    private static let eraDays = 146_097

    /// The year, month (1–12) and day of month of a day counted from 1970-01-01.
    public static func date(ofDay day: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = day + epochShift
        let era = floorDivide(shifted, eraDays)
        let dayOfEra = shifted - era * eraDays
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }

    /// The day, counted from 1970-01-01, of a date.
    public static func day(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * eraDays + dayOfEra - epochShift
    }

    /// The weekday of a day counted from 1970-01-01 (a Thursday), Sunday 0.
    public static func weekday(ofDay day: Int) -> Int { ((day % 7) + 7 + 4) % 7 }

    /// `a / b` rounded towards negative infinity, for a positive `b`.
    public static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
