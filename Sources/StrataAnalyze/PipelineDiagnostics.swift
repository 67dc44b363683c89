/// Findings the loading pipeline reports itself (YAML, kustomize, Flux loading, configuration), so that
/// configuration can name them and reports can describe them.
///
/// Catalogue rules that the loader reports (`flux/dependency-not-found` …) are in ``RuleRegistry`` with
/// examples; these are the others.
public enum PipelineDiagnostics {
    /// A pipeline finding's id and what it means.
    public struct Entry: Sendable, Hashable {
        /// The id.
        public var id: String
        /// One sentence without a final period.
        public var summary: String
    }

    /// Every pipeline finding, sorted by id.
    public static let all: [Entry] = [
        ("config/invalid", "A value in strata.yaml has the wrong type or form"),
        ("config/unknown-key", "strata.yaml has a key Strata does not know"),
        ("config/unknown-rule", "strata.yaml names a rule that does not exist"),
        ("flux/external-source", "A Kustomization's source is outside the repository and was not built"),
        ("flux/invalid-helmrelease", "A HelmRelease lacks the fields Flux needs"),
        ("flux/invalid-kustomization", "A Flux Kustomization lacks the fields Flux needs"),
        ("flux/invalid-object", "An applied object has no kind or name"),
        ("flux/invalid-variable-name", "A postBuild variable name is not a valid identifier"),
        ("flux/no-clusters", "No cluster root was found in the repository"),
        ("flux/substitution-failed", "postBuild substitution could not be applied"),
        ("flux/values-from-invalid", "A HelmRelease valuesFrom entry cannot be used"),
        ("kustomize/ambiguous-name-reference", "A name reference matches several objects"),
        ("kustomize/cycle", "Kustomization directories include each other"),
        ("kustomize/duplicate-resource", "Two resources with the same identity in one build"),
        ("kustomize/generator-conflict", "A generator merges or replaces an object that does not exist"),
        ("kustomize/generator-duplicate-key", "A generator declares one key twice"),
        ("kustomize/generator-source-unreadable", "A generator's file or env source cannot be read"),
        ("kustomize/generator-target-not-found", "A generator with behavior merge or replace has no target"),
        ("kustomize/helm-charts", "helmCharts are not built offline"),
        ("kustomize/image-not-scalar", "An image field is not a string"),
        ("kustomize/invalid-env-file", "An env file has a malformed line"),
        ("kustomize/invalid-file-source", "A generator file source is malformed"),
        ("kustomize/invalid-generator", "A generator entry is malformed"),
        ("kustomize/invalid-images", "An images entry is malformed"),
        ("kustomize/invalid-kustomization", "kustomization.yaml is malformed"),
        ("kustomize/invalid-literal", "A generator literal is not key=value"),
        ("kustomize/invalid-replacement", "A replacement is malformed"),
        ("kustomize/invalid-replicas", "A replicas entry is malformed"),
        ("kustomize/invalid-resource", "A resource document is not a Kubernetes object"),
        ("kustomize/missing-kustomization", "A directory used as a base has no kustomization file"),
        ("kustomize/missing-resource", "A path listed in kustomization.yaml does not exist"),
        ("kustomize/outside-root", "A path leaves the source root"),
        ("kustomize/patch-failed", "A patch cannot be applied"),
        ("kustomize/patch-target-not-found", "A patch matches no object"),
        ("kustomize/plugins", "kustomize plugins are not run offline"),
        ("kustomize/remote-resource", "Remote resources are not fetched"),
        ("kustomize/replacement-source", "A replacement's source is missing"),
        ("kustomize/replacement-target", "A replacement's target field is missing"),
        ("kustomize/replicas-target-not-found", "A replicas entry matches no object"),
        ("kustomize/unreadable", "A file cannot be read"),
        ("schema/bounds", "A number, length or count is outside the schema's bounds"),
        ("schema/cel", "An object fails a validation rule (x-kubernetes-validations) of its CRD"),
        ("schema/cel-not-evaluated", "A CRD validation rule uses CEL the interpreter does not implement"),
        ("schema/deprecated-version", "An object uses an API version its CRD marks deprecated"),
        ("schema/enum", "A value is not one the schema allows"),
        ("schema/format", "A string is not in the schema's format (date-time, duration, quantity …)"),
        ("schema/invalid-crd", "A CustomResourceDefinition cannot be used"),
        ("schema/invalid-schema", "A JSON schema file cannot be used"),
        ("schema/list-unique", "A list that must be unique has a duplicate entry"),
        ("schema/one-of", "A value fails a oneOf, anyOf or not clause"),
        ("schema/pattern", "A string does not match the schema's pattern"),
        ("schema/required", "A required field is missing"),
        ("schema/type", "A value has the wrong type"),
        ("schema/unknown-field", "A field the schema does not declare (the API server's strict validation rejects it)"),
        ("schema/unknown-kind", "Objects of a kind with no known schema were not validated"),
        ("schema/unserved-version", "An object uses an API version its CRD does not serve"),
        ("strata/suppression-without-reason", "A suppression annotation gives no reason"),
        ("yaml/alias-expansion", "Alias expansion exceeds the budget (a billion-laughs document)"),
        ("yaml/duplicate-key", "A mapping has a key twice; the last value wins"),
        ("yaml/syntax", "A file is not valid YAML"),
    ].map { Entry(id: $0.0, summary: $0.1) }
}
