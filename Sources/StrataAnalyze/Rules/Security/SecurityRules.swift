/// The `security/` rules.
enum SecurityRules {
    static let all: [any Rule.Type] = []
}
