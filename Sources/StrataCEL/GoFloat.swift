/// Formats doubles the way Go's `strconv.FormatFloat(f, 'g', -1, 64)` does, which is what CEL's `string(double)`
/// produces: shortest round-trip digits, exponent form below 1e-4 and from 1e6 up.
enum GoFloat {
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let (digits, dp) = shortestDigits(value.magnitude)
        let sign = value.sign == .minus ? "-" : ""
        if digits.isEmpty { return sign + "0" }
        let exp = dp - 1
        if exp < -4 || exp >= 6 {
            var out = sign + String(digits.first ?? "0")
            if digits.count > 1 { out += "." + digits.dropFirst() }
            let e = exp.magnitude
            out += (exp < 0 ? "e-" : "e+") + (e < 10 ? "0" : "") + String(e)
            return out
        }
        if dp <= 0 { return sign + "0." + String(repeating: "0", count: -dp) + digits }
        if dp >= digits.count { return sign + digits + String(repeating: "0", count: dp - digits.count) }
        let cut = digits.index(digits.startIndex, offsetBy: dp)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    /// Shortest decimal digits (no leading or trailing zeros) and the decimal point position.
    static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = "\(value)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var dp = 0
        var seenPoint = false
        for ch in mantissa {
            if ch == "." {
                seenPoint = true
            } else {
                digits.append(ch)
                if !seenPoint { dp += 1 }
            }
        }
        while digits.first == "0" {
            digits.removeFirst()
            dp -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, dp + exponent)
    }
}
