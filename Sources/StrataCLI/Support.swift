import ArgumentParser
import Foundation
import StrataCore
import StrataKustomize

/// An error that has been described to the user and maps to an exit code.
enum CLIError: Error, CustomStringConvertible {
    case failed(StrataError)

    var description: String {
        switch self {
        case .failed(let error): error.description
        }
    }
}

/// Finds the repository root: the nearest enclosing directory with a `.git` entry, else the start itself.
enum RepositoryRoot {
    static func find(from directory: String) -> String {
        var current = LoadContext.normalize(directory)
        while true {
            if FileManager.default.fileExists(atPath: current + "/.git") { return current }
            guard current != "/", let slash = current.lastIndex(of: "/") else { break }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
            if current == "/" { break }
        }
        return LoadContext.normalize(directory)
    }
}

/// Prints diagnostics in the compiler format, `path:line:col: severity: message [id]`.
enum TextDiagnostics {
    static func format(_ diagnostic: Diagnostic) -> String {
        var line = ""
        if let location = diagnostic.location { line += "\(location): " }
        line += "\(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.id)]"
        for note in diagnostic.notes {
            line += "\n"
            if let location = note.location { line += "\(location): " }
            line += "note: \(note.message)"
        }
        return line
    }

    static func print(_ diagnostics: [Diagnostic], to handle: FileHandle) {
        guard !diagnostics.isEmpty else { return }
        let text = diagnostics.map(format).joined(separator: "\n") + "\n"
        handle.write(Data(text.utf8))
    }
}

/// kubectl's default output order ("legacy"): kinds in dependency order, then by identity.
enum LegacyOrder {
    static let first = [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
        "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
        "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
        "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ]
    static let last = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    static func rank(_ kind: String) -> Int {
        if let i = first.firstIndex(of: kind) { return i }
        if let i = last.firstIndex(of: kind) { return first.count + 1 + i }
        return first.count
    }

    static func sorted(_ resources: [Resource]) -> [Resource] {
        resources.enumerated().sorted { a, b in
            let ra = rank(a.element.kind)
            let rb = rank(b.element.kind)
            if ra != rb { return ra < rb }
            let ia = a.element.id
            let ib = b.element.id
            if ia != ib { return ia < ib }
            return a.offset < b.offset
        }.map(\.element)
    }
}
