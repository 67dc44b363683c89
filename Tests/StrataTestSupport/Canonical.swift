public import StrataYAML

/// The canonical text of a YAML tree: JSON-like, one entry per line, mapping keys sorted, scalars
/// written by resolved type.
///
/// Two trees have the same canonical text exactly when they carry the same data, whatever their key
/// order, quoting style, comments, anchors or locations: `"3"` and `'3'` are the same string, `3` is
/// an integer, `3.0` and `3.00` are the same float. Sequence order is kept, because it matters.
public func canonicalText(_ node: YAMLNode) -> String {
    var out = ""
    writeCanonical(node, indent: 0, into: &out)
    return out
}

/// The canonical texts of a set of objects, sorted, so that two builds compare equal regardless of
/// the order they emit objects in.
public func canonicalObjects(_ nodes: [YAMLNode]) -> [String] {
    nodes.map(canonicalText).sorted()
}

/// A short identity for a Kubernetes object: `apiVersion Kind namespace/name`, or `apiVersion Kind name`.
public func canonicalIdentity(_ node: YAMLNode) -> String {
    let apiVersion = node["apiVersion"]?.string ?? "?"
    let kind = node["kind"]?.string ?? "?"
    let name = node[path: ["metadata", "name"]]?.string ?? "?"
    if let namespace = node[path: ["metadata", "namespace"]]?.string, !namespace.isEmpty {
        return "\(apiVersion) \(kind) \(namespace)/\(name)"
    }
    return "\(apiVersion) \(kind) \(name)"
}

/// A readable account of how two object sets differ, or `nil` when their canonical forms are equal.
///
/// Objects are paired by ``canonicalIdentity(_:)``: the account lists objects only one side has, then
/// shows a line diff of the first object (in identity order) whose content differs.
public func objectSetDifference(
    expected: [YAMLNode],
    actual: [YAMLNode],
    expectedLabel: String = "expected",
    actualLabel: String = "actual"
) -> String? {
    guard canonicalObjects(expected) != canonicalObjects(actual) else { return nil }
    let expectedByID = groupedByIdentity(expected)
    let actualByID = groupedByIdentity(actual)
    var report: [String] = ["\(expected.count) \(expectedLabel) object(s), \(actual.count) \(actualLabel) object(s)"]

    let missing = expectedByID.keys.filter { actualByID[$0] == nil }.sorted()
    if !missing.isEmpty {
        report.append("only in \(expectedLabel):")
        report += missing.map { "  \($0)" }
    }
    let extra = actualByID.keys.filter { expectedByID[$0] == nil }.sorted()
    if !extra.isEmpty {
        report.append("only in \(actualLabel):")
        report += extra.map { "  \($0)" }
    }
    for id in expectedByID.keys.sorted() {
        guard let left = expectedByID[id], let right = actualByID[id], left != right else { continue }
        if left.count != right.count {
            report.append("\(id): \(left.count) in \(expectedLabel), \(right.count) in \(actualLabel)")
            continue
        }
        for (l, r) in zip(left, right) where l != r {
            report.append("first differing object, \(id) (--- \(expectedLabel), +++ \(actualLabel)):")
            report.append(lineDiff(l, r))
            return report.joined(separator: "\n")
        }
    }
    return report.joined(separator: "\n")
}

/// A unified-style line diff of two texts: `-` lines only in `old`, `+` lines only in `new`, and up to
/// `context` unchanged lines around each change; skipped stretches are shown as `@@ … @@`.
public func lineDiff(_ old: String, _ new: String, context: Int = 3) -> String {
    let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Longest common subsequence table, from the end, so the walk below goes forwards.
    var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    enum Edit {
        case same(String)
        case removed(String)
        case added(String)
    }
    var edits: [Edit] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
        if i < a.count, j < b.count, a[i] == b[j] {
            edits.append(.same(a[i]))
            i += 1
            j += 1
        } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
            // Removals first, so a changed line reads as `-` old then `+` new.
            edits.append(.removed(a[i]))
            i += 1
        } else {
            edits.append(.added(b[j]))
            j += 1
        }
    }
    let changed = edits.indices.filter {
        if case .same = edits[$0] { return false }
        return true
    }
    var shown = Set<Int>()
    for index in changed {
        for k in max(0, index - context)...min(edits.count - 1, index + context) { shown.insert(k) }
    }
    var lines: [String] = []
    var skipping = false
    for (index, edit) in edits.enumerated() {
        guard shown.contains(index) else {
            if !skipping { lines.append("@@ … @@") }
            skipping = true
            continue
        }
        skipping = false
        switch edit {
        case .same(let line): lines.append("  \(line)")
        case .removed(let line): lines.append("- \(line)")
        case .added(let line): lines.append("+ \(line)")
        }
    }
    return lines.joined(separator: "\n")
}

private func groupedByIdentity(_ nodes: [YAMLNode]) -> [String: [String]] {
    var groups: [String: [String]] = [:]
    for node in nodes { groups[canonicalIdentity(node), default: []].append(canonicalText(node)) }
    return groups.mapValues { $0.sorted() }
}

private func writeCanonical(_ node: YAMLNode, indent: Int, into out: inout String) {
    switch node.content {
    case .scalar(let scalar):
        out += canonicalScalar(scalar)
    case .sequence(let items):
        guard !items.isEmpty else {
            out += "[]"
            return
        }
        out += "[\n"
        for (index, item) in items.enumerated() {
            out += String(repeating: "  ", count: indent + 1)
            writeCanonical(item, indent: indent + 1, into: &out)
            out += index == items.count - 1 ? "\n" : ",\n"
        }
        out += String(repeating: "  ", count: indent) + "]"
    case .mapping(let pairs):
        guard !pairs.isEmpty else {
            out += "{}"
            return
        }
        // Keys are compared as text, as JSON object keys would be; duplicates are kept (stable order)
        // so a build that emits a key twice does not compare equal to one that emits it once.
        let entries = pairs.enumerated().map {
            (key: canonicalKey($0.element.key), offset: $0.offset, value: $0.element.value)
        }
        .sorted { ($0.key, $0.offset) < ($1.key, $1.offset) }
        out += "{\n"
        for (index, entry) in entries.enumerated() {
            out += String(repeating: "  ", count: indent + 1)
            out += jsonString(entry.key) + ": "
            writeCanonical(entry.value, indent: indent + 1, into: &out)
            out += index == entries.count - 1 ? "\n" : ",\n"
        }
        out += String(repeating: "  ", count: indent) + "}"
    }
}

private func canonicalKey(_ key: YAMLNode) -> String {
    if let scalar = key.scalar { return scalar.text }
    return canonicalText(key)
}

private func canonicalScalar(_ scalar: YAMLScalar) -> String {
    switch scalar.resolved {
    case .null: "null"
    case .bool(let value): value ? "true" : "false"
    case .int(let value): String(value)
    case .float(let text): "float(\(text))"
    case .string(let text): jsonString(text)
    }
}

private func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
