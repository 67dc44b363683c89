/// A kind of text the spec accepts (a DNS label, a CIDR, an image reference): the pattern the schema
/// states, a description for messages, and any check a pattern cannot express.
struct SpecTextFormat: Sendable {
    /// The regular expression the whole text must match, written for both JSON Schema and Swift.
    var pattern: String?
    /// What the text must be, completing "'x' is not …".
    var summary: String
    /// The most characters it may have.
    var maxLength: Int?
    /// A further check; returns why the text is refused.
    var check: (@Sendable (String) -> String?)?

    /// Any non-blank text.
    static let text = SpecTextFormat(pattern: #"^.*\S.*$"#, summary: "a non-blank text")

    /// A DNS-1123 label, as Kubernetes requires of names and namespaces.
    static let dnsLabel = SpecTextFormat(
        pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
        summary: "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, "
            + "at most 63 characters)",
        maxLength: 63
    )

    /// A DNS name made of DNS-1123 labels.
    static let dnsName = SpecTextFormat(
        pattern: #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#,
        summary: "a DNS name of lowercase DNS-1123 labels separated by dots",
        maxLength: 253
    )

    private static let octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"

    /// An IPv4 address.
    static let ipv4 = SpecTextFormat(
        pattern: #"^\#(octet)(\.\#(octet)){3}$"#,
        summary: "an IPv4 address such as '10.25.11.1'"
    )

    /// An IPv4 network in CIDR notation with no host bits set.
    static let cidr = SpecTextFormat(
        pattern: #"^\#(octet)(\.\#(octet)){3}/(3[0-2]|[12]?[0-9])$"#,
        summary: "an IPv4 CIDR such as '10.244.0.0/16'",
        check: { text in
            guard let network = IPv4Network(text), !network.isCanonical else { return nil }
            return "'\(text)' has host bits set; the network is '\(network.canonical)'"
        }
    )

    /// An `http` or `https` URL.
    static let url = SpecTextFormat(
        pattern: #"^https?://[^\s/]+(/\S*)?$"#,
        summary: "an http:// or https:// URL"
    )

    /// A Git URL Flux can clone.
    static let gitURL = SpecTextFormat(
        pattern: #"^(ssh|https?)://\S+$"#,
        summary: "an ssh://, http:// or https:// Git URL, as Flux requires"
    )

    /// An absolute path.
    static let absolutePath = SpecTextFormat(pattern: #"^/\S*$"#, summary: "an absolute path")

    /// A version such as `1.18.3` or `v1.18.11`.
    static let version = SpecTextFormat(
        pattern: #"^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$"#,
        summary: "an exact version such as '1.18.3' or 'v1.34.2'"
    )

    /// A container image pinned to a tag other than `latest`, or to a digest.
    static let image = SpecTextFormat(
        pattern: #"^[a-z0-9][A-Za-z0-9._/:-]*(@sha256:[a-f0-9]{64})?$"#,
        summary: "a container image reference such as 'ghcr.io/org/app:1.2.3'",
        check: { text in
            if text.contains("@sha256:") { return nil }
            let name = text.split(separator: "/").last ?? ""
            guard let colon = name.lastIndex(of: ":") else {
                return "'\(text)' has no tag; pin a version so every cluster runs the same image"
            }
            return name[name.index(after: colon)...] == "latest"
                ? "'\(text)' uses the 'latest' tag; pin a version so every cluster runs the same image" : nil
        }
    )

    /// An S3 bucket name.
    static let bucket = SpecTextFormat(
        pattern: #"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"#,
        summary: "an S3 bucket name (3–63 lowercase letters, digits, '.' and '-')"
    )

    /// A network link: an interface name or a hardware address.
    static let link = SpecTextFormat(
        pattern: #"^([A-Za-z0-9_.-]{1,15}|([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2})$"#,
        summary: "an interface name (at most 15 characters) or a hardware address such as '00:1b:21:aa:bb:cc'"
    )

    /// A disk: a device path or a kernel name.
    static let device = SpecTextFormat(
        pattern: #"^(/dev/\S+|[a-z][a-z0-9]*)$"#,
        summary: "a device path such as '/dev/disk/by-id/nvme-…' or a kernel name such as 'nvme1n1'"
    )

    /// A Ceph configuration section (`global`, `osd`, `osd.3`).
    static let cephSection = SpecTextFormat(
        pattern: #"^(global|mon|mgr|osd|mds|client)(\.[A-Za-z0-9_.-]+)?$"#,
        summary: "a Ceph configuration section: 'global', 'mon', 'mgr', 'osd', 'mds' or 'client', "
            + "optionally followed by '.' and a daemon id"
    )

    /// A Ceph option name.
    static let cephOption = SpecTextFormat(
        pattern: "^[a-z0-9_]+$",
        summary: "a Ceph option name such as 'osd_max_scrubs'"
    )

    /// The cron syntax VolSync's CRD accepts, which is narrower than what its parser reads.
    static let volSyncSchedule = SpecTextFormat(
        pattern: #"^(@(annually|yearly|monthly|weekly|daily|hourly)|"#
            + #"((\d+,)*\d+|\d+[/-]\d+|\*(/\d+)?)( ((\d+,)*\d+|\d+[/-]\d+|\*(/\d+)?)){4})$"#,
        summary: "a schedule VolSync's CRD accepts: five fields of numbers, lists ('1,15'), one range or step "
            + "('1-5', '*/6'), or '@daily', '@weekly', '@monthly', '@yearly', '@hourly'"
    )
}
