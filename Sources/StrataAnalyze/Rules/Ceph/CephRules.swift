/// The `ceph/` rules.
enum CephRules {
    static let all: [any Rule.Type] = [
        DeviceFilter.self,
        IgnoredOption.self,
        MemoryTargetExceedsNode.self,
        MonCount.self,
        NoSpareFailureDomain.self,
        NodeListMismatch.self,
        PoolExceedsFailureDomains.self,
        QuotaExceedsCapacity.self,
        StorageClassTargetMissing.self,
    ]
}
