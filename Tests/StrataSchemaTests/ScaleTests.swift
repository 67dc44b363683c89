import Foundation
import StrataCore
import StrataSchema
import StrataYAML
import Testing

private let sharedDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared").path

@Suite(
    "Scale",
    .enabled(
        if: FileManager.default.fileExists(atPath: sharedDirectory + "/crds"),
        "the shared CRDs are not at ../shared"
    )
)
struct ScaleTests {
    @Test("two thousand objects validate with one finding each, from parallel threads")
    func many() async throws {
        var catalog = SchemaCatalog()
        let setup = DiagnosticCollector()
        for file in ["helm.toolkit.fluxcd.io_helmreleases.yaml", "kustomize.toolkit.fluxcd.io_kustomizations.yaml"] {
            try catalog.addCRDs(atPath: sharedDirectory + "/crds/" + file, into: setup)
        }
        try catalog.addSchemaLocation(sharedDirectory + "/schemas/kubernetes/v1.36.0/{{ .ResourceKind }}.json")
        let validator = SchemaValidator(catalog: catalog)
        let text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: apps, labels: {app: web}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - {name: web, image: nginx, ports: [{containerPort: 80}], resources: {limits: {cpu: 1}}, bogus: 1}
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: podinfo, namespace: apps}
            spec:
              interval: 10m
              chart: {spec: {chart: podinfo, version: 6.x, sourceRef: {kind: HelmRepository, name: podinfo}}}
              values: {replicaCount: 2}
              timeout: 5 minutes
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec: {interval: 10m, path: ./apps, prune: maybe, sourceRef: {kind: GitRepository, name: flux-system}}
            """
        let objects = YAMLLoader.load(text, path: "objects.yaml", into: setup).map(\.root)
        let count = 2_001
        let sink = DiagnosticCollector()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for part in 0..<2 {
                group.addTask {
                    for i in stride(from: part, to: count, by: 2) {
                        validator.validate(objects[i % objects.count], into: sink)
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        print("validated \(count) objects in \(elapsed)")
        let findings = sink.diagnostics.filter { $0.id != SchemaDiagnosticID.celNotEvaluated.id }
        #expect(Set(findings.map(\.id)) == ["schema/unknown-field", "schema/pattern", "schema/type"])
        #expect(findings.count == 3)  // identical findings collapse in the collector
    }
}
