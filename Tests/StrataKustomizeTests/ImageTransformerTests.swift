import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("images")
struct ImageTransformerTests {
    static let objects = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              containers:
              - image: nginx
              - image: nginx:1.0
              - image: nginx@sha256:abc
              - image: nginx:1.0@sha256:abc
              - image: docker.io/nginx:1.0
              - image: nginxx:1.0
              - image: my.reg:5000/app:2
              - image: myxreg:5000/app:2
              - image: redis:7
              - image: postgres:15
              - image: busybox:1
              - name: no-image
              initContainers:
              - image: nginx
              ephemeralContainers:
              - image: nginx
        ---
        apiVersion: example.com/v1
        kind: Thing
        metadata: {name: t}
        spec:
          deep:
            containers:
            - image: nginx
            - image: postgres
          image: nginx
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: crd}
        spec:
          containers:
          - image: nginx
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - image: postgres@sha256:x
          - image: "5"
        """

    @Test(
        "image rewrites, including kustomize's double tag suffix, equal kubectl's",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func parity() throws {
        let kustomization = """
            resources: [res.yaml]
            images:
            - name: nginx
              newName: reg/nginx
              newTag: "2.0"
            - name: my.reg:5000/app
              digest: sha256:ddd
            - name: redis
              newTag: "8"
              digest: sha256:eee
            - name: postgres
              tagSuffix: -alpine
            - name: busybox
            """
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": kustomization, "res.yaml": Self.objects,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test(
        "references split into name, tag and digest; a registry port is not a tag",
        arguments: [
            ("nginx", "nginx", "", ""), ("nginx:1", "nginx", "1", ""), ("nginx@sha256:x", "nginx", "", "sha256:x"),
            ("n:1@sha256:x", "n", "1", "sha256:x"), ("reg:5000/app", "reg:5000/app", "", ""),
            ("reg:5000/app:2@sha256:y", "reg:5000/app", "2", "sha256:y"),
        ]
    )
    func split(_ image: String, _ name: String, _ tag: String, _ digest: String) {
        let parts = ImageTransformer.split(image)
        #expect(parts.name == name && parts.tag == tag && parts.digest == digest)
    }

    @Test("a non-string image is reported where it is; entries without a name are reported")
    func errors() {
        let sink = DiagnosticCollector()
        var resources = KustomizeParity.resources(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - image: {x: 1}\n"
        )
        ImageTransformer.apply(KustomizeParity.node("- name: nginx\n- newTag: x\n"), to: &resources, sink: sink)
        #expect(sink.diagnostics.map(\.id).sorted() == ["kustomize/image-not-scalar", "kustomize/invalid-images"])
        #expect(sink.diagnostics.contains { $0.location == SourceLocation(path: "res.yaml", line: 6, column: 12) })
    }

    @Test(
        "a number where kustomize wants a string is an error, as in kubectl",
        arguments: ["newTag: 1.10", "newTag: 2", "digest: true"]
    )
    func numbers(_ field: String) throws {
        let sink = DiagnosticCollector()
        var resources = KustomizeParity.resources(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - image: a:1\n"
        )
        let before = resources[0].node
        ImageTransformer.apply(KustomizeParity.node("- name: a\n  \(field)\n"), to: &resources, sink: sink)
        #expect(sink.diagnostics.map(\.id) == ["kustomize/invalid-images"])
        #expect(sink.diagnostics.first?.location?.line == 2)
        #expect(resources[0].node == before)
        let dir = try KustomizeParity.directory(text: [
            "kustomization.yaml": "resources: [p.yaml]\nimages:\n- name: a\n  \(field)\n",
            "p.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
        ])
        if KustomizeParity.isAvailable {
            #expect(throws: KubectlFailure.self) { try KustomizeParity.expected(dir) }
        }
    }

    @Test("a rewritten reference keeps the location of the value it replaces")
    func location() {
        var resources = KustomizeParity.resources(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - image: a:1\n"
        )
        ImageTransformer.apply(
            KustomizeParity.node("- {name: a, newTag: \"2\"}\n"),
            to: &resources,
            sink: DiagnosticCollector()
        )
        let image = resources[0].node[path: ["spec", "containers"]]?.items?.first?["image"]
        #expect(image?.string == "a:2")
        #expect(image?.location == SourceLocation(path: "res.yaml", line: 6, column: 12))
    }
}
