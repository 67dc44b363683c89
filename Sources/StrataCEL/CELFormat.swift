import Foundation

/// The named string formats of the Kubernetes format library (`format.dns1123Label()`,
/// `format.named('uuid')`), whose `validate(s)` returns `optional.none()` for a valid string or the list of
/// problems, worded as the API server's validators word them.
enum CELFormat {
    static let names: Set<String> = [
        "dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix",
        "dns1123SubdomainPrefix", "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime",
    ]

    private static let label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    private static let subdomain = label + "(\\." + label + ")*"
    private static let label1035 = "[a-z]([-a-z0-9]*[a-z0-9])?"
    private static let qualified = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    private static let labelValue = "(" + qualified + ")?"
    private static let uuid = "(?i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})"

    private static func full(_ pattern: String, _ s: String) -> Bool {
        s.range(of: "^(?:" + pattern + ")$", options: .regularExpression) != nil && !s.contains("\n")
    }

    private static func regexError(_ message: String, _ pattern: String, _ examples: [String]) -> String {
        var out = message + " (e.g. "
        for (i, e) in examples.enumerated() { out += (i > 0 ? " or " : "") + "'\(e)', " }
        return out + "regex used for validation is '\(pattern)')"
    }

    private static func maxLength(_ n: Int) -> String { "must be no more than \(n) characters" }

    private static func dnsLabel(_ s: String) -> [String] {
        var errors: [String] = []
        if s.utf8.count > 63 { errors.append(maxLength(63)) }
        if !full(label, s) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                    label,
                    ["my-name", "123-abc"]
                )
            )
        }
        return errors
    }

    private static func dnsSubdomain(_ s: String) -> [String] {
        var errors: [String] = []
        if s.utf8.count > 253 { errors.append(maxLength(253)) }
        if !full(subdomain, s) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                    subdomain,
                    ["example.com"]
                )
            )
        }
        return errors
    }

    private static func dns1035(_ s: String) -> [String] {
        var errors: [String] = []
        if s.utf8.count > 63 { errors.append(maxLength(63)) }
        if !full(label1035, s) {
            errors.append(
                regexError(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                    label1035,
                    ["my-name", "abc-123"]
                )
            )
        }
        return errors
    }

    /// Name prefixes for `generateName` may end in `-`; the API server masks that dash before checking.
    private static func maskTrailingDash(_ s: String) -> String {
        s.utf8.count > 1 && s.hasSuffix("-") ? String(s.dropLast(2)) + "a" : s
    }

    private static let qualifiedMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    private static func qualifiedName(_ s: String) -> [String] {
        var errors: [String] = []
        let parts = s.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var name = s
        switch parts.count {
        case 1: break
        case 2:
            if parts[0].isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += dnsSubdomain(parts[0]).map { "prefix part " + $0 }
            }
            name = parts[1]
        default:
            return [
                "a qualified name " + regexError(qualifiedMessage, qualified, ["MyName", "my.name", "123-abc"])
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            errors.append("name part " + maxLength(63))
        }
        if !full(qualified, name) {
            errors.append("name part " + regexError(qualifiedMessage, qualified, ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    static func validate(_ format: String, _ s: String) -> [String] {
        switch format {
        case "dns1123Label": return dnsLabel(s)
        case "dns1123LabelPrefix": return dnsLabel(maskTrailingDash(s))
        case "dns1123Subdomain": return dnsSubdomain(s)
        case "dns1123SubdomainPrefix": return dnsSubdomain(maskTrailingDash(s))
        case "dns1035Label": return dns1035(s)
        case "dns1035LabelPrefix": return dns1035(maskTrailingDash(s))
        case "qualifiedName": return qualifiedName(s)
        case "labelValue":
            var errors: [String] = []
            if s.utf8.count > 63 { errors.append(maxLength(63)) }
            if !full(labelValue, s) {
                errors.append(
                    regexError(
                        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                        labelValue,
                        ["MyValue", "my_value", "12345"]
                    )
                )
            }
            return errors
        case "uri":
            return CELURL(parsing: s) == nil ? ["parse \"\(s)\": invalid URI for request"] : []
        case "uuid":
            return full(uuid, s) ? [] : ["does not match the UUID format"]
        case "byte":
            return Data(base64Encoded: s) == nil ? ["invalid base64"] : []
        case "date":
            return CELTimestamp(parsing: s + "T00:00:00Z") == nil || s.count != 10 ? ["invalid date"] : []
        case "datetime":
            return CELTimestamp(parsing: s) == nil ? ["invalid datetime"] : []
        default:
            return []
        }
    }
}
