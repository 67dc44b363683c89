import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("name prefix and suffix")
struct PrefixSuffixTransformerTests {
    @Test(
        "renames all but CRDs, Namespaces and APIServices, as kubectl does",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func skippedKinds() throws {
        let objects = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: ns1}
            ---
            apiVersion: v2
            kind: Namespace
            metadata: {name: ns2}
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: crd1}
            ---
            apiVersion: other.io/v1
            kind: CustomResourceDefinition
            metadata: {name: crd2}
            ---
            apiVersion: apiregistration.k8s.io/v1
            kind: APIService
            metadata: {name: api1}
            ---
            apiVersion: other.io/v1
            kind: APIService
            metadata: {name: api2}
            ---
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: sc}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cm}
            """
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": "namePrefix: p-\nnameSuffix: -s\nresources: [res.yaml]\n", "res.yaml": objects,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test("prefixes from base and overlay stack, and the earlier names are recorded")
    func history() {
        var resources = KustomizeParity.resources("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n")
        PrefixSuffixTransformer.apply(prefix: "b-", suffix: "", to: &resources)
        PrefixSuffixTransformer.apply(prefix: "o-", suffix: "-x", to: &resources)
        #expect(resources[0].name == "o-b-cm-x")
        #expect(resources[0].namePrefixes == ["b-", "o-"])
        #expect(resources[0].nameSuffixes == ["-x"])
        #expect(resources[0].previousIDs.map(\.name) == ["cm", "b-cm", "o-b-cm"])
        #expect(resources[0].node[path: ["metadata", "name"]]?.location?.line == 3)
        resources[0].removeBuildAnnotations()
        #expect(resources[0].node[path: ["metadata", "annotations"]] == nil)
    }
}
