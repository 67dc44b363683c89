/// The `flux/` rules.
enum FluxRules {
    static let all: [any Rule.Type] = [
        ChartVersionRange.self,
        CrdNotOrdered.self,
        DependencyCycle.self,
        DependencyNotFound.self,
        DependsOnChild.self,
        DependsOnUnready.self,
        DeprecatedApiVersion.self,
        DuplicateObject.self,
        HealthCheckNotApplied.self,
        HealthCheckExpression.self,
        HealthChecksIgnored.self,
        HelmSourceNotFound.self,
        HelmValuesInvalid.self,
        HelmValuesUnknownKey.self,
        OrphanKustomization.self,
        PathNotFound.self,
        PruneCrds.self,
        SourceNotFound.self,
        SubstituteSourceNotFound.self,
        UndefinedVariable.self,
        ValuesFromNotFound.self,
    ]
}
