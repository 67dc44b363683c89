public import StrataCore
import StrataYAML

/// kustomize's `commonLabels:` and `labels:` fields.
public enum LabelTransformer {
    /// Adds labels, replacing existing values of the same keys.
    ///
    /// `metadata.labels` of every object always gets them. With `includeTemplates`, the pod templates of
    /// workloads, StatefulSet claim templates and CronJob job templates do too
    /// (``BuiltinFieldSpecs/metadataLabels``). With `includeSelectors` (what `commonLabels` means), the
    /// templates and also the selectors do (``BuiltinFieldSpecs/commonLabels``): Service and
    /// ReplicationController selectors and workload `matchLabels` are created when missing, while Job,
    /// CronJob, PodDisruptionBudget, NetworkPolicy and pod (anti-)affinity and topology-spread selectors
    /// are only extended when they already have `matchLabels`.
    ///
    /// New values carry `location` (the label's value in the kustomization).
    public static func apply(
        _ labels: [(key: String, value: String)],
        includeSelectors: Bool,
        includeTemplates: Bool,
        at location: SourceLocation?,
        to resources: inout [Resource]
    ) {
        guard !labels.isEmpty else { return }
        let specs: [FieldSpec] =
            if includeSelectors {
                BuiltinFieldSpecs.commonLabels
            } else if includeTemplates {
                BuiltinFieldSpecs.metadataLabels
            } else {
                [FieldSpec("metadata/labels", create: true)]
            }
        MapFieldSetter.set(labels, specs: specs, at: location, in: &resources)
    }
}
