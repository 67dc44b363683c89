import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

/// Parses YAML text in tests.
enum PatchYAML {
    /// The first document of `text`, loaded as file `path`.
    static func parse(_ text: String, path: String = "test.yaml") -> YAMLNode {
        YAMLLoader.load(text, path: path, into: DiagnosticCollector()).first?.root ?? .null
    }

    /// Every document of `text`.
    static func documents(_ text: String) -> [YAMLNode] {
        YAMLLoader.load(text, path: "out.yaml", into: DiagnosticCollector()).map(\.root)
    }
}

@Suite("Strategic-merge patches")
struct StrategicMergePatchTests {
    private func merge(_ target: String, _ patch: String) throws -> YAMLNode? {
        try StrategicMergePatch.apply(
            PatchYAML.parse(patch, path: "patch.yaml"),
            to: PatchYAML.parse(target, path: "target.yaml")
        )
    }

    private func names(_ list: YAMLNode?) -> [String] {
        list?.items?.map { $0["containerPort"]?.string ?? $0["name"]?.string ?? $0.string ?? "?" } ?? []
    }

    private let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, tier: front}
        spec:
          replicas: 1
          template:
            spec:
              containers:
              - name: a
                image: a:1
                env: [{name: X, value: "1"}, {name: Y, value: "2"}]
              - name: b
                image: b:1
              tolerations: [{key: k1}, {key: k2}]
              securityContext: {runAsUser: 1}
        """

    @Test("maps merge recursively and a null deletes a key")
    func maps() throws {
        let result = try #require(
            try merge(deployment, "metadata:\n  labels: {tier: null, env: prod}\nspec:\n  replicas: 3\n")
        )
        #expect(result[path: ["metadata", "labels"]] == PatchYAML.parse("{app: web, env: prod}"))
        #expect(result[path: ["spec", "replicas"]]?.int == 3)
        #expect(result[path: ["spec", "template", "spec", "containers"]]?.items?.count == 2)
    }

    @Test("nulls are dropped from maps and keyed list elements the patch adds")
    func nullsInNewContent() throws {
        let result = try #require(
            try merge(
                deployment,
                """
                spec:
                  template:
                    spec:
                      affinity: {nodeAffinity: {gone: null, kept: 1}}
                      containers:
                      - name: c
                        env: [{name: Z, value: null}]
                        command: [a, null]
                """
            )
        )
        let spec = try #require(result[path: ["spec", "template", "spec"]])
        #expect(spec["affinity"] == PatchYAML.parse("{nodeAffinity: {kept: 1}}"))
        let c = try #require(spec["containers"]?.items?.first)
        #expect(c["env"] == PatchYAML.parse("[{name: Z}]"))
        #expect(c["command"]?.items?.count == 2, "lists without keys are copied as they are")
    }

    @Test("nulls the target spells out survive when the patch leaves them alone")
    func targetNulls() throws {
        let result = try #require(
            try merge(
                """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec: {kept: null, tilde: ~, empty: , replaced: null, other: 1}
                """,
                "spec: {replaced: 2}\n"
            )
        )
        let spec = try #require(result["spec"])
        #expect(spec["kept"]?.isNull == true)
        #expect(spec["tilde"]?.isNull == true)
        #expect(spec["empty"] == nil, "an empty null has no text to keep")
        #expect(spec["replaced"]?.int == 2)
    }

    @Test("keyed lists merge by key, patch elements first, and other lists are replaced")
    func keyedLists() throws {
        let result = try #require(
            try merge(
                deployment,
                """
                spec:
                  template:
                    spec:
                      containers:
                      - name: c
                        image: c:1
                      - name: a
                        env: [{name: Z, value: "3"}, {name: X, value: "9"}]
                      tolerations: [{key: k3}]
                """
            )
        )
        let spec = try #require(result[path: ["spec", "template", "spec"]])
        #expect(names(spec["containers"]) == ["c", "a", "b"])
        let a = try #require(spec["containers"]?.items?[1])
        #expect(a["image"]?.string == "a:1")
        #expect(names(a["env"]) == ["Z", "X", "Y"])
        #expect(a["env"]?.items?[1]["value"]?.string == "9")
        #expect(spec["tolerations"] == PatchYAML.parse("[{key: k3}]"))
    }

    @Test("finalizers merge as a set of scalars")
    func primitiveSet() throws {
        let result = try #require(
            try merge(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  finalizers: [a, b, a]\n",
                "metadata:\n  finalizers: [d, b]\n"
            )
        )
        #expect(names(result[path: ["metadata", "finalizers"]]) == ["d", "b", "a"])
    }

    @Test("lists keyed by two fields follow kustomize, including dropping a partial match")
    func twoKeyLists() throws {
        let target = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: a
                ports: [{containerPort: 80}, {containerPort: 81, protocol: UDP}]
            """
        let added = try #require(
            try merge(
                target,
                """
                spec:
                  containers:
                  - name: a
                    ports: [{containerPort: 81, protocol: UDP, name: u}, {containerPort: 90, protocol: TCP}]
                """
            )
        )
        let ports = added[path: ["spec", "containers"]]?.items?.first?["ports"]
        #expect(names(ports) == ["90", "80", "81"])
        #expect(ports?.items?[2]["name"]?.string == "u")
        let dropped = try #require(
            try merge(
                target,
                "spec:\n  containers:\n  - name: a\n    ports: [{containerPort: 80, protocol: UDP, name: u}]\n"
            )
        )
        #expect(
            dropped[path: ["spec", "containers"]]?.items?.first?["ports"]
                == PatchYAML.parse("[{containerPort: 80}, {containerPort: 81, protocol: UDP}]")
        )
    }

    @Test("custom resources merge maps deeply and replace every list")
    func customResources() throws {
        let result = try #require(
            try merge(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: h, finalizers: [a]}
                spec:
                  values:
                    replicaCount: 1
                    resources: {limits: {cpu: 100m}}
                    hosts: [{name: a}, {name: b}]
                """,
                """
                metadata: {finalizers: [b]}
                spec:
                  values:
                    resources: {limits: {memory: 1Gi}}
                    hosts: [{name: c}]
                """
            )
        )
        #expect(result[path: ["spec", "values", "resources", "limits"]] == PatchYAML.parse("{cpu: 100m, memory: 1Gi}"))
        #expect(names(result[path: ["spec", "values", "hosts"]]) == ["c"])
        #expect(names(result[path: ["metadata", "finalizers"]]) == ["b"])
        #expect(result[path: ["spec", "values", "replicaCount"]]?.int == 1)
    }

    @Test("an object embedded in a custom resource merges with its own kind's keys")
    func embeddedObjects() throws {
        let result = try #require(
            try merge(
                """
                apiVersion: example.com/v1
                kind: Wrapper
                metadata: {name: w}
                spec:
                  template:
                    apiVersion: v1
                    kind: Pod
                    spec:
                      containers: [{name: a, image: a}, {name: b, image: b}]
                """,
                "spec:\n  template:\n    spec:\n      containers: [{name: a, image: z}]\n"
            )
        )
        #expect(names(result[path: ["spec", "template", "spec", "containers"]]) == ["a", "b"])
    }

    @Test("$patch delete and replace on maps and list elements")
    func directives() throws {
        let result = try #require(
            try merge(
                deployment,
                """
                metadata:
                  labels:
                    $patch: replace
                    only: one
                spec:
                  template:
                    spec:
                      securityContext:
                        $patch: delete
                      containers:
                      - name: b
                        $patch: delete
                """
            )
        )
        #expect(result[path: ["metadata", "labels"]] == PatchYAML.parse("{only: one}"))
        #expect(result[path: ["spec", "template", "spec", "securityContext"]] == nil)
        #expect(names(result[path: ["spec", "template", "spec", "containers"]]) == ["a"])
    }

    @Test("$patch replace on a list element is undone by the list merge, as in kustomize")
    func replaceElement() throws {
        let result = try #require(
            try merge(
                deployment,
                """
                spec:
                  template:
                    spec:
                      containers:
                      - name: a
                        $patch: replace
                        image: a:9
                """
            )
        )
        let a = try #require(result[path: ["spec", "template", "spec", "containers"]]?.items?.first)
        #expect(a["image"]?.string == "a:1")
        #expect(a["env"] != nil)
    }

    @Test("a patch element without the merge key removes every target element that has one")
    func keylessElement() throws {
        let result = try #require(
            try merge(
                deployment,
                """
                spec:
                  template:
                    spec:
                      containers:
                      - $patch: replace
                      - name: z
                        image: z
                """
            )
        )
        #expect(names(result[path: ["spec", "template", "spec", "containers"]]) == ["z"])
    }

    @Test("the top-level $patch delete deletes the object")
    func deleteObject() throws {
        #expect(try merge(deployment, "$patch: delete\n") == nil)
        #expect(try merge(deployment, "$patch: replace\n") == nil, "an object replaced by nothing is gone")
    }

    @Test("server-side-apply directives are kept as plain fields")
    func unknownDirectives() throws {
        let result = try #require(
            try merge(deployment, "spec:\n  $retainKeys: [replicas]\n  $setElementOrder/x: [a]\n")
        )
        #expect(result[path: ["spec", "$retainKeys"]] == PatchYAML.parse("[replicas]"))
        #expect(result[path: ["spec", "$setElementOrder/x"]] != nil)
    }

    @Test("an unknown $patch value is an error at its position")
    func unknownPatchStrategy() throws {
        let error = try #require(throws: PatchError.self) {
            try merge(deployment, "metadata:\n  labels:\n    $patch: squash\n")
        }
        #expect(error.message.contains("squash"))
        #expect(error.location == SourceLocation(path: "patch.yaml", line: 3, column: 13))
    }

    @Test("a patch of another node kind is an error at the patch node")
    func kindMismatch() throws {
        let error = try #require(throws: PatchError.self) {
            try merge(deployment, "spec:\n  template: [1]\n")
        }
        #expect(error.location == SourceLocation(path: "patch.yaml", line: 2, column: 13))
        #expect(error.message.contains("mapping"))
    }

    @Test("a quoted target scalar makes the patched value a string")
    func quotedTargets() throws {
        let result = try #require(
            try merge(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: \"x\", b: 1}\n",
                "data: {a: 5, b: \"2\"}\n"
            )
        )
        #expect(result[path: ["data", "a"]] == .string("5"))
        #expect(result[path: ["data", "b"]] == .string("2"))
    }

    @Test("merged nodes keep the target's location, patched values the patch's")
    func locations() throws {
        let result = try #require(
            try merge(
                deployment,
                "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: a\n        image: a:2\n"
            )
        )
        #expect(result["spec"]?.location?.path == "target.yaml")
        #expect(
            result[path: ["spec", "replicas"]]?.location == SourceLocation(path: "patch.yaml", line: 2, column: 13)
        )
        let a = try #require(result[path: ["spec", "template", "spec", "containers"]]?.items?.first)
        #expect(a.location?.path == "target.yaml")
        #expect(a["image"]?.location == SourceLocation(path: "patch.yaml", line: 7, column: 16))
        #expect(a["env"]?.location?.path == "target.yaml")
        let added = try #require(try merge(deployment, "spec:\n  paused: true\n"))
        #expect(added["spec"]?.keyLocation("paused") == SourceLocation(path: "patch.yaml", line: 2, column: 3))
    }

    @Test(
        "merge keys come from the built-in schema by apiVersion and kind",
        arguments: [
            ("apps/v1", "Deployment", "spec.template.spec.containers", ["name"] as [String]?),
            ("apps/v1", "Deployment", "spec.template.spec.containers.ports", ["containerPort", "protocol"]),
            ("v1", "Service", "spec.ports", ["port", "protocol"]),
            ("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec.volumes", ["name"]),
            ("v1", "ConfigMap", "metadata.finalizers", []),
            ("apps/v1", "Deployment", "spec.template.spec.tolerations", nil),
            ("apps/v1beta1", "Deployment", "spec.template.spec.containers", nil),
            ("example.com/v1", "Widget", "metadata.finalizers", nil),
        ]
    )
    func mergeKeys(_ apiVersion: String, _ kind: String, _ path: String, _ keys: [String]?) {
        let components = path.split(separator: ".").map(String.init)
        #expect(MergeKeys.keys(apiVersion: apiVersion, kind: kind, path: components) == keys)
    }
}
