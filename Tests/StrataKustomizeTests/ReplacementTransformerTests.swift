import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("replacements")
struct ReplacementTransformerTests {
    static let objects = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: src
          annotations: {a.b/c: fromanno}
          labels: {role: source}
        data:
          image: reg/app:1.2
          count: "3"
          host: db.example.com
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
          annotations: {x.y/z: old}
        spec:
          replicas: 1
          template:
            spec:
              containers:
              - name: main
                image: old:1
                env:
                - {name: HOST, value: h}
              - name: side
                image: old:2
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          template:
            spec:
              containers:
              - name: main
                image: old:3
        """

    static let cases: [String] = [
        """
        - source: {kind: ConfigMap, name: src, fieldPath: data.image}
          targets:
          - select: {kind: Deployment}
            reject:
            - {name: api}
            fieldPaths:
            - spec.template.spec.containers.[name=main].image
        """,
        """
        - source: {kind: ConfigMap, name: src, fieldPath: data.count}
          targets:
          - select: {kind: Deployment, name: web}
            fieldPaths: [spec.replicas]
        - source: {kind: Deployment, name: web, fieldPath: spec.replicas}
          targets:
          - select: {kind: ConfigMap}
            fieldPaths: [data.count, data.host]
        """,
        """
        - source: {kind: ConfigMap, name: src, fieldPath: data.host, options: {delimiter: ".", index: 0}}
          targets:
          - select: {name: web}
            fieldPaths:
            - spec.template.spec.containers.*.env.[name=HOST].value
        """,
        """
        - source:
            kind: ConfigMap
            name: src
            fieldPath: metadata.annotations.[a.b/c]
          targets:
          - select: {name: web}
            fieldPaths:
            - metadata.annotations.[x.y/z]
            - spec.template.spec.containers.1.name
            - metadata.annotations.x\\.y/w
            - metadata.annotations.c\\\\.d
            options: {create: true}
        """,
        """
        - source: {kind: ConfigMap, name: src}
          targets:
          - select: {name: api}
            fieldPaths:
            - metadata.labels.fromsrc
            - spec.template.spec.containers.[name=new].image
            - spec.newmap.inner
            options: {create: true}
        - source: {kind: ConfigMap, name: src, fieldPath: metadata.labels}
          targets:
          - select: {kind: Deployment, name: api}
            fieldPaths: [spec.copied]
            options: {create: true}
        """,
        """
        - source: {kind: ConfigMap, name: src, fieldPath: data.count}
          targets:
          - select: {kind: Deployment, name: web}
            fieldPaths: [spec.template.spec.containers.0.image]
            options: {delimiter: ":", index: 1}
          - select: {kind: Deployment, name: api}
            fieldPaths: [spec.template.spec.containers.0.image]
            options: {delimiter: ":", index: -1}
          - select: {labelSelector: "app=web"}
            fieldPaths: [spec.template.spec.containers.1.image]
            options: {delimiter: ":", index: 7}
          - select: {name: "w.*"}
            fieldPaths: [spec.replicas]
        - source: {kind: ConfigMap, name: src, fieldPath: data}
          targets:
          - select: {kind: Deployment, name: web}
            fieldPaths: [spec.template.spec.containers.0.name]
        """,
        """
        - source: {kind: ConfigMap, name: p-src, fieldPath: data.image}
          targets:
          - select: {kind: Deployment, name: web}
            fieldPaths: [spec.template.spec.containers.0.image]
        """,
    ]

    @Test(
        "replacements equal kubectl's",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed"),
        arguments: cases
    )
    func parity(_ replacements: String) throws {
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": "namePrefix: p-\nresources: [res.yaml]\nreplacements:\n" + replacements,
            "res.yaml": Self.objects,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test(
        "problems that stop kubectl are errors at the entry",
        arguments: [
            (
                "- source: {kind: ConfigMap, name: src, fieldPath: data.missing}\n  targets: []\n",
                "kustomize/replacement-source"
            ),
            ("- source: {kind: ConfigMap, name: nope}\n  targets: []\n", "kustomize/replacement-source"),
            ("- source: {kind: Deployment}\n  targets: []\n", "kustomize/replacement-source"),
            (
                "- source: {kind: ConfigMap, name: src, fieldPath: data.host, options: {delimiter: '.', index: 5}}\n  targets: []\n",
                "kustomize/replacement-source"
            ),
            (
                "- source: {kind: ConfigMap, name: src}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths: [spec.nothere]\n",
                "kustomize/replacement-target"
            ),
            (
                "- source: {kind: ConfigMap, name: src}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths:\n    - spec.template.spec.containers.[name=zzz].image\n",
                "kustomize/replacement-target"
            ),
            (
                "- source: {kind: ConfigMap, name: src}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths:\n    - spec.template.spec.containers.5.image\n    options: {create: true}\n",
                "kustomize/replacement-target"
            ),
            (
                "- source: {kind: ConfigMap, name: src}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths:\n    - spec.template.spec.*.1.image\n",
                "kustomize/replacement-target"
            ),
        ]
    )
    func errors(_ replacements: String, _ id: String) throws {
        let files = [
            "kustomization.yaml": "resources: [res.yaml]\nreplacements:\n" + replacements, "res.yaml": Self.objects,
        ]
        let dir = try KustomizeParity.directory(text: files)
        let sink = DiagnosticCollector()
        _ = KustomizeParity.build(dir, sink: sink)
        #expect(Set(sink.diagnostics.map(\.id)) == [id])
        #expect(sink.diagnostics.allSatisfy { $0.location?.path == "kustomization.yaml" })
        if KustomizeParity.isAvailable {
            #expect(throws: KubectlFailure.self) { try KustomizeParity.expected(dir) }
        }
    }

    @Test(
        "field paths split on dots, keeping bracketed and escaped dots",
        arguments: [
            ("a.b.c", [ReplacementPath.Segment.key("a"), .key("b"), .key("c")]),
            ("m.[a.b/c]", [.key("m"), .key("a.b/c")]),
            ("m.a\\.b", [.key("m"), .key("a.b")]),
            ("m.a\\\\.b", [.key("m"), .key("a\\.b")]),
            ("l.[name=x.y].v", [.key("l"), .match(field: "name", value: "x.y"), .key("v")]),
            ("l.*.2", [.key("l"), .every, .index(2)]),
        ]
    )
    func paths(_ text: String, _ segments: [ReplacementPath.Segment]) {
        #expect(ReplacementPath(text).segments == segments)
    }
}
