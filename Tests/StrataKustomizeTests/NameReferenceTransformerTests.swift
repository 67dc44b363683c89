import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("name references")
struct NameReferenceTransformerTests {
    static let base = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              serviceAccountName: runner
              priorityClassName: high
              imagePullSecrets: [{name: pull}]
              containers:
              - name: c
                envFrom: [{configMapRef: {name: settings}}, {secretRef: {name: creds}}]
                env:
                - name: X
                  valueFrom: {configMapKeyRef: {name: settings, key: a}}
              volumes:
              - {name: v, configMap: {name: settings}}
              - {name: p, persistentVolumeClaim: {claimName: data}}
              - name: pr
                projected: {sources: [{secret: {name: creds}}, {configMap: {name: unknown}}]}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web}
        spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: runner}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec: {storageClassName: fast}
        ---
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: fast}
        ---
        apiVersion: scheduling.k8s.io/v1
        kind: PriorityClass
        metadata: {name: high}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader}
        rules: [{apiGroups: [""], resources: [configmaps], resourceNames: [settings, other]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: read}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects: [{kind: ServiceAccount, name: runner}, {kind: User, name: runner}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: read-all}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
        subjects: [{kind: ServiceAccount, name: runner, namespace: default}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: nginx}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations: {nginx.ingress.kubernetes.io/auth-secret: creds}
        spec:
          ingressClassName: nginx
          tls: [{secretName: creds}]
          defaultBackend: {service: {name: web}}
          rules: [{http: {paths: [{path: /, backend: {service: {name: web, port: {number: 80}}}}]}}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: web
          volumeClaimTemplates: [{metadata: {name: d}, spec: {storageClassName: fast}}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: job}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  serviceAccountName: runner
                  containers: [{name: c, envFrom: [{secretRef: {name: creds}}]}]
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: hook}
        webhooks: [{name: a, clientConfig: {service: {name: web, namespace: default}}}]
        """

    static let baseKustomization = """
        namePrefix: b-
        resources: [res.yaml]
        configMapGenerator:
        - name: settings
          literals: [a=1]
        secretGenerator:
        - name: creds
          literals: [p=x]
        - name: pull
          type: kubernetes.io/dockerconfigjson
          literals:
          - ".dockerconfigjson={}"
        """

    @Test(
        "references follow prefixes and hashes through a base, as kubectl does",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func base() throws {
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": Self.baseKustomization, "res.yaml": Self.base,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test(
        "an overlay's prefix, namespace and merged generator reach the base's references",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func overlay() throws {
        let overlay = """
            namespace: prod
            namePrefix: o-
            nameSuffix: -v2
            resources: [base]
            configMapGenerator:
            - name: settings
              behavior: merge
              literals: [b=2]
            """
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": overlay, "base/kustomization.yaml": Self.baseKustomization,
            "base/res.yaml": Self.base,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test(
        "two bases with the same names are told apart by their prefixes",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func diamond() throws {
        let app = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec: {template: {spec: {containers: [{name: c, envFrom: [{configMapRef: {name: conf}}]}]}}}
            """
        let files = [
            "kustomization.yaml": "resources: [a, b]\n",
            "a/kustomization.yaml":
                "namePrefix: a-\nresources: [app.yaml]\nconfigMapGenerator: [{name: conf, literals: [x=a]}]\n",
            "a/app.yaml": app,
            "b/kustomization.yaml":
                "namePrefix: b-\nresources: [app.yaml]\nconfigMapGenerator: [{name: conf, literals: [x=b]}]\n",
            "b/app.yaml": app,
        ]
        let diagnostics = try KustomizeParity.expectParity(files)
        #expect(diagnostics.isEmpty)
    }

    @Test("a reference to an object that was never renamed is left alone, and its location kept")
    func untouched() {
        var resources = KustomizeParity.resources(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: c}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {volumes: [{name: v, configMap: {name: c}}]}
            """
        )
        let before = resources[1].node
        NameReferenceTransformer.apply(to: &resources)
        #expect(resources[1].node == before)
        PrefixSuffixTransformer.apply(prefix: "x-", suffix: "", to: &resources)
        NameReferenceTransformer.apply(to: &resources)
        let ref = resources[1].node[path: ["spec", "volumes"]]?.items?.first?[path: ["configMap", "name"]]
        #expect(ref?.string == "x-c")
        #expect(ref?.location == SourceLocation(path: "res.yaml", line: 8, column: 46))
        #expect(resources.allSatisfy { $0.node[path: ["metadata", "annotations"]] == nil })
    }
}
