import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("replicas")
struct ReplicaTransformerTests {
    @Test(
        "counts set by original or current name on the four workload kinds, as kubectl does",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func parity() throws {
        let objects = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec: {replicas: 1}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            ---
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: web}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: web}
            """
        let kustomization = """
            namePrefix: p-
            resources: [res.yaml]
            replicas:
            - {name: web, count: 3}
            - {name: p-db, count: 0}
            """
        let diagnostics = try KustomizeParity.expectParity(["kustomization.yaml": kustomization, "res.yaml": objects])
        #expect(diagnostics.isEmpty)
    }

    @Test("an entry that matches nothing, or has no integer count, is an error at the entry")
    func errors() throws {
        let sink = DiagnosticCollector()
        var resources = KustomizeParity.resources("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n")
        ReplicaTransformer.apply(
            KustomizeParity.node("- {name: api, count: 2}\n- {name: web, count: many}\n"),
            to: &resources,
            sink: sink
        )
        #expect(sink.diagnostics.map(\.id) == ["kustomize/replicas-target-not-found", "kustomize/invalid-replicas"])
        #expect(sink.diagnostics.first?.location?.line == 1)
        #expect(resources[0].node[path: ["spec", "replicas"]] == nil)
        let dir = try KustomizeParity.directory(text: [
            "kustomization.yaml": "resources: [d.yaml]\nreplicas: [{name: api, count: 2}]\n",
            "d.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
        ])
        if KustomizeParity.isAvailable {
            #expect(throws: KubectlFailure.self) { try KustomizeParity.expected(dir) }
        }
    }
}
