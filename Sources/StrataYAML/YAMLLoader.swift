public import StrataCore

/// One document of a YAML stream.
public struct YAMLDocument: Sendable {
    /// The document's root node; `null` for an empty document.
    public var root: YAMLNode
    /// The 0-based index of the document within its file.
    public var index: Int
    /// Whether the document is SOPS-encrypted (a top-level `sops:` mapping with its metadata).
    public var isSOPSEncrypted: Bool

    /// Creates a document.
    public init(root: YAMLNode, index: Int, isSOPSEncrypted: Bool = false) {
        self.root = root
        self.index = index
        self.isSOPSEncrypted = isSOPSEncrypted
    }
}

/// Parses YAML text into located nodes, reporting every problem as a diagnostic.
///
/// - Multi-document streams yield one ``YAMLDocument`` each; a syntax error ends the file at that point,
///   keeping the documents before it, and is reported with its position (`yaml/syntax`).
/// - Duplicate keys are kept in the tree and reported (`yaml/duplicate-key`); lookups use the last one.
/// - Aliases are expanded, and merge keys (`<<`) merged, within a budget proportional to the file's size,
///   so "billion laughs" documents are reported (`yaml/alias-expansion`) instead of exhausting memory.
/// - Custom tags are tolerated and kept on the node.
public enum YAMLLoader {
    /// Parses `text`, the content of the file at repository-relative `path`.
    public static func load(_ text: String, path: String, into sink: some DiagnosticSink) -> [YAMLDocument] {
        EventParser(
            path: path,
            fileNumber: SourceFiles.shared.number(of: path),
            budget: max(200_000, text.utf8.count * 20),
            sink: sink
        ).parse(text)
    }

    /// Whether a document's root carries SOPS metadata.
    static func isSOPS(_ node: YAMLNode) -> Bool {
        guard let sops = node["sops"], sops.isMapping else { return false }
        return sops["mac"] != nil || sops["lastmodified"] != nil || sops["version"] != nil
    }
}
