/// The `backup/` rules.
enum BackupRules {
    static let all: [any Rule.Type] = [
        CnpgScheduleSeconds.self,
        DestinationBeforeSource.self,
        DestinationCopyMethod.self,
        PvcNotCovered.self,
        ScheduleExceedsRpo.self,
        SharedRepository.self,
        SourceTargetMissing.self,
        VeleroCsi.self,
        VeleroTtlShort.self,
        VerificationLockCollision.self,
    ]
}
