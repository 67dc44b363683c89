/// Parsers for the units Kubernetes manifests and `strata.yaml` write sizes and times in.
public enum Units {
    /// The value of a Kubernetes quantity (`64Gi`, `500M`, `1.5`, `250m`, `1e3`), or `nil` when malformed.
    ///
    /// Binary suffixes (Ki … Ei) are powers of 1024 and decimal ones (k, M … E, m) powers of 1000, as in
    /// k8s.io/apimachinery `resource.Quantity`.
    public static func quantity(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
            ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18), ("m", 1e-3),
        ]
        for (suffix, factor) in suffixes where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count)), number.isFinite else { return nil }
            return number * factor
        }
        guard let number = Double(trimmed), number.isFinite else { return nil }
        return number
    }

    /// The seconds of a Go duration (`1h30m`, `90s`, `1.5h`, `500ms`), or `nil` when malformed.
    ///
    /// Follows Go's `time.ParseDuration`, which Flux and the controllers use for `interval`, `timeout` and
    /// `retryInterval`. Days are not a Go unit; `d` is accepted only when `allowDays` is set.
    public static func duration(_ text: String, allowDays: Bool = false) -> Double? {
        var rest = Substring(text.trimmingSpaces)
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            if rest.first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(unit.count)
            let factor: Double
            switch unit {
            case "ns": factor = 1e-9
            case "us", "µs", "μs": factor = 1e-6
            case "ms": factor = 1e-3
            case "s": factor = 1
            case "m": factor = 60
            case "h": factor = 3600
            case "d" where allowDays: factor = 86400
            case "w" where allowDays: factor = 604_800
            default: return nil
            }
            total += value * factor
        }
        return sign * total
    }

    /// A human-readable duration: `90s` → `1m30s`, `86400s` → `24h`.
    public static func formatDuration(_ seconds: Double) -> String {
        var remaining = Int(seconds.rounded())
        if remaining == 0 { return "0s" }
        var out = ""
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where remaining >= size {
            out += "\(remaining / size)\(unit)"
            remaining %= size
        }
        return out
    }

    /// A human-readable size in binary units: `1073741824` → `1Gi`, `1610612736` → `1.5Gi`.
    public static func formatBytes(_ bytes: Double) -> String {
        let units = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
        var value = bytes
        var index = 0
        while abs(value) >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return text + units[index]
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
