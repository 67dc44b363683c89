/// The `security/` rules.
enum SecurityRules {
    static let all: [any Rule.Type] = [
        CredentialsInConfig.self,
        ImageTagMutable.self,
        PlaintextSecret.self,
    ]
}
