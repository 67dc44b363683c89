/// The `ceph/` rules.
enum CephRules {
    static let all: [any Rule.Type] = []
}
