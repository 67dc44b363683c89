import StrataCore
import StrataYAML

/// `metadata` of top-level and embedded objects, checked as the API server checks ObjectMeta whatever the
/// schema says about it (CRD schemas may only constrain `name` and `generateName`).
extension ValidationWalk {
    private enum MetaField {
        case string, integer, timestamp
        case stringMap(labels: Bool)
        case stringList, objectList
    }

    private static let fields: [String: MetaField] = [
        "name": .string, "generateName": .string, "namespace": .string, "selfLink": .string, "uid": .string,
        "resourceVersion": .string, "generation": .integer, "deletionGracePeriodSeconds": .integer,
        "creationTimestamp": .timestamp, "deletionTimestamp": .timestamp,
        "labels": .stringMap(labels: true), "annotations": .stringMap(labels: false),
        "finalizers": .stringList, "ownerReferences": .objectList, "managedFields": .objectList,
    ]

    mutating func validateMetadata(
        _ node: YAMLNode,
        _ owner: SchemaNode,
        requireName: Bool,
        keyLocation: SourceLocation?
    ) {
        path.push(.field("metadata"))
        defer { path.pop() }
        let location = node.location ?? keyLocation
        if !node.isNull && !node.isMapping {
            fail(.type, "must be of type object, got \(Self.type(of: node).names)", at: location)
            return
        }
        // The CRD's own constraints on the name (pattern, maxLength …).
        let nameSchema = owner.properties["metadata"].flatMap { schema.nodes[$0].properties["name"] }
        for pair in node.pairs ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            let keyLoc = pair.key.location ?? pair.value.location
            let valueLoc = pair.value.location ?? keyLoc
            guard let field = Self.fields[key] else {
                reportUnknownField(key, at: keyLoc)
                continue
            }
            path.push(.field(key))
            defer { path.pop() }
            let value = pair.value
            let type = Self.type(of: value)
            switch field {
            case .string:
                if type != .string && type != .null {
                    fail(.type, "must be of type string, got \(type.names) \(Self.quoted(value))", at: valueLoc)
                } else if key == "name" || key == "generateName", let nameSchema, type == .string {
                    validate(value, nameSchema, keyLocation: keyLoc)
                }
            case .integer:
                if type != .integer && type != .null {
                    fail(.type, "must be of type integer, got \(type.names)", at: valueLoc)
                }
            case .timestamp:
                if type == .string, let text = value.string, !StringFormat.dateTime.accepts(text) {
                    fail(.format, "'\(Self.clip(text))' is not a valid date-time", at: valueLoc)
                } else if type != .string && type != .null {
                    fail(.type, "must be of type string, got \(type.names)", at: valueLoc)
                }
            case .stringMap(let labels):
                checkStringMap(value, labels: labels, at: valueLoc)
            case .stringList:
                if type == .array {
                    for (i, item) in (value.items ?? []).enumerated() where Self.type(of: item) != .string {
                        fail(
                            .type,
                            "must be of type string, got \(Self.type(of: item).names)",
                            at: item.location ?? valueLoc,
                            path: path.appending(.index(i))
                        )
                    }
                } else if type != .null {
                    fail(.type, "must be of type array, got \(type.names)", at: valueLoc)
                }
            case .objectList:
                if type == .array {
                    for (i, item) in (value.items ?? []).enumerated() where !item.isMapping {
                        fail(
                            .type,
                            "must be of type object, got \(Self.type(of: item).names)",
                            at: item.location ?? valueLoc,
                            path: path.appending(.index(i))
                        )
                    }
                } else if type != .null {
                    fail(.type, "must be of type array, got \(type.names)", at: valueLoc)
                }
            }
        }
        if requireName && (node["name"]?.string ?? "").isEmpty && (node["generateName"]?.string ?? "").isEmpty {
            fail(
                .required,
                "required field is missing (or set 'generateName')",
                at: keyLocation ?? location,
                path: path.appending(.field("name"))
            )
        }
    }

    private mutating func checkStringMap(_ value: YAMLNode, labels: Bool, at location: SourceLocation?) {
        guard let pairs = value.pairs else {
            if !value.isNull { fail(.type, "must be of type object, got \(Self.type(of: value).names)", at: location) }
            return
        }
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            let keyLoc = pair.key.location ?? location
            let itemLocation = pair.value.location ?? keyLoc
            let entryPath = path.appending(.key(key))
            if !Self.isQualifiedName(key) {
                let what = labels ? "label key" : "annotation key"
                fail(
                    .format,
                    "'\(Self.clip(key))' is not a valid \(what): an optional DNS subdomain prefix and '/', then at "
                        + "most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
                    at: keyLoc,
                    path: entryPath
                )
            }
            let type = Self.type(of: pair.value)
            if type != .string && type != .null {
                // An unquoted `true` or `1` is the usual cause: YAML reads it as a boolean or a number.
                fail(
                    .type,
                    "must be of type string, got \(type.names) \(Self.quoted(pair.value))",
                    at: itemLocation,
                    path: entryPath
                )
            } else if labels, let text = pair.value.string, !Self.isLabelValue(text) {
                fail(
                    .format,
                    "'\(Self.clip(text))' is not a valid label value: at most 63 letters, digits, '-', '_' or '.', "
                        + "starting and ending with a letter or digit",
                    at: itemLocation,
                    path: entryPath
                )
            }
        }
    }

    // MARK: - Kubernetes name syntax

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63 characters; empty is allowed.
    static func isLabelValue(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return true }
        guard bytes.count <= 63, let first = bytes.first, let last = bytes.last, isAlphanumeric(first),
            isAlphanumeric(last)
        else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == 45 || $0 == 95 || $0 == 46 }
    }

    /// An optional lowercase DNS-1123 subdomain prefix and `/`, then a non-empty label-value-like name.
    static func isQualifiedName(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last, !name.isEmpty, isLabelValue(String(name)) else { return false }
        if parts.count == 2 {
            let prefix = parts[0].utf8
            guard !prefix.isEmpty, prefix.count <= 253 else { return false }
            for label in parts[0].split(separator: ".", omittingEmptySubsequences: false) {
                let bytes = Array(label.utf8)
                guard let first = bytes.first, let last = bytes.last,
                    bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }),
                    first != 45, last != 45
                else { return false }
            }
        }
        return true
    }
}
