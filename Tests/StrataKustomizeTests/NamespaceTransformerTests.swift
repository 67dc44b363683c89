import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("namespace transformer")
struct NamespaceTransformerTests {
    static let objects = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: old
        ---
        apiVersion: v2
        kind: Namespace
        metadata:
          name: lookalike
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: sa
          namespace: other
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: rb
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr}
        subjects:
        - {kind: ServiceAccount, name: default}
        - {kind: ServiceAccount, name: sa, namespace: other}
        - {kind: ServiceAccount, name: sa2}
        - {kind: User, name: default}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: crb
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr}
        subjects:
        - {kind: ServiceAccount, name: default, namespace: x}
        - {kind: ServiceAccount, name: sa, namespace: other}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: cr
        ---
        apiVersion: example.com/v1
        kind: ClusterIssuer
        metadata:
          name: custom-kinds-are-namespaced
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: vw
        webhooks:
        - name: a
          clientConfig:
            service: {name: svc, namespace: old}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata:
          name: v1.foo
        spec:
          service:
            name: svc
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          conversion:
            webhook:
              clientConfig:
                service: {name: svc, namespace: old}
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata:
          name: sc
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cm
          namespace: elsewhere
        """

    @Test(
        "sets namespaces, renames the Namespace, binds default subjects, as kubectl does",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func parity() throws {
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": "namespace: newns\nresources: [res.yaml]\n", "res.yaml": Self.objects,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test("every cluster-scoped type of kustomize's schema is left without a namespace")
    func clusterScoped() {
        for (apiVersion, kinds) in ResourceScope.clusterScoped {
            for kind in kinds {
                var resources = KustomizeParity.resources(
                    "apiVersion: \(apiVersion)\nkind: \(kind)\nmetadata: {name: x}\n"
                )
                NamespaceTransformer.apply("ns", at: nil, to: &resources)
                #expect(resources[0].node[path: ["metadata", "namespace"]] == nil, "\(apiVersion) \(kind)")
            }
        }
        #expect(!ResourceScope.isClusterScoped(apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer"))
        #expect(!ResourceScope.isClusterScoped(apiVersion: "storage.k8s.io/v1alpha1", kind: "StorageClass"))
    }

    @Test("a set namespace points at the kustomization's value; an empty one changes nothing")
    func locations() throws {
        let config = SourceLocation(path: "kustomization.yaml", line: 2, column: 12)
        var resources = KustomizeParity.resources(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: b\n"
        )
        let before = resources[0].node
        NamespaceTransformer.apply("", at: config, to: &resources)
        #expect(resources[0].node == before)
        NamespaceTransformer.apply("prod", at: config, to: &resources)
        let value = try #require(resources[0].node[path: ["metadata", "namespace"]])
        #expect(value.string == "prod")
        #expect(value.location == config)
        #expect(resources[0].previousIDs.map(\.namespace) == ["b"])
    }
}
