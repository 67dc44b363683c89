import StrataCore

/// How late a scheduled job may be before an alert says it is missing, in Prometheus' notation.
public enum AlertingSchedule {
    /// The longest wait between two runs of a cron schedule, in seconds; `nil` when it never runs or is not
    /// a schedule the controllers accept.
    ///
    /// The spec's schedules have five fields (VolSync, Velero) or six, seconds first (CloudNativePG).
    public static func longestInterval(_ schedule: String) -> Int? {
        (try? CronExpression(schedule, syntax: .standardOrWithSeconds))?.interval
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
