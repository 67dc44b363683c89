public import StrataCore
import StrataYAML

/// kustomize's `commonAnnotations:` field.
public enum AnnotationTransformer {
    /// Adds annotations, replacing existing values of the same keys.
    ///
    /// They go to `metadata.annotations` of every object and to the pod templates of workloads and the job
    /// templates of CronJobs (``BuiltinFieldSpecs/commonAnnotations``). New values carry `location`.
    public static func apply(
        _ annotations: [(key: String, value: String)],
        at location: SourceLocation?,
        to resources: inout [Resource]
    ) {
        guard !annotations.isEmpty else { return }
        MapFieldSetter.set(annotations, specs: BuiltinFieldSpecs.commonAnnotations, at: location, in: &resources)
    }
}
