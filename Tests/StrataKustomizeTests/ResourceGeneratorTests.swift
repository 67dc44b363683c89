import Foundation
import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("ConfigMap and Secret generators")
struct ResourceGeneratorTests {
    /// Runs the generators of a one-directory kustomization the way a build does (generate, add, hash).
    private func generate(_ dir: String, prefix: String = "") -> ([Resource], [Diagnostic]) {
        let sink = DiagnosticCollector()
        let context = LoadContext(root: dir)
        guard case .success(let file) = context.loadYAML(dir + "/kustomization.yaml"),
            let kustomization = file.documents.first?.root
        else { return ([], []) }
        var resources: [Resource] = []
        let options = kustomization["generatorOptions"]
        for entry in kustomization["configMapGenerator"]?.items ?? [] {
            if let cm = ResourceGenerator.configMap(
                entry,
                options: options,
                directory: dir,
                context: context,
                sink: sink
            ) {
                ResourceGenerator.add(cm, to: &resources, sink: sink)
            }
        }
        for entry in kustomization["secretGenerator"]?.items ?? [] {
            if let secret = ResourceGenerator.secret(
                entry,
                options: options,
                directory: dir,
                context: context,
                sink: sink
            ) {
                ResourceGenerator.add(secret, to: &resources, sink: sink)
            }
        }
        PrefixSuffixTransformer.apply(prefix: prefix, suffix: "", to: &resources)
        ResourceGenerator.applyHashSuffixes(to: &resources)
        return (resources, sink.diagnostics)
    }

    static let binary: [UInt8] = [0x00, 0x01, 0xFF, 0xFE, 0x80]

    static let cases: [(String, [String: [UInt8]])] = [
        (
            "literals with quotes",
            [
                "kustomization.yaml": Array(
                    """
                    configMapGenerator:
                    - name: lit
                      literals: ["a=1", "b=\\"two\\"", "c='three'", "d=\\"mis'", "e==x", "f=", "g=<&>"]
                    """.utf8
                )
            ]
        ),
        (
            "files with and without keys",
            [
                "kustomization.yaml": Array("configMapGenerator:\n- name: files\n  files: [a.txt, k=sub/b.txt]\n".utf8),
                "a.txt": Array("hello\nworld\n".utf8), "sub/b.txt": Array("ünïcödé\u{2028}\t\"q\"\n".utf8),
            ]
        ),
        (
            "a binary file goes to binaryData",
            [
                "kustomization.yaml": Array("configMapGenerator:\n- name: bin\n  files: [bin.dat, t.txt]\n".utf8),
                "bin.dat": binary, "t.txt": Array("text".utf8),
            ]
        ),
        (
            "env files: comments, blanks, no value, export kept",
            [
                "kustomization.yaml": Array(
                    "configMapGenerator:\n- name: envs\n  envs: [app.env]\n  literals: [z=1]\n".utf8
                ),
                "app.env": Array(
                    "\u{FEFF}# c\n\n  FOO=bar\nexport X=1\nEMPTY\nQ=\"quoted\"\nS=a=b\r\n   \nBAZ= spaced \n".utf8
                ),
            ]
        ),
        (
            "secrets: default type, custom type, binary",
            [
                "kustomization.yaml": Array(
                    """
                    secretGenerator:
                    - name: sec
                      literals: [p=pass]
                      files: [bin.dat]
                    - name: tls
                      type: kubernetes.io/tls
                      literals: [tls.crt=c, tls.key=k]
                    """.utf8
                ),
                "bin.dat": binary,
            ]
        ),
        (
            "options: global and local, hash disabled, immutable",
            [
                "kustomization.yaml": Array(
                    """
                    generatorOptions:
                      labels: {a: g, b: g}
                      annotations: {z: g}
                    configMapGenerator:
                    - name: opts
                      namespace: nsx
                      literals: [x=y]
                      options:
                        immutable: true
                        labels: {a: l}
                    - name: nohash
                      literals: [x=y]
                      options: {disableNameSuffixHash: true}
                    secretGenerator:
                    - name: s
                      literals: [x=y]
                      options: {labels: {k: v}}
                    """.utf8
                )
            ]
        ),
    ]

    @Test(
        "generated objects and hashes equal kubectl's",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed"),
        arguments: cases
    )
    func parity(_ name: String, _ files: [String: [UInt8]]) throws {
        let dir = try KustomizeParity.directory(files)
        let (ours, diagnostics) = generate(dir)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        KustomizeParity.expectSame(ours, try KustomizeParity.expected(dir))
    }

    @Test(
        "a prefixed generated object gets the same hash as kubectl gives it",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func hashAfterPrefix() throws {
        let dir = try KustomizeParity.directory(text: [
            "kustomization.yaml": "namePrefix: p-\nconfigMapGenerator:\n- name: c\n  literals: [a=1]\n"
        ])
        let (ours, _) = generate(dir, prefix: "p-")
        KustomizeParity.expectSame(ours, try KustomizeParity.expected(dir))
    }

    static let base = """
        configMapGenerator:
        - name: cm
          literals: [a=1, b=1]
          options: {labels: {from: base, keep: "yes"}, annotations: {note: base}}
        - name: fixed
          namespace: team
          literals: [a=1]
          options: {disableNameSuffixHash: true}
        secretGenerator:
        - name: s
          literals: [a=1]
        resources: [pod.yaml]
        namePrefix: b-
        """

    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: c, envFrom: [{configMapRef: {name: cm}}, {secretRef: {name: s}}, {configMapRef: {name: fixed}}]}]
        """

    @Test(
        "merge and replace in an overlay equal kubectl's",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed"),
        arguments: [
            "configMapGenerator:\n- name: cm\n  behavior: merge\n  literals: [b=2, c=3]\n  options: {labels: {from: overlay}}\n",
            "configMapGenerator:\n- name: cm\n  behavior: replace\n  literals: [c=3]\n",
            "secretGenerator:\n- name: s\n  behavior: merge\n  literals: [b=2]\n",
            "configMapGenerator:\n- name: fixed\n  namespace: team\n  behavior: merge\n  literals: [b=2]\n",
            "configMapGenerator:\n- name: fixed\n  namespace: team\n  behavior: replace\n  literals: [b=2]\n  options: {disableNameSuffixHash: true}\n",
        ]
    )
    func behaviors(_ overlay: String) throws {
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": "resources: [base]\nnamePrefix: o-\n" + overlay,
            "base/kustomization.yaml": Self.base, "base/pod.yaml": Self.pod,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test(
        "creating an existing object, or merging a missing one, is an error",
        arguments: [
            ("configMapGenerator:\n- name: cm\n  literals: [b=2]\n", "kustomize/generator-conflict"),
            (
                "configMapGenerator:\n- name: nope\n  behavior: merge\n  literals: [b=2]\n",
                "kustomize/generator-target-not-found"
            ),
            (
                "configMapGenerator:\n- name: fixed\n  behavior: merge\n  literals: [b=2]\n",
                "kustomize/generator-target-not-found"
            ),
        ]
    )
    func behaviorErrors(_ overlay: String, _ id: String) throws {
        let dir = try KustomizeParity.directory(text: [
            "kustomization.yaml": "resources: [base]\n" + overlay, "base/kustomization.yaml": Self.base,
            "base/pod.yaml": Self.pod,
        ])
        let sink = DiagnosticCollector()
        _ = KustomizeParity.build(dir, sink: sink)
        #expect(sink.diagnostics.map(\.id) == [id])
        if KustomizeParity.isAvailable {
            #expect(throws: KubectlFailure.self) { try KustomizeParity.expected(dir) }
        }
    }

    @Test(
        "errors: bad literals, bad file sources, missing files, repeated keys, no name",
        arguments: [
            ("literals: [\"=1\"]", "kustomize/invalid-literal"),
            ("literals: [noeq]", "kustomize/invalid-literal"),
            ("files: [\"=a.txt\"]", "kustomize/invalid-file-source"),
            ("files: [\"k=a.txt=b\"]", "kustomize/invalid-file-source"),
            ("files: [missing.txt]", "kustomize/generator-source-unreadable"),
            ("files: [../../../etc/passwd]", "kustomize/generator-source-unreadable"),
            ("literals: [a=1, a=2]", "kustomize/generator-duplicate-key"),
            ("literals: [a=1]\n  files: [a=a.txt]", "kustomize/generator-duplicate-key"),
        ]
    )
    func errors(_ source: String, _ id: String) throws {
        let dir = try KustomizeParity.directory(text: [
            "kustomization.yaml": "configMapGenerator:\n- name: x\n  \(source)\n", "a.txt": "x",
        ])
        let (ours, diagnostics) = generate(dir)
        #expect(ours.isEmpty)
        #expect(diagnostics.map(\.id) == [id])
        #expect(diagnostics.first?.location?.path == "kustomization.yaml")
        // Leaving the root is refused by Flux's confinement, which kubectl's unrestricted loader lacks.
        if KustomizeParity.isAvailable, !source.contains("../") {
            #expect(throws: KubectlFailure.self) { try KustomizeParity.expected(dir) }
        }
    }

    @Test("an entry without a name is reported at the entry")
    func noName() {
        let sink = DiagnosticCollector()
        let entry = KustomizeParity.node("- literals: [a=1]\n").items?.first ?? .null
        let result = ResourceGenerator.configMap(
            entry,
            options: nil,
            directory: "/tmp",
            context: LoadContext(root: "/tmp"),
            sink: sink
        )
        #expect(result == nil)
        #expect(sink.diagnostics.first?.location?.line == 1)
    }

    @Test("generated values point at the literal, the env line or the file entry")
    func locations() throws {
        let dir = try KustomizeParity.directory(text: [
            "kustomization.yaml": "configMapGenerator:\n- name: x\n  literals:\n  - a=1\n  envs: [e.env]\n",
            "e.env": "# c\nB=2\n",
        ])
        let (ours, _) = generate(dir)
        let data = try #require(ours.first?.node["data"])
        #expect(data["a"]?.location == SourceLocation(path: "kustomization.yaml", line: 4, column: 5))
        #expect(data["B"]?.location == SourceLocation(path: "e.env", line: 2, column: 1))
    }

    @Test("the hash ignores name, labels, annotations and namespace, and follows data and type")
    func hashInputs() throws {
        let base = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\ndata: {a: eA==}\n"
        let hash = ResourceGenerator.contentHash(try #require(KustomizeParity.resources(base).first))
        let same =
            "apiVersion: v1\nkind: Secret\nmetadata: {name: other, namespace: n, labels: {a: b}, annotations: {c: d}}\ntype: Opaque\ndata: {a: eA==}\n"
        #expect(ResourceGenerator.contentHash(try #require(KustomizeParity.resources(same).first)) == hash)
        for changed in [
            base.replacingOccurrences(of: "eA==", with: "eQ=="),
            base.replacingOccurrences(of: "Opaque", with: "kubernetes.io/tls"),
        ] {
            #expect(ResourceGenerator.contentHash(try #require(KustomizeParity.resources(changed).first)) != hash)
        }
    }

    @Test(
        "hashes of kustomize's own examples",
        arguments: [
            ("apiVersion: v1\nkind: ConfigMap\n", "6ct58987ht"),
            ("apiVersion: v1\nkind: ConfigMap\ndata:\n  two: 2\n  one: \"\"\n  three: 3\n", "7757f9kkct"),
            ("apiVersion: v1\nkind: ConfigMap\ndata:\n  one: \"\"\nbinaryData:\n  two: \"\"\n", "698h7c7t9m"),
            ("apiVersion: v1\nkind: Secret\ntype: my-type\n", "5gmgkf8578"),
            ("apiVersion: v1\nkind: Secret\ntype: my-type\ndata:\n  one: \"\"\nstringData:\n  two: 2\n", "c4h4264gdb"),
        ]
    )
    func kustomizeExamples(_ yaml: String, _ hash: String) throws {
        #expect(ResourceGenerator.contentHash(try #require(KustomizeParity.resources(yaml).first)) == hash)
    }

    @Test(
        "SHA-256 matches the standard test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ]
    )
    func sha256(_ input: String, _ digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }
}
