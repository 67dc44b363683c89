import StrataAnalyze
import StrataCore

/// How reports write figures: sizes in binary units with thousands separators, durations like Go, shares in %.
///
/// Independent of the locale, so that output is the same everywhere.
public enum PlanFormat {
    /// `931 GiB`, `4.5 GiB`, `612 MiB`, `2,794 GiB`.
    public static func bytes(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "?" }
        let units: [(String, Double)] = [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024)]
        for (unit, size) in units where abs(value) >= size {
            let scaled = value / size
            return (abs(scaled) < 10 ? decimal(scaled, places: 1) : grouped(scaled.rounded())) + " " + unit
        }
        return grouped(value.rounded()) + " B"
    }

    /// `1h30m`, `5m40s`; `?` when unknown.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "?" }
        return seconds < 0 ? "-" + Units.formatDuration(-seconds) : Units.formatDuration(seconds)
    }

    /// `97%`, `32.2%` under 100 with one decimal when it is not whole.
    public static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "?" }
        let value = share * 100
        return (value.rounded() == value || value >= 100 ? grouped(value.rounded()) : decimal(value, places: 1)) + "%"
    }

    /// `57,600,000`.
    public static func count(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "?" }
        return grouped(value.rounded())
    }

    /// A whole number with a comma every three digits.
    static func grouped(_ value: Double) -> String {
        let negative = value < 0
        var digits = String(Int64(abs(value)))
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (negative ? "-" : "") + digits + out
    }

    /// A number with `places` decimals, without a trailing `.0`.
    static func decimal(_ value: Double, places: Int) -> String {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        if rounded == rounded.rounded() { return grouped(rounded) }
        let whole = Int64(rounded.magnitude)
        var fraction = String(Int64(((rounded.magnitude - Double(whole)) * factor).rounded()))
        while fraction.count < places { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (rounded < 0 ? "-" : "") + grouped(Double(whole)) + "." + fraction
    }
}
