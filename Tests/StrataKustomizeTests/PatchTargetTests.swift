import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("Patch targets and selectors")
struct PatchTargetTests {
    private func resource(_ text: String) -> Resource {
        Resource(node: PatchYAML.parse(text))
    }

    private let web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, tier: front, n: "5"}
          annotations: {note: hello}
        """

    private func target(_ text: String) throws -> PatchTarget {
        try PatchTarget(PatchYAML.parse(text, path: "kustomization.yaml"))
    }

    @Test(
        "fields are anchored regular expressions and empty fields match anything",
        arguments: [
            ("{name: web}", true), ("{name: we}", false), ("{name: 'w.*'}", true), ("{name: 'x|web'}", true),
            ("{name: WEB}", false), ("{kind: Deployment}", true), ("{kind: deployment}", false),
            ("{kind: 'Deploy.*'}", true), ("{group: apps}", true), ("{group: app}", false),
            ("{version: v1}", true), ("{group: ''}", true), ("{name: null}", true), ("{}", true),
            ("{namespace: default}", true), ("{namespace: prod}", false),
        ]
    )
    func fields(_ text: String, _ expected: Bool) throws {
        #expect(try target(text).matches(resource(web)) == expected)
    }

    @Test("names and namespaces match the original or the current value")
    func originalIdentity() throws {
        var renamed = resource(web)
        renamed.name = "dev-web"
        renamed.namespace = "dev"
        #expect(try target("{name: web}").matches(renamed))
        #expect(try target("{name: dev-web}").matches(renamed))
        #expect(try target("{namespace: default}").matches(renamed))
        #expect(try target("{namespace: dev}").matches(renamed))
        #expect(try !target("{namespace: prod}").matches(renamed))
    }

    @Test("cluster-scoped built-in kinds are in no namespace")
    func clusterScoped() throws {
        let role = resource("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n")
        #expect(try !target("{namespace: default}").matches(role))
        #expect(try target("{namespace: '.*'}").matches(role))
        let unknown = resource("apiVersion: example.com/v1\nkind: ClusterThing\nmetadata: {name: r}\n")
        #expect(try target("{namespace: default}").matches(unknown))
    }

    @Test("label and annotation selectors")
    func selectors() throws {
        #expect(try target("{labelSelector: 'app=web,tier in (front, back)'}").matches(resource(web)))
        #expect(try !target("{labelSelector: '!tier'}").matches(resource(web)))
        #expect(try target("{annotationSelector: note=hello}").matches(resource(web)))
        #expect(
            try !target("{annotationSelector: note}").matches(
                resource("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
            )
        )
    }

    @Test(
        "bad targets are errors at the offending field",
        arguments: [
            ("{kinds: Deployment}", 1, 2), ("{name: 'web('}", 1, 8), ("{name: 5}", 1, 8),
            ("{labelSelector: 'a b'}", 1, 17), ("[a]", 1, 1),
        ]
    )
    func errors(_ text: String, _ line: Int, _ column: Int) throws {
        let error = try #require(throws: PatchError.self) { try target(text) }
        #expect(error.location == SourceLocation(path: "kustomization.yaml", line: line, column: column))
    }

    @Test(
        "selector matching follows Kubernetes semantics",
        arguments: [
            ("", true), ("app=web", true), ("app==web", true), ("app!=web", false), ("app!=x", true),
            ("missing!=x", true), ("app", true), ("!app", false), ("!missing", true), ("app in (x, web)", true),
            ("app notin (web)", false), ("missing notin (web)", true), ("missing in (web)", false),
            ("n>4", true), ("n<5", false), ("app>1", false), (" app = web , tier ", true), ("app in (web,)", true),
            ("app in ()", false), ("empty=", true), ("empty in ()", true), ("in=web", false), ("app=in", false),
            ("example.com/key=v", false),
        ]
    )
    func selectorMatching(_ text: String, _ expected: Bool) throws {
        let labels = ["app": "web", "tier": "front", "n": "5", "empty": ""]
        #expect(try LabelSelector(parsing: text).matches(labels) == expected)
    }

    @Test(
        "malformed selectors are rejected",
        arguments: [
            "app=web,,tier=front", "app=web tier=front", "-bad=x", "app=we b", "n>x", "app=(web)", "app=web,",
            "app in web", "app in (a b)", "a/b/c=d", "UPPER.example.com/x=y", "app=-bad", "=x", "!", "app=web)",
            String(repeating: "k", count: 64) + "=v",
        ]
    )
    func malformedSelectors(_ text: String) {
        #expect(throws: PatchError.self) { try LabelSelector(parsing: text) }
    }
}
