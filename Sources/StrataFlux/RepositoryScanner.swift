import Foundation
import StrataCore
import StrataKustomize

/// Lists the YAML files of a repository for discovery, skipping what is never a manifest of the live tree.
enum RepositoryScanner {
    /// Directory names that hold no cluster configuration: VCS data, CI, archived apps, dependencies.
    static let skippedDirectories: Set<String> = [".git", ".github", ".gitlab", ".archive", "node_modules", ".venv"]

    /// Extensions of files that are templates, not manifests.
    static let templateSuffixes = [".j2", ".jinja", ".jinja2", ".gotmpl", ".tmpl", ".tpl"]

    /// Every `.yaml`/`.yml` file below `root` (absolute paths, sorted), not following symbolic links.
    static func yamlFiles(in root: String, context: LoadContext) -> [String] {
        var out: [String] = []
        var stack = [root]
        var seen = Set<String>()
        while let directory = stack.popLast() {
            guard seen.insert(directory).inserted else { continue }
            for name in context.entries(of: directory) {
                let path = directory == "/" ? "/" + name : directory + "/" + name
                if context.isSymbolicLink(path) { continue }
                switch context.kind(of: path) {
                case .directory:
                    if !skippedDirectories.contains(name) { stack.append(path) }
                case .file:
                    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { out.append(path) }
                case .missing:
                    break
                }
            }
        }
        return out.sorted()
    }

    /// Whether a file's name or content marks it as a template (Jinja, Go template, cluster-template's `#{ }#`).
    static func isTemplate(path: String, text: String) -> Bool {
        if templateSuffixes.contains(where: { path.hasSuffix($0) }) { return true }
        if ByteSearch.contains(text, "#{") && ByteSearch.contains(text, "}#") { return true }
        if ByteSearch.contains(text, "{%") && ByteSearch.contains(text, "%}") { return true }
        return false
    }
}
