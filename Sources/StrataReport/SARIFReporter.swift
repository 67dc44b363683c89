import Foundation
import StrataCore

/// The SARIF 2.1.0 report: one run of `strata`, its rules, and one result per diagnostic.
///
/// Locations are repository-relative URIs against the `%SRCROOT%` base, so consumers such as code-scanning
/// services resolve them against their checkout. Columns count Unicode scalars, so the run says
/// `columnKind: unicodeCodePoints` rather than leaving consumers to assume UTF-16 units.
public enum SARIFReporter {
    /// The `$schema` URI written at the top of the log.
    public static let schemaURI =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The base id every artifact location is relative to.
    public static let sourceRootBaseID = "%SRCROOT%"

    /// The report as a SARIF log with sorted keys and a final newline.
    ///
    /// - Parameters:
    ///   - report: What to render.
    ///   - toolVersion: The version of strata, for `tool.driver.version`.
    ///   - informationURI: The tool's home page, for `tool.driver.informationUri`, when it has one.
    ///   - sourceRootURI: An absolute URI ending in `/` for `%SRCROOT%`; left out when `nil`, which keeps the log
    ///     free of machine paths.
    /// - Returns: Pretty-printed JSON.
    public static func render(
        _ report: Report,
        toolVersion: String,
        informationURI: String? = nil,
        sourceRootURI: String? = nil
    ) -> String {
        let rules = ruleDescriptors(report)
        let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let log = Log(
            schema: schemaURI,
            version: "2.1.0",
            runs: [
                Run(
                    tool: Tool(
                        driver: Driver(
                            name: "strata",
                            informationUri: informationURI,
                            version: toolVersion,
                            rules: rules
                        )
                    ),
                    originalUriBaseIds: [
                        sourceRootBaseID: ArtifactLocation(
                            uri: sourceRootURI,
                            uriBaseId: nil,
                            description: Message(text: "The root of the checked repository.")
                        )
                    ],
                    columnKind: "unicodeCodePoints",
                    results: report.diagnostics.map { result($0, ruleIndex: ruleIndex[$0.id]) }
                )
            ]
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }

    /// Every described rule plus a bare entry for each id that fired without a description, sorted by id.
    private static func ruleDescriptors(_ report: Report) -> [ReportingDescriptor] {
        var byID: [String: ReportingDescriptor] = [:]
        for rule in report.rules where byID[rule.id] == nil {
            byID[rule.id] = ReportingDescriptor(
                id: rule.id,
                name: rule.name.isEmpty ? nil : rule.name,
                shortDescription: rule.summary.isEmpty ? nil : Message(text: rule.summary),
                fullDescription: rule.rationale.isEmpty ? nil : MultiformatMessage(text: rule.rationale, markdown: nil),
                help: rule.remediation.isEmpty
                    ? nil : MultiformatMessage(text: rule.remediation, markdown: rule.remediation),
                helpUri: rule.helpURI,
                defaultConfiguration: Configuration(level: level(rule.severity))
            )
        }
        for id in report.firedRuleIDs where byID[id] == nil {
            byID[id] = ReportingDescriptor(id: id)
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    private static func result(_ d: Diagnostic, ruleIndex: Int?) -> Result {
        var location = Location()
        location.physicalLocation = d.location.map(physicalLocation)
        location.logicalLocations = d.subject.map { [logicalLocation($0)] }
        let related = d.notes.enumerated().map { index, note in
            Location(
                id: index,
                physicalLocation: note.location.map(physicalLocation),
                message: Message(text: note.message)
            )
        }
        return Result(
            ruleId: d.id,
            ruleIndex: ruleIndex,
            level: level(d.severity),
            message: Message(text: d.message),
            locations: location.physicalLocation == nil && location.logicalLocations == nil ? nil : [location],
            relatedLocations: related.isEmpty ? nil : related
        )
    }

    private static func physicalLocation(_ location: SourceLocation) -> PhysicalLocation {
        PhysicalLocation(
            artifactLocation: ArtifactLocation(uri: uriPath(location.path), uriBaseId: sourceRootBaseID),
            // A line of 0 means "somewhere in the file"; SARIF says that by leaving the region out.
            region: location.line >= 1
                ? Region(startLine: location.line, startColumn: location.column >= 1 ? location.column : nil) : nil
        )
    }

    private static func logicalLocation(_ subject: ObjectReference) -> LogicalLocation {
        let parts = [subject.cluster, subject.kind, subject.namespace, subject.name]
            .compactMap { $0 }
            .filter { !$0.isEmpty }
        return LogicalLocation(name: subject.name, fullyQualifiedName: parts.joined(separator: "/"), kind: "resource")
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative path as a URI reference: every byte outside the unreserved set and `/` is percent-encoded,
    /// `:` included, so a first segment such as `a:b` cannot read as a scheme.
    private static func uriPath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    // MARK: - SARIF objects (only the properties strata fills)

    private struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    private struct Run: Encodable {
        var tool: Tool
        var originalUriBaseIds: [String: ArtifactLocation]
        var columnKind: String
        var results: [Result]
    }

    private struct Tool: Encodable {
        var driver: Driver
    }

    private struct Driver: Encodable {
        var name: String
        var informationUri: String?
        var version: String
        var rules: [ReportingDescriptor]
    }

    private struct ReportingDescriptor: Encodable {
        var id: String
        var name: String?
        var shortDescription: Message?
        var fullDescription: MultiformatMessage?
        var help: MultiformatMessage?
        var helpUri: String?
        var defaultConfiguration: Configuration?
    }

    private struct Configuration: Encodable {
        var level: String
    }

    private struct Message: Encodable {
        var text: String
    }

    private struct MultiformatMessage: Encodable {
        var text: String
        var markdown: String?
    }

    private struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Message
        var locations: [Location]?
        var relatedLocations: [Location]?
    }

    private struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation?
        var logicalLocations: [LogicalLocation]?
        var message: Message?
    }

    private struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    private struct ArtifactLocation: Encodable {
        var uri: String?
        var uriBaseId: String?
        var description: Message?
    }

    private struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
    }

    private struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
