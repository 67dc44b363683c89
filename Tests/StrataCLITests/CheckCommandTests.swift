import Foundation
import StrataTestSupport
import Testing

@Suite(
    "strata check, rules and explain",
    .enabled(if: StrataProcess.executable != nil, "the strata executable is not built")
)
struct CheckCommandTests {
    @Test("several outputs in one run: files and standard output carry the same findings")
    func severalOutputs() throws {
        let repo = try demoRepository()
        let out = try TemporaryRepository([:])
        let json = out.path("report.json")
        let result = try StrataProcess.run(["check", repo.root, "-o", "json=\(json)", "-o", "text"])
        #expect(result.code == 1)
        #expect(result.stdout.contains("[flux/dependency-not-found]"))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        )
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["id"] as? String == "flux/dependency-not-found" })
    }

    @Test("two formats on standard output, or an unknown format, are usage errors")
    func outputUsage() throws {
        let repo = try demoRepository()
        let two = try StrataProcess.run(["check", repo.root, "-o", "json", "-o", "text"])
        #expect(two.code == 2)
        #expect(two.stderr.contains("only one -o format"))
        #expect(try StrataProcess.run(["check", repo.root, "-o", "yaml"]).code == 2)
    }

    @Test("--fail-on decides which findings fail the run")
    func failOn() throws {
        let repo = try TemporaryRepository([
            "clusters/one/ks.yaml": """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              dependsOn: [{name: missing}]
              interval: 10m
              path: ./clusters/one
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
            """
        ])
        #expect(try StrataProcess.run(["check", repo.root]).code == 1)
        try repo.write("strata.yaml", "rules:\n  flux/dependency-not-found: warning\n")
        #expect(try StrataProcess.run(["check", repo.root]).code == 0)
        #expect(try StrataProcess.run(["check", repo.root, "--fail-on", "warning"]).code == 1)
    }

    @Test("a written baseline silences today's findings and exits 0; new findings still fail")
    func baseline() throws {
        let repo = try demoRepository()
        let out = try TemporaryRepository([:])
        let baseline = out.path("baseline.json")
        let write = try StrataProcess.run(["check", repo.root, "--write-baseline", baseline])
        #expect(write.code == 0)
        let again = try StrataProcess.run(["check", repo.root, "--baseline", baseline])
        #expect(again.code == 0, "\(again.stdout)")
        #expect(again.stdout.contains("suppressed") || again.stdout.contains("0 errors"))
        let missing = try StrataProcess.run(["check", repo.root, "--baseline", out.path("nope.json")])
        #expect(missing.code == 2)
    }

    @Test("an invalid strata.yaml is reported at its position and exits 2")
    func invalidConfiguration() throws {
        let repo = try demoRepository()
        try repo.write("strata.yaml", "rules:\n  flux/dependency-not-fund: off\n")
        let result = try StrataProcess.run(["check", repo.root])
        #expect(result.code == 2)
        #expect(
            result.stdout.contains(
                "strata.yaml:2:3: error: unknown rule 'flux/dependency-not-fund'; did you mean 'flux/dependency-not-found'?"
            )
        )
    }

    @Test("clusters declared in strata.yaml replace discovery, and --cluster wins over them")
    func configuredClusters() throws {
        let repo = try TemporaryRepository([
            "deploy/one/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\n",
            "deploy/two/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: b}\n",
            "strata.yaml": "clusters:\n  one: deploy/one\n  two: deploy/two\n",
        ])
        func summary(_ arguments: [String]) throws -> [String: Any] {
            let result = try StrataProcess.run(["check", repo.root, "-o", "json"] + arguments)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            )
            return try #require(document["summary"] as? [String: Any])
        }
        let configured = try summary([])
        #expect(configured["clusters"] as? Int == 2 && configured["objects"] as? Int == 2)
        let explicit = try summary(["--cluster", "only=deploy/one"])
        #expect(explicit["clusters"] as? Int == 1 && explicit["objects"] as? Int == 1)
    }

    @Test("rules lists the registry; explain prints one rule and suggests on a typo")
    func rulesAndExplain() throws {
        let rules = try StrataProcess.run(["rules"])
        #expect(rules.code == 0)
        #expect(rules.stdout.contains("flux/dependency-not-found"))
        let explain = try StrataProcess.run(["explain", "flux/dependency-not-found"])
        #expect(explain.code == 0)
        #expect(explain.stdout.hasPrefix("# flux/dependency-not-found\n"))
        let typo = try StrataProcess.run(["explain", "flux/dependency-not-fund"])
        #expect(typo.code == 2)
        #expect(typo.stderr.contains("did you mean 'flux/dependency-not-found'?"))
    }

    @Test("check output is byte-identical between runs and with rules run one at a time")
    func deterministic() throws {
        let repo = try demoRepository()
        let a = try StrataProcess.run(["check", repo.root, "-o", "json"])
        let b = try StrataProcess.run(["check", repo.root, "-o", "json", "--sequential"])
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.isEmpty)
    }
}

@Suite(
    "strata check: schema validation",
    .enabled(if: StrataProcess.executable != nil, "the strata executable is not built")
)
struct CheckSchemaTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      x-kubernetes-validations:
                        - rule: self.min <= self.max
                          message: min must not exceed max
                      properties:
                        size: {type: integer, minimum: 1}
                        min: {type: integer}
                        max: {type: integer}
            - name: v1beta1
              served: true
              storage: false
              deprecated: true
              deprecationWarning: example.com/v1beta1 Widget is deprecated; use example.com/v1
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """

    @Test("a CRD applied by the cluster validates its objects: unknown fields, bounds, CEL rules, versions")
    func repositoryCRD() throws {
        let repo = try TemporaryRepository([
            "clusters/one/crd.yaml": Self.crd,
            "clusters/one/widgets.yaml": """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: a, namespace: default}
            spec:
              size: 0
              colour: blue
              min: 5
              max: 2
            ---
            apiVersion: example.com/v1beta1
            kind: Widget
            metadata: {name: b, namespace: default}
            spec: {}
            ---
            apiVersion: example.com/v2
            kind: Widget
            metadata: {name: c, namespace: default}
            spec: {}
            """,
        ])
        let result = try StrataProcess.run(["check", repo.root, "-o", "json"])
        #expect(result.code == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let found = (document["diagnostics"] as? [[String: Any]] ?? []).compactMap { d -> String? in
            guard let id = d["id"] as? String, id.hasPrefix("schema/"), id != "schema/unknown-kind" else { return nil }
            return "\(d["line"] as? Int ?? 0):\(d["column"] as? Int ?? 0) \(id)"
        }
        #expect(
            found.sorted()
                == [
                    "10:13 schema/deprecated-version", "15:13 schema/unserved-version", "5:3 schema/cel",
                    "5:9 schema/bounds", "6:3 schema/unknown-field",
                ].sorted(),
            "\(result.stdout)"
        )
    }

    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path

    @Test(
        "--crds and --schema-location validate against upstream CRDs and Kubernetes' own schemas",
        .enabled(
            if: FileManager.default.fileExists(atPath: shared + "/crds"),
            "the upstream CRDs and schemas (../shared) are not beside the repository"
        )
    )
    func upstreamSchemas() throws {
        let repo = try TemporaryRepository([
            "clusters/one/app.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: default}
            spec:
              replicas: two
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: "nginx:1.27"}]}
            ---
            apiVersion: cilium.io/v2
            kind: CiliumLoadBalancerIPPool
            metadata: {name: pool}
            spec:
              blocks: [{cidr: 10.0.0.0/24}]
              serviceSelectr: {}
            """
        ])
        let result = try StrataProcess.run([
            "check", repo.root, "-o", "json", "--crds", Self.shared + "/crds",
            "--schema-location", Self.shared + "/schemas/kubernetes/v1.36.0/{{ .ResourceKind }}.json",
        ])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let found = (document["diagnostics"] as? [[String: Any]] ?? []).compactMap { d -> String? in
            guard let id = d["id"] as? String, id.hasPrefix("schema/") else { return nil }
            return "\(d["line"] as? Int ?? 0) \(id)"
        }
        #expect(found.contains("5 schema/type"), "\(result.stdout)")
        #expect(found.contains("16 schema/unknown-field"), "\(result.stdout)")
        #expect(!found.contains { $0.hasSuffix("schema/unknown-kind") })
    }
}

@Suite(
    "strata check --charts",
    .enabled(if: StrataProcess.executable != nil, "the strata executable is not built"),
    .enabled(
        if: FileManager.default.fileExists(atPath: CheckSchemaTests.shared + "/charts/cilium"),
        "the upstream chart values (../shared/charts) are not beside the repository"
    )
)
struct CheckChartsTests {
    @Test("HelmRelease values are checked against what the chart accepts")
    func chartValues() throws {
        let repo = try TemporaryRepository([
            "clusters/one/cilium.yaml": """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata: {name: cilium, namespace: kube-system}
            spec: {interval: 1h, url: "https://helm.cilium.io"}
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: cilium, namespace: kube-system}
            spec:
              interval: 1h
              chart:
                spec:
                  chart: cilium
                  version: 1.18.3
                  sourceRef: {kind: HelmRepository, name: cilium}
              values:
                kubeProxyReplacement: true
                hostServices:
                  enabled: true
            """
        ])
        let without = try StrataProcess.run(["check", repo.root, "-o", "json"])
        #expect(!without.stdout.contains("flux/helm-values-unknown-key"), "silent without --charts")
        let with = try StrataProcess.run([
            "check", repo.root, "-o", "json", "--charts", CheckSchemaTests.shared + "/charts",
        ])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(with.stdout.utf8)) as? [String: Any])
        let found = (document["diagnostics"] as? [[String: Any]] ?? []).compactMap { d -> String? in
            guard let id = d["id"] as? String, id.hasPrefix("flux/helm-values") else { return nil }
            return "\(d["line"] as? Int ?? 0):\(d["column"] as? Int ?? 0) \(id)"
        }
        #expect(found == ["18:5 flux/helm-values-unknown-key"], "\(with.stdout)")
    }
}
