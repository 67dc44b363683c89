/// A field path inside an object as the API server prints it: `spec.ports[0].port`, `metadata.labels[app]`.
struct JSONPath: Sendable {
    /// One step.
    enum Component: Sendable {
        /// A declared property: `.name`.
        case field(String)
        /// A map key: `[key]`.
        case key(String)
        /// A list index: `[3]`.
        case index(Int)
    }

    var components: [Component] = []

    mutating func push(_ component: Component) { components.append(component) }
    mutating func pop() { components.removeLast() }

    /// The path with one more field, for fields that are missing and so were never visited.
    func appending(_ component: Component) -> JSONPath {
        var copy = self
        copy.push(component)
        return copy
    }

    /// The printed path; `object` for the object itself.
    var text: String {
        if components.isEmpty { return "object" }
        var out = ""
        for component in components {
            switch component {
            case .field(let name):
                if !out.isEmpty { out += "." }
                out += name
            case .key(let key):
                out += "[\(key)]"
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }
}
