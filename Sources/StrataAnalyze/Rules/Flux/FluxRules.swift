/// The `flux/` rules.
enum FluxRules {
    static let all: [any Rule.Type] = [
        DependencyNotFound.self
    ]
}
