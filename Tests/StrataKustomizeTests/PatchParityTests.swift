import Foundation
import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

/// Runs the reference implementation, `kubectl kustomize`, on a throw-away directory.
enum PatchKubectl {
    static let executable = "/usr/bin/kubectl"
    static let isAvailable = FileManager.default.isExecutableFile(atPath: executable)

    struct Run {
        var status: Int32
        var output: String
        var errors: String
        var documents: [YAMLNode] { PatchYAML.documents(output) }
    }

    /// Writes `files` (relative path to content) into a fresh directory and builds it.
    static func kustomize(_ files: [String: String]) throws -> Run {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-patch-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, content) in files {
            try content.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["kustomize", "--load-restrictor", "LoadRestrictionsNone", directory.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: outData, as: UTF8.self),
            errors: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Builds each (target, patch) pair of texts as its own resource with an untargeted strategic-merge
    /// patch, all in one run, and returns kustomize's result per case (nil when the patch deleted it).
    static func strategicMerge(_ cases: [(base: String, patch: String)]) throws -> [YAMLNode?] {
        var files: [String: String] = [:]
        var kustomization = "resources:\n"
        for index in cases.indices { kustomization += "- r\(index).yaml\n" }
        kustomization += "patches:\n"
        for (index, pair) in cases.enumerated() {
            files["r\(index).yaml"] = pair.base
            files["p\(index).yaml"] = pair.patch
            kustomization += "- path: p\(index).yaml\n"
        }
        files["kustomization.yaml"] = kustomization
        let run = try kustomize(files)
        guard run.status == 0 else { throw ParityFailure(message: run.errors) }
        let built = run.documents
        return cases.map { pair in
            let base = PatchYAML.parse(pair.base)
            return built.first {
                $0["kind"] == base["kind"] && $0[path: ["metadata", "name"]] == base[path: ["metadata", "name"]]
            }
        }
    }

    struct ParityFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Renders a result for failure messages.
func render(_ node: YAMLNode?) -> String {
    node.map { YAMLWriter.write($0) } ?? "<deleted>"
}

@Suite(
    "Patch parity with kubectl kustomize",
    .enabled(if: PatchKubectl.isAvailable, "kubectl is not installed at /usr/bin/kubectl")
)
struct PatchParityTests {
    // MARK: Strategic merge

    /// (what it shows, target, patch); `NAME` becomes a unique object name.
    static let strategicCases: [(String, String, String)] = [
        (
            "containers, env and volume mounts merge by key; patch elements first",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              replicas: 1
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: a
                    image: a:1
                    env: [{name: X, value: "1"}, {name: W, value: "2"}]
                    volumeMounts: [{mountPath: /a, name: v1}, {mountPath: /b, name: v2}]
                  - name: b
                    image: b:1
                  - name: c
                    image: c:1
                  volumes: [{name: v1, emptyDir: {}}, {name: v2, configMap: {name: cm}}]
                  tolerations: [{key: k1, operator: Exists}, {key: k2, operator: Exists}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - name: c
                    image: c:2
                  - name: new
                    image: n:1
                  - name: a
                    env: [{name: Z, value: "3"}, {name: X, value: "9"}]
                    volumeMounts: [{mountPath: /b, name: v3}]
                  volumes: [{name: v2, secret: {secretName: s}}]
                  tolerations: [{key: k3, operator: Exists}]
            """
        ),
        (
            "container ports keyed by port and protocol keep kustomize's order and drop partial matches",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers:
                  - name: a
                    ports: [{containerPort: 80}, {containerPort: 81, protocol: UDP}]
                  - name: b
                    ports: [{containerPort: 80}, {containerPort: 81, protocol: UDP}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers:
                  - name: a
                    ports: [{containerPort: 81, protocol: UDP, name: u}, {containerPort: 90, protocol: TCP}]
                  - name: b
                    ports: [{containerPort: 80, protocol: UDP, name: u}]
            """
        ),
        (
            "service ports keyed by port and protocol",
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: NAME
            spec:
              selector: {app: web}
              ports: [{port: 80, protocol: TCP, name: a}, {port: 81, name: b}]
            """,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: NAME
            spec:
              ports: [{port: 80, protocol: UDP, name: c}, {port: 81, targetPort: 9}]
            """
        ),
        (
            "nulls delete keys, also inside maps and list elements the patch adds",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
              labels: {a: "1", b: "2"}
            spec:
              template:
                spec:
                  containers: [{name: a, image: a, args: [x]}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
              labels: {a: null, c: "3", d: null}
              annotations: {x: null, w: "1"}
            spec:
              template:
                spec:
                  affinity: {nodeAffinity: {gone: null, kept: 1}}
                  containers:
                  - name: a
                    args: null
                  - name: d
                    image: d
                    env: [{name: X, value: null}]
                    command: [a, null]
                  volumes: [{name: v, secret: {secretName: s, optional: null}}]
            """
        ),
        (
            "$patch directives on maps and list elements",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  securityContext: {runAsUser: 1, fsGroup: 2}
                  nodeSelector: {zone: a, disk: ssd}
                  containers:
                  - name: a
                    image: a:1
                    resources: {limits: {cpu: 1, memory: 1Gi}}
                  - name: b
                    image: b:1
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  securityContext:
                    $patch: delete
                  nodeSelector:
                    $patch: replace
                    zone: b
                    gone: null
                  containers:
                  - name: b
                    $patch: delete
                  - name: a
                    resources:
                      $patch: replace
                      requests: {cpu: 2}
                  - name: e
                    $patch: delete
            """
        ),
        (
            "$patch replace on a list element is undone, list-level replace clears by the empty key",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers: [{name: a, image: a:1, args: [x]}, {name: b, image: b:1}]
                  volumes: [{name: v1, configMap: {name: c}}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers:
                  - name: a
                    $patch: replace
                    image: a:9
                  volumes:
                  - $patch: replace
                  - name: v3
                    secret: {secretName: s}
            """
        ),
        (
            "a patch element without the merge key removes every keyed target element",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers: [{name: a, image: a}, {name: b, image: b}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers: [{name: z, image: z}, {image: noname}]
            """
        ),
        (
            "server-side directives are plain data to kustomize",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
              finalizers: [f1, f2]
            spec:
              template:
                spec:
                  containers: [{name: a, image: a}, {name: c, image: c}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: NAME
              $deleteFromPrimitiveList/finalizers: [f1]
            spec:
              template:
                spec:
                  $setElementOrder/containers: [{name: c}, {name: a}]
                  $retainKeys: [containers]
            """
        ),
        (
            "finalizers merge as a set, patch values first",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
              finalizers: [a, b, a, c]
              ownerReferences: [{uid: u1, name: a}, {uid: u2, name: b}]
            data: {k: v}
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
              finalizers: [d, b, d]
              ownerReferences: [{uid: u1, name: z}]
            data: {k2: v2}
            """
        ),
        (
            "custom resources: maps merge deeply, lists replace, finalizers replace",
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: NAME
              finalizers: [a, b]
            spec:
              interval: 5m
              chart: {spec: {chart: podinfo, version: 6.0.0, sourceRef: {kind: HelmRepository, name: podinfo}}}
              values:
                replicaCount: 1
                ingress: {enabled: false, hosts: [{host: a.example.com}]}
                resources: {limits: {cpu: 100m}}
                containers: [{name: a, image: a}, {name: b, image: b}]
            """,
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: NAME
              finalizers: [c]
            spec:
              chart: {spec: {version: 6.1.0}}
              values:
                replicaCount: 2
                ingress: {enabled: true, hosts: [{host: b.example.com}]}
                resources: {limits: {memory: 128Mi}, requests: null}
                containers: [{name: a, image: z}]
            """
        ),
        (
            "objects embedded in custom resources merge with their own kind's keys",
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: NAME
            spec:
              values:
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      containers: [{name: a, image: a}, {name: b, image: b}]
                other: [{name: a, x: 1}, {name: b}]
            """,
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: NAME
            spec:
              values:
                spec:
                  template:
                    spec:
                      containers: [{name: a, image: z}]
                other: [{name: a, z: 2}]
            """
        ),
        (
            "quoted target scalars make patched values strings",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
            x:
              a: "x"
              b: 1
              c: |
                literal
              d: plain
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
            x:
              a: 5
              b: "2"
              c: true
              d: 7
            """
        ),
        (
            "$patch replace with nothing left, and new empty collections",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
            data: {a: x}
            foo: {b: 1}
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
            foo: {$patch: replace}
            newMap: {}
            newList: []
            """
        ),
        (
            "lists of a version the schema does not know are replaced",
            """
            apiVersion: apps/v1beta1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers: [{name: a, image: a}, {name: b, image: b}]
            """,
            """
            apiVersion: apps/v1beta1
            kind: Deployment
            metadata:
              name: NAME
            spec:
              template:
                spec:
                  containers: [{name: a, image: z}]
            """
        ),
        (
            "CronJob pod template lists merge",
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: NAME
            spec:
              schedule: "* * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers: [{name: a, image: a, env: [{name: A, value: "1"}]}]
                      imagePullSecrets: [{name: s1}]
            """,
            """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: NAME
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers: [{name: a, env: [{name: B, value: "2"}]}]
                      imagePullSecrets: [{name: s2}]
            """
        ),
        (
            "the top-level $patch delete removes the object",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
            data: {a: b}
            """,
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: NAME
            $patch: delete
            """
        ),
    ]

    static func object(_ header: String, _ name: String, _ body: String) -> YAMLNode {
        var node = PatchYAML.parse(header)
        node.set("metadata", .mapping([("name", .string(name))]))
        return assemble(node, body: PatchYAML.parse(body))
    }

    /// Adds the fields of `body` to `object`, merging `metadata` so the name stays.
    static func assemble(_ object: YAMLNode, body: YAMLNode) -> YAMLNode {
        var node = object
        for pair in body.pairs ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            if key == "metadata", var metadata = node["metadata"] {
                for inner in pair.value.pairs ?? [] {
                    if let innerKey = inner.key.scalar?.text { metadata.set(innerKey, inner.value) }
                }
                node.set("metadata", metadata)
            } else {
                node.set(key, pair.value)
            }
        }
        return node
    }

    @Test("strategic-merge results equal kubectl's on a table of cases")
    func strategicMergeTable() throws {
        let cases = Self.strategicCases.enumerated().map { index, entry in
            (
                base: entry.1.replacingOccurrences(of: "NAME", with: "case-\(index)"),
                patch: entry.2.replacingOccurrences(of: "NAME", with: "case-\(index)")
            )
        }
        let expected = try PatchKubectl.strategicMerge(cases)
        for (index, pair) in cases.enumerated() {
            let actual = try StrategicMergePatch.apply(PatchYAML.parse(pair.patch), to: PatchYAML.parse(pair.base))
            let same = actual == expected[index]
            #expect(
                same,
                "\(Self.strategicCases[index].0)\nkubectl:\n\(render(expected[index]))\nours:\n\(render(actual))"
            )
        }
    }

    @Test(
        "patches kubectl rejects are errors here too",
        arguments: [
            ("data: {a: x}", "data: {a: {b: 1}}"),
            ("foo: {b: 1}", "foo: scalar"),
            ("foo: {b: 1}", "foo: [1]"),
            ("bar: [1]", "bar: {a: 1}"),
            ("foo: {b: 1}", "foo: {$patch: foo}"),
            ("metadata: {finalizers: [a]}", "metadata: {finalizers: [{a: 1}]}"),
        ]
    )
    func strategicErrors(_ base: String, _ patch: String) throws {
        let header = "apiVersion: v1\nkind: ConfigMap"
        let baseNode = Self.object(header, "c", base)
        let patchNode = Self.object(header, "c", patch)
        let run = try PatchKubectl.kustomize([
            "kustomization.yaml": "resources: [r.yaml]\npatches: [{path: p.yaml}]\n",
            "r.yaml": YAMLWriter.write(baseNode),
            "p.yaml": YAMLWriter.write(patchNode),
        ])
        #expect(run.status != 0, "kubectl accepted it: \(run.output)")
        #expect(throws: PatchError.self) { try StrategicMergePatch.apply(patchNode, to: baseNode) }
    }

    // MARK: Merge keys

    /// A resource and a one-element patch for the list at `path`, with two target elements.
    static func probe(
        typeKey: String,
        path: String,
        keys: [String],
        name: String,
        secondKeyDiffers: Bool
    )
        -> (base: YAMLNode, patch: YAMLNode)
    {
        let space = typeKey.firstIndex(of: " ") ?? typeKey.endIndex
        let apiVersion = String(typeKey[..<space])
        let kind = String(typeKey[typeKey.index(after: space)...])
        let lists = MergeKeys.table[typeKey] ?? [:]
        let components = path.split(separator: ".").map(String.init)

        func element(_ keys: [String], _ values: [String], extra: (String, YAMLNode)?) -> YAMLNode {
            var entries = zip(keys, values).map { ($0, YAMLNode.string($1)) }
            if let extra { entries.append(extra) }
            return .mapping(entries)
        }

        /// The body down to the list, with a one-element list wherever a parent is itself a merged list.
        func body(_ list: YAMLNode) -> YAMLNode {
            var value = list
            for index in stride(from: components.count - 2, through: 0, by: -1) {
                var map = YAMLNode.mapping([(components[index + 1], value)])
                if let parentKeys = lists[components[0...index].joined(separator: ".")] {
                    for key in parentKeys { map.set(key, .string("p")) }
                    value = .sequence([map])
                } else {
                    value = map
                }
            }
            return .mapping([(components[0], value)])
        }

        let baseList: YAMLNode
        let patchList: YAMLNode
        if keys.isEmpty {
            baseList = .sequence([.string("a"), .string("b")])
            patchList = .sequence([.string("c"), .string("a")])
        } else {
            let first = keys.map { _ in "a" }
            let second = keys.map { _ in "b" }
            var patchValues = first
            if secondKeyDiffers { patchValues[patchValues.count - 1] = "other" }
            baseList = .sequence([
                element(keys, first, extra: ("markBase", .string("1"))),
                element(keys, second, extra: nil),
            ])
            patchList = .sequence([element(keys, patchValues, extra: ("markPatch", .string("1")))])
        }
        let header = YAMLNode.mapping([
            ("apiVersion", .string(apiVersion)), ("kind", .string(kind)),
            ("metadata", .mapping([("name", .string(name))])),
        ])
        return (assemble(header, body: body(baseList)), assemble(header, body: body(patchList)))
    }

    /// Lists the schema leaves alone, checked to be replaced.
    static let replacedLists: [(String, String, [String])] = [
        ("apps/v1 Deployment", "spec.template.spec.tolerations", ["key"]),
        ("apps/v1 Deployment", "spec.template.spec.readinessGates", ["conditionType"]),
        ("apps/v1 Deployment", "spec.template.spec.schedulingGates", ["name"]),
        ("apps/v1 Deployment", "spec.template.spec.containers.envFrom", ["prefix"]),
        ("apps/v1 Deployment", "spec.template.spec.containers.command", []),
        ("apps/v1 Deployment", "spec.template.spec.ephemeralContainers.ports", ["containerPort"]),
        ("apps/v1 Deployment", "spec.selector.matchExpressions", ["key"]),
        ("apps/v1 StatefulSet", "spec.volumeClaimTemplates", ["name"]),
        ("v1 ServiceAccount", "imagePullSecrets", ["name"]),
        ("v1 Namespace", "spec.finalizers", []),
        ("v1 Node", "spec.taints", ["key"]),
        ("rbac.authorization.k8s.io/v1 Role", "rules", ["verbs"]),
        ("networking.k8s.io/v1 Ingress", "spec.rules", ["host"]),
        ("autoscaling/v2beta2 HorizontalPodAutoscaler", "status.conditions", ["type"]),
        ("apiextensions.k8s.io/v1 CustomResourceDefinition", "spec.versions", ["name"]),
        ("apps/v1beta2 Deployment", "spec.template.spec.containers", ["name"]),
        ("extensions/v1beta1 Deployment", "spec.template.spec.containers", ["name"]),
        ("kustomize.toolkit.fluxcd.io/v1 Kustomization", "metadata.finalizers", []),
        ("example.com/v1 Widget", "spec.containers", ["name"]),
    ]

    @Test("every merge-key table entry merges in kubectl, every other list is replaced")
    func mergeKeyTable() throws {
        var probes: [(label: String, merges: Bool, keysCount: Int, leaf: [String], base: YAMLNode, patch: YAMLNode)] =
            []
        var counter = 0
        for (typeKey, lists) in MergeKeys.table.sorted(by: { $0.key < $1.key }) {
            for (path, keys) in lists.sorted(by: { $0.key < $1.key }) {
                counter += 1
                let pair = Self.probe(
                    typeKey: typeKey,
                    path: path,
                    keys: keys,
                    name: "p\(counter)",
                    secondKeyDiffers: false
                )
                probes.append(
                    (
                        "\(typeKey) \(path)", true, keys.count, path.split(separator: ".").map(String.init), pair.base,
                        pair.patch
                    )
                )
                if keys.count > 1 {
                    counter += 1
                    let split = Self.probe(
                        typeKey: typeKey,
                        path: path,
                        keys: keys,
                        name: "p\(counter)",
                        secondKeyDiffers: true
                    )
                    probes.append(
                        (
                            "\(typeKey) \(path) second key", true, keys.count,
                            path.split(separator: ".").map(String.init), split.base, split.patch
                        )
                    )
                }
            }
        }
        for (typeKey, path, keys) in Self.replacedLists {
            counter += 1
            let pair = Self.probe(
                typeKey: typeKey,
                path: path,
                keys: keys,
                name: "p\(counter)",
                secondKeyDiffers: false
            )
            probes.append(
                (
                    "\(typeKey) \(path)", false, keys.count, path.split(separator: ".").map(String.init), pair.base,
                    pair.patch
                )
            )
        }
        let expected = try PatchKubectl.strategicMerge(
            probes.map { (YAMLWriter.write($0.base), YAMLWriter.write($0.patch)) }
        )
        for (index, probe) in probes.enumerated() {
            let actual = try StrategicMergePatch.apply(probe.patch, to: probe.base)
            let same = actual == expected[index]
            #expect(same, "\(probe.label)\nkubectl:\n\(render(expected[index]))\nours:\n\(render(actual))")
            // Find the leaf list in kubectl's output (through one-element parent lists) and check it merged.
            var node = expected[index]
            for component in probe.leaf {
                if let items = node?.items { node = items.first }
                node = node?[component]
            }
            let count = node?.items?.count ?? -1
            if probe.merges {
                #expect(count >= 2, "\(probe.label) was not merged by kubectl:\n\(render(expected[index]))")
            } else {
                #expect(count == 1 || count == 2 && probe.keysCount == 0, "\(probe.label) was merged by kubectl")
            }
        }
    }

    // MARK: JSON patches

    static let jsonBase = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: NAME
          annotations: {a/b: x, "c~d": w}
        data:
          k: v
        list: [a, b, c]
        nested: {m: {x: 1}, l: [1, {a: 1, b: 2}]}
        """

    static let jsonCases: [String] = [
        #"[{"op": "replace", "path": "/data/missing", "value": 1}]"#,
        #"[{"op": "test", "path": "/data/k", "value": "v"}, {"op": "add", "path": "/list/-", "value": "d"}]"#,
        #"[{"op": "add", "path": "/list/-1", "value": "n"}]"#,
        #"[{"op": "add", "path": "/list/-4", "value": "n"}]"#,
        #"[{"op": "replace", "path": "/list/-1", "value": "n"}]"#,
        #"[{"op": "remove", "path": "/list/-1"}]"#,
        #"[{"op": "add", "path": "/list/3", "value": "e"}, {"op": "add", "path": "/list/01", "value": "z"}]"#,
        #"[{"op": "move", "from": "/metadata/annotations/a~1b", "path": "/data/moved"}]"#,
        #"[{"op": "copy", "from": "/metadata/annotations/c~0d", "path": "/data/copied"}]"#,
        #"[{"op": "copy", "from": "/data/missing", "path": "/data/z"}]"#,
        #"[{"op": "replace", "path": "/data", "value": null}]"#,
        #"[{"op": "test", "path": "/data/missing", "value": null}]"#,
        #"[{"op": "add", "path": "data/x", "value": 1}]"#,
        #"[{"op": "add", "path": "/data/", "value": 1}]"#,
        #"[{"op": "add", "path": "/data/x"}]"#,
        #"[{"op": "test", "path": "/nested/l", "value": [1, {"b": 2, "a": 1}]},"#
            + #" {"op": "remove", "path": "/nested/m"}]"#,
        #"[{"op": "add", "path": "/nested/l/1/c", "value": {"deep": [true]}}]"#,
        "- op: add\n  path: /data/enabled\n  value: true\n- op: replace\n  path: /nested/m/x\n  value: '2'\n",
    ]

    @Test("JSON patch results equal kubectl's")
    func jsonPatchTable() throws {
        var files: [String: String] = [:]
        var kustomization = "resources:\n"
        for index in Self.jsonCases.indices { kustomization += "- r\(index).yaml\n" }
        kustomization += "patches:\n"
        for (index, patch) in Self.jsonCases.enumerated() {
            files["r\(index).yaml"] = Self.jsonBase.replacingOccurrences(of: "NAME", with: "j\(index)")
            files["p\(index).yaml"] = patch
            kustomization += "- path: p\(index).yaml\n  target: {kind: ConfigMap, name: j\(index)}\n"
        }
        files["kustomization.yaml"] = kustomization
        let run = try PatchKubectl.kustomize(files)
        try #require(run.status == 0, "\(run.errors)")
        let built = run.documents
        for (index, patch) in Self.jsonCases.enumerated() {
            let base = PatchYAML.parse(Self.jsonBase.replacingOccurrences(of: "NAME", with: "j\(index)"))
            let expected = built.first { $0[path: ["metadata", "name"]]?.string == "j\(index)" }
            let actual = try JSONPatch.apply(JSONPatch.parse(PatchYAML.parse(patch)), to: base)
            let same = actual == expected
            #expect(same, "\(patch)\nkubectl:\n\(render(expected))\nours:\n\(render(actual))")
        }
    }

    @Test(
        "JSON patches kubectl rejects are errors here too",
        arguments: [
            #"[{"op": "remove", "path": "/data/missing"}]"#,
            #"[{"op": "add", "path": "/nope/x", "value": 1}]"#,
            #"[{"op": "test", "path": "/data/k", "value": "w"}]"#,
            #"[{"op": "remove", "path": "/list/-"}]"#,
            #"[{"op": "add", "path": "/list/4", "value": "e"}]"#,
            #"[{"op": "add", "path": "/list/-5", "value": "e"}]"#,
            #"[{"op": "add", "path": "", "value": {}}]"#,
            #"[{"op": "replace", "path": "/nope/x", "value": 1}]"#,
            #"[{"op": "replace", "path": "/list/3", "value": 1}]"#,
            #"[{"op": "add", "path": "/list/x", "value": 1}]"#,
            #"[{"op": "add", "path": "/data/k/x", "value": 1}]"#,
            #"[{"op": "move", "from": "/data", "path": "/data/sub"}]"#,
            #"[{"op": "move", "from": "/nope", "path": "/data/sub"}]"#,
            #"[{"op": "copy", "from": "/list/9", "path": "/data/sub"}]"#,
            #"[{"op": "test", "path": "/nope/x", "value": null}]"#,
            #"[{"op": "bogus", "path": "/data/x", "value": 1}]"#,
            #"[{"op": "replace", "path": "", "value": [1]}]"#,
        ]
    )
    func jsonPatchErrors(_ patch: String) throws {
        let run = try PatchKubectl.kustomize([
            "kustomization.yaml": "resources: [r.yaml]\npatches: [{path: p.yaml, target: {kind: ConfigMap}}]\n",
            "r.yaml": Self.jsonBase.replacingOccurrences(of: "NAME", with: "c"),
            "p.yaml": patch,
        ])
        #expect(run.status != 0, "kubectl accepted it")
        let base = PatchYAML.parse(Self.jsonBase.replacingOccurrences(of: "NAME", with: "c"))
        #expect(throws: PatchError.self) { try JSONPatch.apply(JSONPatch.parse(PatchYAML.parse(patch)), to: base) }
    }

    // MARK: Targets

    static let targetResources = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, tier: front, n: "5"}
          annotations: {note: hello, team: a}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web2
          namespace: prod
          labels: {app: web2}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
          namespace: default
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: web
        ---
        apiVersion: rbac.authorization.k8s.io/v1alpha1
        kind: ClusterRole
        metadata:
          name: alpha
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: web
          labels: {app: widget}
        """

    static let targets: [String] = [
        "{name: web}", "{name: web.*}", "{name: WEB}", "{name: we}", "{kind: Deploy.*}", "{kind: deployment}",
        "{group: apps}", "{group: ''}", "{version: v1}", "{group: ap.*}", "{namespace: default}",
        "{namespace: prod}", "{namespace: '.*'}", "{namespace: 'prod|default'}", "{namespace: _non_namespaceable_}",
        "{labelSelector: app=web}", "{labelSelector: app!=web}", "{labelSelector: '!app'}",
        "{labelSelector: 'app in (web, web2)'}", "{labelSelector: 'app notin (web)'}", "{labelSelector: n>4}",
        "{labelSelector: n<5}", "{labelSelector: app}", "{labelSelector: 'app==web,tier=front'}",
        "{labelSelector: ' app = web '}", "{labelSelector: 'app in (web,)'}", "{labelSelector: 'app in ()'}",
        "{annotationSelector: note=hello}", "{annotationSelector: 'team notin (a)'}",
        "{kind: ClusterRole, namespace: default}", "{kind: Deployment, name: 'web|web2', labelSelector: app}",
    ]

    @Test("targets select the same resources as kubectl")
    func targetSelection() throws {
        var files = ["resources.yaml": Self.targetResources]
        var kustomization = "resources: [resources.yaml]\npatches:\n"
        for (index, target) in Self.targets.enumerated() {
            files["p\(index).yaml"] = "- op: add\n  path: /hit\(index)\n  value: y\n"
            kustomization += "- path: p\(index).yaml\n  target: \(target)\n"
        }
        files["kustomization.yaml"] = kustomization
        let run = try PatchKubectl.kustomize(files)
        try #require(run.status == 0, "\(run.errors)")
        let built = run.documents
        let resources = PatchYAML.documents(Self.targetResources).map { Resource(node: $0) }
        for (index, text) in Self.targets.enumerated() {
            let target = try PatchTarget(PatchYAML.parse(text))
            for resource in resources {
                let output = built.first {
                    $0["kind"]?.string == resource.kind && $0["apiVersion"]?.string == resource.apiVersion
                        && $0[path: ["metadata", "name"]]?.string == resource.name
                }
                let selected = output?["hit\(index)"] != nil
                #expect(target.matches(resource) == selected, "target \(text) on \(resource.id)")
            }
        }
    }

    @Test(
        "targets kubectl rejects are errors here too",
        arguments: [
            "{name: 'web('}", "{labelSelector: 'app=web,,tier=front'}", "{labelSelector: 'app=web tier=front'}",
            "{labelSelector: '-bad=x'}", "{labelSelector: 'app=we b'}", "{labelSelector: 'n>x'}",
            "{labelSelector: 'app=(web)'}", "{labelSelector: 'app=web,'}", "{labelSelector: 'app in web'}",
            "{kinds: Deployment}", "{apiVersion: apps/v1}", "{name: 5}",
        ]
    )
    func targetErrors(_ text: String) throws {
        let run = try PatchKubectl.kustomize([
            "resources.yaml": Self.targetResources,
            "p.yaml": "- op: add\n  path: /hit\n  value: y\n",
            "kustomization.yaml": "resources: [resources.yaml]\npatches:\n- path: p.yaml\n  target: \(text)\n",
        ])
        #expect(run.status != 0, "kubectl accepted it")
        #expect(throws: PatchError.self) { try PatchTarget(PatchYAML.parse(text)) }
    }
}

/// Seeded pseudo-random strategic-merge cases, to compare list handling with kubectl beyond hand-picked ones.
struct GeneratedMergeCases {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64, so the cases are the same on every run and platform.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A value that may be a spelled-out null, an empty null, a quoted or a plain scalar.
    fileprivate mutating func nullish(patch: Bool) -> YAMLNode {
        switch int(6) {
        case 0: return .plain("null")
        case 1: return .plain("~")
        case 2: return .plain("")
        case 3: return YAMLNode(.scalar(YAMLScalar("7", style: .doubleQuoted)))
        case 4: return .plain("8")
        default: return .string(patch ? "p" : "t")
        }
    }
    private mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    private mutating func pick(_ options: [String]) -> String { options[int(options.count)] }

    private mutating func keyedList(
        key: String,
        values: [String],
        fields: (inout GeneratedMergeCases) -> [(String, YAMLNode)],
        patch: Bool
    ) -> YAMLNode {
        var items: [YAMLNode] = []
        for _ in 0..<int(4) {
            var entries: [(String, YAMLNode)] = []
            if !chance(8) { entries.append((key, .string(pick(values)))) }
            entries += fields(&self)
            if patch, chance(12) { entries.append(("$patch", .string(pick(["delete", "replace", "merge"])))) }
            items.append(.mapping(entries))
        }
        if patch, chance(15) {
            let directive = YAMLNode.mapping([("$patch", .string(pick(["delete", "replace", "merge"])))])
            items.insert(directive, at: int(items.count + 1))
        }
        return .sequence(items)
    }

    private mutating func container(patch: Bool) -> [(String, YAMLNode)] {
        var entries: [(String, YAMLNode)] = []
        if chance(60) { entries.append(("image", chance(10) && patch ? .null : .string("img-\(int(3))"))) }
        if chance(50) {
            entries.append(
                (
                    "env",
                    keyedList(
                        key: "name",
                        values: ["E1", "E2", "E3"],
                        fields: { g in
                            g.chance(20) ? [("value", .null)] : [("value", .string("v\(g.int(3))"))]
                        },
                        patch: patch
                    )
                )
            )
        }
        if chance(50) {
            var ports: [YAMLNode] = []
            for _ in 0..<int(3) {
                var port: [(String, YAMLNode)] = [("containerPort", .int(80 + int(3)))]
                if chance(50) { port.append(("protocol", .string(pick(["TCP", "UDP"])))) }
                if chance(30) { port.append(("name", .string("p\(int(3))"))) }
                ports.append(.mapping(port))
            }
            entries.append(("ports", .sequence(ports)))
        }
        if chance(30) { entries.append(("args", .sequence([.string("a\(int(3))")]))) }
        return entries
    }

    /// A target and a patch for the same Deployment-shaped object of `kind`.
    mutating func pair(apiVersion: String, kind: String, name: String) -> (String, String) {
        func object(_ g: inout GeneratedMergeCases, patch: Bool) -> YAMLNode {
            var metadata: [(String, YAMLNode)] = [("name", .string(name))]
            if g.chance(50) {
                metadata.append(
                    ("finalizers", .sequence((0..<g.int(3)).map { _ in .string(g.pick(["f1", "f2", "f3"])) }))
                )
            }
            if g.chance(50) {
                metadata.append(
                    (
                        "labels",
                        .mapping([
                            ("l\(g.int(3))", patch && g.chance(30) ? .null : .string("x")), ("app", .string("web")),
                        ])
                    )
                )
            }
            // Not annotations: kustomize rewrites their values as strings after patching.
            var extra: [(String, YAMLNode)] = []
            if g.chance(40) {
                extra = [("a\(g.int(3))", g.nullish(patch: patch))]
                if patch, g.chance(25) { extra.append(("$patch", .string(g.pick(["replace", "delete", "merge"])))) }
                extra.append(("b\(g.int(3))", .string(g.chance(50) ? "q" : "1")))
            }
            var podSpec: [(String, YAMLNode)] = []
            if g.chance(85) {
                podSpec.append(
                    (
                        "containers",
                        g.keyedList(
                            key: "name",
                            values: ["a", "b", "c", "d"],
                            fields: { g in g.container(patch: patch) },
                            patch: patch
                        )
                    )
                )
            }
            if g.chance(30) {
                podSpec.append(("tolerations", .sequence([.mapping([("key", .string("k\(g.int(3))"))])])))
            }
            if g.chance(30) {
                var selector: [(String, YAMLNode)] = [("zone", g.nullish(patch: patch))]
                if patch, g.chance(30) { selector.append(("$patch", .string(g.pick(["replace", "delete"])))) }
                podSpec.append(("nodeSelector", .mapping(selector)))
            }
            if g.chance(25) {
                var secrets: [YAMLNode] = (0..<g.int(3)).map { _ in
                    .mapping([("name", .string(g.pick(["s1", "s2", "s3"])))])
                }
                if patch, g.chance(30) {
                    secrets.insert(.mapping([("$patch", .string("replace"))]), at: g.int(secrets.count + 1))
                }
                podSpec.append(("imagePullSecrets", .sequence(secrets)))
            }
            if g.chance(30) {
                podSpec.append(
                    (
                        "volumes",
                        g.keyedList(
                            key: "name",
                            values: ["v1", "v2"],
                            fields: { g in
                                [
                                    (
                                        g.pick(["emptyDir", "configMap"]),
                                        g.chance(50) ? .mapping([]) : .mapping([("name", .string("c"))])
                                    )
                                ]
                            },
                            patch: patch
                        )
                    )
                )
            }
            var object = YAMLNode.mapping([
                ("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("metadata", .mapping(metadata)),
                ("spec", .mapping([("template", .mapping([("spec", .mapping(podSpec))]))])),
            ])
            if !extra.isEmpty { object.set("extra", .mapping(extra)) }
            return object
        }
        let target = object(&self, patch: false)
        let patch = object(&self, patch: true)
        return (YAMLWriter.write(target), YAMLWriter.write(patch))
    }
}

extension PatchParityTests {
    @Test("seeded random strategic-merge cases equal kubectl's results")
    func generatedCases() throws {
        var generator = GeneratedMergeCases(seed: 20_261_125)
        var cases: [(base: String, patch: String)] = []
        for index in 0..<300 {
            let (apiVersion, kind) = [("apps/v1", "Deployment"), ("example.com/v1", "Widget"), ("batch/v1", "Job")][
                index % 3
            ]
            cases.append(generator.pair(apiVersion: apiVersion, kind: kind, name: "g\(index)"))
        }
        let expected = try PatchKubectl.strategicMerge(cases)
        for (index, pair) in cases.enumerated() {
            let actual = try StrategicMergePatch.apply(PatchYAML.parse(pair.patch), to: PatchYAML.parse(pair.base))
            let same = actual == expected[index]
            let inputs = "target:\n\(pair.base)\npatch:\n\(pair.patch)"
            #expect(same, "case g\(index)\n\(inputs)\nkubectl:\n\(render(expected[index]))\nours:\n\(render(actual))")
        }
    }
}

// MARK: - List directives

/// A `$patch` element placed at some position of a patch list, and what the list merge makes of it.
struct ListDirectiveCase: CustomTestStringConvertible, Sendable {
    /// What the case shows.
    var what: String
    /// Which list: `containers`, `volumes`, `tolerations` (pod spec), `env`, `ports` (in container `app`),
    /// `finalizers` (ConfigMap metadata) or `items` (a custom resource without a schema).
    var field: String
    /// The target's list in flow style; nil leaves the field out of the target.
    var target: String?
    /// The patch's list in flow style.
    var patch: String

    var testDescription: String { what }

    init(_ what: String, _ field: String, _ target: String?, _ patch: String) {
        self.what = what
        self.field = field
        self.target = target
        self.patch = patch
    }

    /// The target (or, with `patch`, the patch) object named `name` holding the list.
    func object(name: String, patch isPatch: Bool) -> String {
        let list = isPatch ? patch : target
        let entry = list.map { "\(field): \($0)" }
        switch field {
        case "env", "ports":
            let container = ["name: app"] + (isPatch ? [] : ["image: img"]) + (entry.map { [$0] } ?? [])
            return Self.deployment(name, "containers: [{\(container.joined(separator: ", "))}]")
        case "finalizers":
            let metadata = (["name: \(name)"] + (entry.map { [$0] } ?? [])).joined(separator: ", ")
            return "apiVersion: v1\nkind: ConfigMap\nmetadata: {\(metadata)}\ndata: {a: b}\n"
        case "items":
            return
                "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: \(name)}\nspec: {\(entry ?? "size: 1")}\n"
        default:
            return Self.deployment(name, entry ?? "restartPolicy: Always")
        }
    }

    private static func deployment(_ name: String, _ podSpec: String) -> String {
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \(name)}\nspec: {template: {spec: {\(podSpec)}}}\n"
    }
}

extension PatchParityTests {
    static let twoVolumes = "[{name: config, emptyDir: {}}, {name: scratch, emptyDir: {medium: Memory}}]"
    static let twoContainers = "[{name: a, image: a, args: [x]}, {name: b, image: b}]"
    static let twoVariables = "[{name: A, value: '1'}, {name: B, value: '2'}]"
    static let twoPorts = "[{containerPort: 80, protocol: TCP, name: http}, {containerPort: 81}]"

    static let listDirectiveCases: [ListDirectiveCase] = [
        // A lone `$patch: replace` element replaces the target list wherever it stands.
        .init(
            "volumes: replace first",
            "volumes",
            twoVolumes,
            "[{$patch: replace}, {name: config, persistentVolumeClaim: {claimName: pvc}}]"
        ),
        .init(
            "volumes: replace last",
            "volumes",
            twoVolumes,
            "[{name: config, persistentVolumeClaim: {claimName: pvc}}, {$patch: replace}]"
        ),
        .init(
            "volumes: replace between keyed elements",
            "volumes",
            twoVolumes,
            "[{name: config, persistentVolumeClaim: {claimName: pvc}}, {$patch: replace}, {name: new, secret: {secretName: s}}]"
        ),
        .init("volumes: replace alone leaves an empty list", "volumes", twoVolumes, "[{$patch: replace}]"),
        .init(
            "volumes: replace drops null and empty patch elements",
            "volumes",
            twoVolumes,
            "[null, {name: added, emptyDir: {}}, {}, {$patch: replace}]"
        ),
        .init("volumes: delete alone", "volumes", twoVolumes, "[{$patch: delete}]"),
        .init("volumes: delete first", "volumes", twoVolumes, "[{$patch: delete}, {name: added, emptyDir: {}}]"),
        .init("volumes: delete last", "volumes", twoVolumes, "[{name: added, emptyDir: {}}, {$patch: delete}]"),
        .init("volumes: merge first", "volumes", twoVolumes, "[{$patch: merge}, {name: added, emptyDir: {}}]"),
        .init("volumes: merge last", "volumes", twoVolumes, "[{name: added, emptyDir: {}}, {$patch: merge}]"),
        .init(
            "volumes: merge drops empty patch elements",
            "volumes",
            twoVolumes,
            "[{name: added, emptyDir: {}}, {}, {$patch: merge}]"
        ),
        .init(
            "volumes: replace on an empty target list",
            "volumes",
            "[]",
            "[{name: added, emptyDir: {}}, {$patch: replace}]"
        ),
        .init(
            "volumes: delete on an empty target list",
            "volumes",
            "[]",
            "[{name: added, emptyDir: {}}, {$patch: delete}]"
        ),
        // Without a target list there is no directive: the patch list is walked as it is.
        .init(
            "volumes: replace where the target has none",
            "volumes",
            nil,
            "[{name: added, emptyDir: {}}, {$patch: replace}]"
        ),
        .init(
            "volumes: replace first where the target has none",
            "volumes",
            nil,
            "[{$patch: replace}, {name: added, emptyDir: {}}]"
        ),
        .init(
            "volumes: delete where the target has none",
            "volumes",
            nil,
            "[{name: added, emptyDir: {}}, {$patch: delete}]"
        ),
        .init(
            "volumes: merge where the target has none",
            "volumes",
            nil,
            "[{name: added, emptyDir: {}}, {$patch: merge}]"
        ),
        .init(
            "volumes: an unknown directive where the target has none",
            "volumes",
            nil,
            "[{name: added, emptyDir: {}}, {$patch: bogus}]"
        ),
        // Only the first element with a `$patch` field counts, and only when that is its sole field.
        .init(
            "containers: plain element then replace",
            "containers",
            twoContainers,
            "[{name: a, image: a2}, {$patch: replace}]"
        ),
        .init(
            "containers: keyed delete, then replace",
            "containers",
            twoContainers,
            "[{name: a, $patch: delete}, {$patch: replace}, {name: c, image: c}]"
        ),
        .init(
            "containers: replace, then keyed delete",
            "containers",
            twoContainers,
            "[{$patch: replace}, {name: a, $patch: delete}, {name: c, image: c}]"
        ),
        .init(
            "containers: keyed replace, then replace",
            "containers",
            twoContainers,
            "[{name: a, $patch: replace, image: a2}, {$patch: replace}]"
        ),
        .init(
            "containers: replace removes keyed replace elements too",
            "containers",
            twoContainers,
            "[{$patch: replace}, {name: a, $patch: replace, image: a2}, {name: c, image: c}]"
        ),
        .init(
            "containers: keyed merge first turns a later replace into a keyless element",
            "containers",
            twoContainers,
            "[{name: b, $patch: merge}, {name: a, image: a2}, {$patch: replace}]"
        ),
        .init(
            "containers: keyed delete, then delete",
            "containers",
            twoContainers,
            "[{name: a, $patch: delete}, {$patch: delete}]"
        ),
        .init(
            "containers: delete, then keyed delete",
            "containers",
            twoContainers,
            "[{$patch: delete}, {name: a, $patch: delete}]"
        ),
        .init(
            "containers: keyed merge, then merge",
            "containers",
            twoContainers,
            "[{name: a, $patch: merge, image: a2}, {$patch: merge}]"
        ),
        .init(
            "containers: merge, keyed, replace",
            "containers",
            twoContainers,
            "[{$patch: merge}, {name: c, image: c}, {$patch: replace}]"
        ),
        .init(
            "containers: replace, keyed, merge",
            "containers",
            twoContainers,
            "[{$patch: replace}, {name: c, image: c}, {$patch: merge}]"
        ),
        .init(
            "containers: keyed delete, then an unknown directive",
            "containers",
            twoContainers,
            "[{name: a, $patch: delete}, {$patch: bogus}]"
        ),
        .init(
            "containers: delete, then a keyed unknown directive",
            "containers",
            twoContainers,
            "[{$patch: delete}, {name: c, $patch: bogus}]"
        ),
        .init(
            "containers: replace with a replaced env list inside",
            "containers",
            twoContainers,
            "[{name: a, env: [{name: NEW, value: '2'}, {$patch: replace}]}, {$patch: replace}]"
        ),
        .init(
            "containers: env replace inside a merged container",
            "containers",
            "[{name: a, image: a, env: [{name: X, value: '1'}]}]",
            "[{name: a, env: [{name: NEW, value: '2'}, {$patch: replace}]}]"
        ),
        .init(
            "containers: env delete inside a merged container",
            "containers",
            "[{name: a, image: a, env: [{name: X, value: '1'}]}]",
            "[{name: a, env: [{name: NEW, value: '2'}, {$patch: delete}]}]"
        ),
        .init("env: replace first", "env", twoVariables, "[{$patch: replace}, {name: B, value: '3'}]"),
        .init("env: replace last", "env", twoVariables, "[{name: B, value: '3'}, {$patch: replace}]"),
        .init(
            "env: replace between keyed elements",
            "env",
            twoVariables,
            "[{name: B, value: '3'}, {$patch: replace}, {name: C, value: '4'}]"
        ),
        .init(
            "env: delete between keyed elements",
            "env",
            twoVariables,
            "[{name: B, value: '3'}, {$patch: delete}, {name: C, value: '4'}]"
        ),
        .init("env: merge last", "env", twoVariables, "[{name: C, value: '4'}, {$patch: merge}]"),
        .init("ports: replace first", "ports", twoPorts, "[{$patch: replace}, {containerPort: 82}]"),
        .init("ports: replace last", "ports", twoPorts, "[{containerPort: 82}, {$patch: replace}]"),
        .init(
            "ports: replace between keyed elements",
            "ports",
            twoPorts,
            "[{containerPort: 80, protocol: UDP}, {$patch: replace}, {containerPort: 82}]"
        ),
        .init(
            "ports: a matching port, then replace",
            "ports",
            twoPorts,
            "[{containerPort: 80, protocol: TCP, hostPort: 1}, {$patch: replace}]"
        ),
        .init("ports: delete last", "ports", twoPorts, "[{containerPort: 82}, {$patch: delete}]"),
        .init("ports: merge last", "ports", twoPorts, "[{containerPort: 82}, {$patch: merge}]"),
        .init("finalizers: replace last", "finalizers", "[a, b]", "[c, {$patch: replace}]"),
        .init("finalizers: delete first", "finalizers", "[a, b]", "[{$patch: delete}, c]"),
        .init("finalizers: merge last", "finalizers", "[a, b]", "[c, {$patch: merge}]"),
        // Lists that are replaced anyway keep the directive element as data.
        .init("tolerations: replace is data", "tolerations", "[{key: a}, {key: b}]", "[{key: c}, {$patch: replace}]"),
        .init(
            "custom resource list: delete is data",
            "items",
            "[{name: a}, {name: b}]",
            "[{name: c}, {$patch: delete}]"
        ),
    ]

    @Test("list-level $patch elements anywhere in a list act as in kubectl")
    func listDirectives() throws {
        let cases = Self.listDirectiveCases.enumerated().map { index, entry in
            (
                base: entry.object(name: "ld-\(index)", patch: false),
                patch: entry.object(name: "ld-\(index)", patch: true)
            )
        }
        let expected = try PatchKubectl.strategicMerge(cases)
        for (index, pair) in cases.enumerated() {
            let actual = try StrategicMergePatch.apply(PatchYAML.parse(pair.patch), to: PatchYAML.parse(pair.base))
            let same = actual == expected[index]
            let inputs = "target:\n\(pair.base)patch:\n\(pair.patch)"
            #expect(
                same,
                "\(Self.listDirectiveCases[index].what)\n\(inputs)kubectl:\n\(render(expected[index]))\nours:\n\(render(actual))"
            )
        }
    }

    @Test(
        "a list-level $patch kubectl rejects is an error here too",
        arguments: [
            ListDirectiveCase(
                "unknown directive last",
                "containers",
                twoContainers,
                "[{name: c, image: c}, {$patch: bogus}]"
            ),
            ListDirectiveCase("null directive", "containers", twoContainers, "[{name: c, image: c}, {$patch: null}]"),
            ListDirectiveCase(
                "replace, then a keyed unknown directive",
                "containers",
                twoContainers,
                "[{$patch: replace}, {name: c, $patch: bogus}]"
            ),
            ListDirectiveCase("unknown directive in env", "env", twoVariables, "[{$patch: squash}]"),
        ]
    )
    func listDirectiveErrors(_ entry: ListDirectiveCase) throws {
        let base = entry.object(name: "e", patch: false)
        let patch = entry.object(name: "e", patch: true)
        let run = try PatchKubectl.kustomize([
            "kustomization.yaml": "resources: [r.yaml]\npatches: [{path: p.yaml}]\n",
            "r.yaml": base,
            "p.yaml": patch,
        ])
        #expect(run.status != 0, "kubectl accepted it: \(run.output)")
        #expect(throws: PatchError.self) {
            try StrategicMergePatch.apply(PatchYAML.parse(patch), to: PatchYAML.parse(base))
        }
    }
}
