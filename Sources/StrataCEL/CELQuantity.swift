import Foundation

/// A Kubernetes resource quantity (`500m`, `1.5Gi`, `2e3`), held as an exact decimal.
public struct CELQuantity: Sendable, Hashable {
    /// The text the quantity was parsed from.
    public var text: String
    /// The numeric value.
    public var value: Decimal

    /// Parses a quantity in the Kubernetes syntax, or returns `nil`.
    public init?(parsing text: String) {
        let chars = Array(text)
        var i = 0
        var number = ""
        if i < chars.count, chars[i] == "+" || chars[i] == "-" {
            if chars[i] == "-" { number = "-" }
            i += 1
        }
        var digits = 0
        while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." {
            number.append(chars[i])
            if chars[i] != "." { digits += 1 }
            i += 1
        }
        guard digits > 0, number.filter({ $0 == "." }).count <= 1,
            let mantissa = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        let suffix = String(chars[i...])
        let multiplier: Decimal
        switch suffix {
        case "": multiplier = 1
        case "Ki": multiplier = pow(1024, 1)
        case "Mi": multiplier = pow(1024, 2)
        case "Gi": multiplier = pow(1024, 3)
        case "Ti": multiplier = pow(1024, 4)
        case "Pi": multiplier = pow(1024, 5)
        case "Ei": multiplier = pow(1024, 6)
        case "n": multiplier = Decimal(sign: .plus, exponent: -9, significand: 1)
        case "u": multiplier = Decimal(sign: .plus, exponent: -6, significand: 1)
        case "m": multiplier = Decimal(sign: .plus, exponent: -3, significand: 1)
        case "k": multiplier = Decimal(sign: .plus, exponent: 3, significand: 1)
        case "M": multiplier = Decimal(sign: .plus, exponent: 6, significand: 1)
        case "G": multiplier = Decimal(sign: .plus, exponent: 9, significand: 1)
        case "T": multiplier = Decimal(sign: .plus, exponent: 12, significand: 1)
        case "P": multiplier = Decimal(sign: .plus, exponent: 15, significand: 1)
        case "E": multiplier = Decimal(sign: .plus, exponent: 18, significand: 1)
        default:
            guard let first = suffix.first, first == "e" || first == "E", let e = Int(suffix.dropFirst()), abs(e) < 100
            else {
                return nil
            }
            multiplier = Decimal(sign: .plus, exponent: e, significand: 1)
        }
        self.text = text
        value = mantissa * multiplier
    }

    private init(value: Decimal) {
        self.value = value
        text = "\(value)"
    }

    private var integer: Int64? {
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 0, .plain)
        guard rounded == value, rounded >= Decimal(Int64.min), rounded <= Decimal(Int64.max) else { return nil }
        return Int64(NSDecimalNumber(decimal: rounded).stringValue)
    }

    private func operand(_ v: CELValue?, _ fail: () -> CELEvalError) throws(CELEvalError) -> Decimal {
        switch v {
        case .quantity(let q)?: return q.value
        case .int(let i)?: return Decimal(i)
        default: throw fail()
        }
    }

    func call(_ name: String, _ args: [CELValue], _ fail: () -> CELEvalError) throws(CELEvalError) -> CELValue {
        switch name {
        case "sign": return .int(value == 0 ? 0 : (value < 0 ? -1 : 1))
        case "isInteger": return .bool(integer != nil)
        case "asInteger":
            guard let i = integer else { throw CELEvalError("cannot convert value to integer") }
            return .int(i)
        case "asApproximateFloat": return .double(NSDecimalNumber(decimal: value).doubleValue)
        case "add": return .quantity(CELQuantity(value: value + (try operand(args.first, fail))))
        case "sub": return .quantity(CELQuantity(value: value - (try operand(args.first, fail))))
        case "compareTo", "isGreaterThan", "isLessThan":
            guard case .quantity(let other)? = args.first else { throw fail() }
            let c = value < other.value ? -1 : (value > other.value ? 1 : 0)
            if name == "compareTo" { return .int(Int64(c)) }
            return .bool(name == "isGreaterThan" ? c > 0 : c < 0)
        default: throw fail()
        }
    }
}
