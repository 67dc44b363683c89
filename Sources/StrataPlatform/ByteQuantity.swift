/// Sizes written as Kubernetes quantities (`64Gi`, `1T`, `500G`, or a plain number of bytes).
public enum ByteQuantity {
    /// The suffixes a size may carry, with the number of bytes each stands for: binary (`Ki` = 1024) and
    /// decimal (`k` = 1000), as Kubernetes reads them.
    public static let suffixes: [(suffix: String, bytes: Int64)] = [
        ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40), ("Pi", 1 << 50), ("Ei", 1 << 60),
        ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
        ("P", 1_000_000_000_000_000), ("E", 1_000_000_000_000_000_000),
    ]

    /// The text a size must match (the schema's pattern); exactness and range are checked on top.
    public static let pattern = #"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$"#

    /// The number of bytes `text` stands for; `nil` when it is not a quantity, is not a whole number of
    /// bytes, or does not fit in 64 bits.
    public static func bytes(_ text: String) -> Int64? {
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let suffix = text.dropFirst(number.count)
        let multiplier: Int64
        if suffix.isEmpty {
            multiplier = 1
        } else if let entry = suffixes.first(where: { $0.suffix == suffix }) {
            multiplier = entry.bytes
        } else {
            return nil
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, parts.count <= 2, let wholeValue = Int64(whole) else {
            return nil
        }
        var fraction: Substring = ""
        if parts.count == 2 {
            fraction = parts[1]
            guard !fraction.isEmpty else { return nil }
        }
        let (scaled, overflow) = wholeValue.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        guard !fraction.isEmpty else { return scaled }
        // The fraction must come out as whole bytes: 1.5Gi is, 1.5 (bytes) is not.
        guard fraction.count <= 18, let fractionValue = Int64(fraction) else { return nil }
        var denominator: Int64 = 1
        for _ in 0..<fraction.count { denominator *= 10 }
        let (numerator, overflow2) = fractionValue.multipliedReportingOverflow(by: multiplier)
        guard !overflow2, numerator % denominator == 0 else { return nil }
        let (total, overflow3) = scaled.addingReportingOverflow(numerator / denominator)
        return overflow3 ? nil : total
    }

    /// The shortest exact quantity text for a number of bytes (`64Gi`, `1T`, `512G`).
    public static func text(_ bytes: Int64) -> String {
        var best = String(bytes)
        guard bytes > 0 else { return best }
        for (suffix, size) in suffixes where bytes % size == 0 {
            let candidate = "\(bytes / size)\(suffix)"
            if candidate.count < best.count || (candidate.count == best.count && suffix.hasSuffix("i")) {
                best = candidate
            }
        }
        return best
    }
}
