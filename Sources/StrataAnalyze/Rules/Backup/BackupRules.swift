/// The `backup/` rules.
enum BackupRules {
    static let all: [any Rule.Type] = [
        PvcNotCovered.self,
        ScheduleExceedsRpo.self,
        SharedRepository.self,
        SourceTargetMissing.self,
    ]
}
