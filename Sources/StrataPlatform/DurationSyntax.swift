/// The ways the spec writes a length of time, one per program that reads it, since each accepts a
/// different form: `m` is minutes to Go but months to CloudNativePG.
public enum DurationSyntax: Sendable, CaseIterable {
    /// A Go duration as Flux and Velero read it: `10m`, `1h30m`, `720h`.
    case go
    /// A VictoriaMetrics scrape interval: one number and unit, `30s`.
    case scrapeInterval
    /// VictoriaMetrics' `retentionPeriod`: `90d`, `12w`, `1y`, `48h`, or a bare number of months.
    case metricsRetention
    /// CloudNativePG's `retentionPolicy`: `30d`, `4w`, `6m` (`m` is months).
    case databaseRetention
    /// A recovery objective: units from seconds to weeks, combined (`1h30m`, `24h`, `7d`), or `0`.
    case objective

    /// The text a value must match (the schema's pattern).
    public var pattern: String {
        switch self {
        case .go: #"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"#
        case .scrapeInterval: #"^[0-9]+(ms|s|m|h)$"#
        case .metricsRetention: #"^[0-9]+(h|d|w|y)?$"#
        case .databaseRetention: #"^[1-9][0-9]*[dwm]$"#
        case .objective: #"^(0|([0-9]+(s|m|h|d|w))+)$"#
        }
    }

    /// Examples for messages.
    public var examples: String {
        switch self {
        case .go: "'30s', '10m', '1h30m'"
        case .scrapeInterval: "'30s', '1m'"
        case .metricsRetention: "'90d', '12w', '1y'"
        case .databaseRetention: "'30d', '4w', '6m'"
        case .objective: "'0', '15m', '4h', '1d'"
        }
    }

    /// The length of `text` in whole seconds (fractions rounded down), or `nil` when this syntax does not accept it.
    public func seconds(_ text: String) -> Int? {
        switch self {
        case .go: Self.sum(text, units: ["ms": 0.001, "s": 1, "m": 60, "h": 3600], fractions: true)
        case .scrapeInterval: Self.single(text, units: ["ms": 0.001, "s": 1, "m": 60, "h": 3600])
        case .metricsRetention:
            // A bare number is months; VictoriaMetrics counts a month as 31 days.
            text.allSatisfy({ $0.isASCII && $0.isNumber }) && !text.isEmpty
                ? Int(text).map { $0 * 31 * 86_400 }
                : Self.single(text, units: ["h": 3600, "d": 86_400, "w": 604_800, "y": 365 * 86_400])
        case .databaseRetention:
            text.first == "0" ? nil : Self.single(text, units: ["d": 86_400, "w": 604_800, "m": 30 * 86_400])
        case .objective:
            text == "0"
                ? 0
                : Self.sum(text, units: ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800], fractions: false)
        }
    }

    /// The shortest text of this syntax for a number of seconds (`86400` is `24h` for Go, `1d` otherwise).
    public func text(seconds: Int) -> String {
        let units: [(String, Int)]
        switch self {
        case .go, .scrapeInterval: units = [("h", 3600), ("m", 60), ("s", 1)]
        case .metricsRetention: units = [("w", 604_800), ("d", 86_400), ("h", 3600)]
        case .databaseRetention: units = [("w", 604_800), ("d", 86_400)]
        case .objective:
            if seconds == 0 { return "0" }
            units = [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        }
        for (unit, size) in units where seconds % size == 0 { return "\(seconds / size)\(unit)" }
        return "\(seconds)s"
    }

    /// One number and one unit.
    private static func single(_ text: String, units: [String: Double]) -> Int? {
        let number = text.prefix { $0.isASCII && $0.isNumber }
        guard !number.isEmpty, let value = Int(number), let factor = units[String(text.dropFirst(number.count))]
        else { return nil }
        let (total, overflow) = value.multipliedReportingOverflow(by: Int(factor.rounded(.up)))
        guard !overflow else { return nil }
        return factor < 1 ? Int(Double(value) * factor) : total
    }

    /// A sequence of numbers with units, added up.
    private static func sum(_ text: String, units: [String: Double], fractions: Bool) -> Int? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || (fractions && $0 == ".")) }
            guard !number.isEmpty, number.first != ".", number.last != ".", let value = Double(number) else {
                return nil
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            guard let factor = units[String(unit)] else { return nil }
            total += value * factor
        }
        guard total < Double(Int.max / 2) else { return nil }
        return Int(total)
    }
}
