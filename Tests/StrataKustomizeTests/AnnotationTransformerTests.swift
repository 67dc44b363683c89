import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("commonAnnotations")
struct AnnotationTransformerTests {
    @Test(
        "annotations reach metadata and pod and job templates as kubectl puts them",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func parity() throws {
        let objects = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d, annotations: {keep: "1", note: old}}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: s}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: c}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j}
            ---
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: rc}
            ---
            apiVersion: example.com/v1
            kind: Thing
            metadata: {name: t}
            spec: {template: {metadata: {}}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            """
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": "resources: [res.yaml]\ncommonAnnotations:\n  note: new\n  example.com/x: \"true\"\n",
            "res.yaml": objects,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test("an existing key is replaced and the new value points at the kustomization")
    func replace() {
        let at = SourceLocation(path: "k.yaml", line: 1, column: 1)
        var resources = KustomizeParity.resources(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {a: x}}\n"
        )
        AnnotationTransformer.apply([("a", "y")], at: at, to: &resources)
        #expect(resources[0].annotations == ["a": "y"])
        #expect(resources[0].node[path: ["metadata", "annotations", "a"]]?.location == at)
    }
}
