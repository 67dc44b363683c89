/// The `flux/` rules.
enum FluxRules {
    static let all: [any Rule.Type] = [
        ChartVersionRange.self,
        DependencyCycle.self,
        DependencyNotFound.self,
        DependsOnChild.self,
        DependsOnUnready.self,
        DeprecatedApiVersion.self,
        DuplicateObject.self,
        HealthCheckNotApplied.self,
        HealthChecksIgnored.self,
        HelmSourceNotFound.self,
        PathNotFound.self,
        PruneCrds.self,
        SourceNotFound.self,
        SubstituteSourceNotFound.self,
        UndefinedVariable.self,
        ValuesFromNotFound.self,
    ]
}
