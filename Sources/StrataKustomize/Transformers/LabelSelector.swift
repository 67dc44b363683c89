import Foundation

/// A Kubernetes label selector in its string form (`a=b,c!=d,e,!f,g in (x,y),h notin (z)`).
struct LabelSelector {
    enum Requirement {
        case equals(String, String)
        case notEquals(String, String)
        case exists(String)
        case notExists(String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
    }

    var requirements: [Requirement] = []

    init(_ text: String) {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        for raw in parts {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if let range = part.range(of: " notin ") {
                requirements.append(
                    .notIn(
                        String(part[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                        LabelSelector.set(part[range.upperBound...])))
            } else if let range = part.range(of: " in ") {
                requirements.append(
                    .isIn(
                        String(part[..<range.lowerBound]).trimmingCharacters(in: .whitespaces),
                        LabelSelector.set(part[range.upperBound...])))
            } else if let range = part.range(of: "!=") {
                requirements.append(.notEquals(String(part[..<range.lowerBound]), String(part[range.upperBound...])))
            } else if let range = part.range(of: "==") ?? part.range(of: "=") {
                requirements.append(.equals(String(part[..<range.lowerBound]), String(part[range.upperBound...])))
            } else if part.hasPrefix("!") {
                requirements.append(.notExists(String(part.dropFirst())))
            } else {
                requirements.append(.exists(part))
            }
        }
    }

    private static func set(_ text: Substring) -> Set<String> {
        let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        return Set(inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let k, let v): labels[k] == v
            case .notEquals(let k, let v): labels[k] != v
            case .exists(let k): labels[k] != nil
            case .notExists(let k): labels[k] == nil
            case .isIn(let k, let values): labels[k].map(values.contains) ?? false
            case .notIn(let k, let values): !(labels[k].map(values.contains) ?? false)
            }
        }
    }
}
