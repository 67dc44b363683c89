/// The `net/` rules.
enum NetRules {
    static let all: [any Rule.Type] = []
}
