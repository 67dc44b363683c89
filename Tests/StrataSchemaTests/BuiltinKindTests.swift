import Foundation
import StrataCore
import StrataSchema
import StrataYAML
import Testing

/// Kubernetes' own JSON schemas beside the repository (`../shared/schemas/kubernetes/v1.36.0`), named `<kind>.json`.
private let schemaDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/schemas/kubernetes/v1.36.0").path

private let schemasPresent = FileManager.default.fileExists(atPath: schemaDirectory + "/_definitions.json")

/// A built-in kind's valid object, and a variant with one expected finding.
struct BuiltinSample: CustomTestStringConvertible, Sendable {
    var name: String
    var valid: String
    var invalid: String
    var expected: String

    var testDescription: String { name }
}

let builtinSamples: [BuiltinSample] = [
    BuiltinSample(
        name: "Deployment",
        valid: """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {app: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports: [{containerPort: 80, name: http}]
                    resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 1}}
                    env: [{name: A, value: "1"}]
            """,
        invalid: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: three
              selector: {matchLabels: {app: web}}
              template: {spec: {containers: [{name: web, image: nginx}]}}
            """,
        expected: "schema/type 5:13 spec.replicas: must be of type integer or null, got string 'three'"
    ),
    BuiltinSample(
        name: "Service",
        valid: """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: apps}
            spec:
              selector: {app: web}
              ports:
              - {name: http, port: 80, targetPort: http, protocol: TCP}
              - {name: dns, port: 53, protocol: UDP}
            """,
        invalid: """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ports:
              - {port: 80, protocol: TCP}
              - {port: 80, protocol: TCP, name: again}
            """,
        expected:
            "schema/list-unique 7:5 spec.ports[1]: duplicate entry with port='80', protocol='TCP', also at index 0"
    ),
    BuiltinSample(
        name: "ConfigMap",
        valid: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data:
              mode: "1"
              config.yaml: |
                a: b
            """,
        invalid: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data:
              replicas: 3
            """,
        expected: "schema/type 5:13 data[replicas]: must be of type string or null, got integer '3'"
    ),
    BuiltinSample(
        name: "PersistentVolumeClaim",
        valid: """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              storageClassName: ceph-block
              resources: {requests: {storage: 10Gi}}
            """,
        invalid: """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              storageClass: ceph-block
              resources: {requests: {storage: 10Gi}}
            """,
        expected: "schema/unknown-field 6:3 unknown field 'spec.storageClass'"
    ),
    BuiltinSample(
        name: "StorageClass",
        valid: """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: fast}
            provisioner: rook-ceph.rbd.csi.ceph.com
            reclaimPolicy: Delete
            allowVolumeExpansion: true
            parameters: {clusterID: rook-ceph, pool: replicapool}
            """,
        invalid: """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: fast
            reclaimPolicy: Delete
            """,
        expected: "schema/required 1:1 provisioner: required field is missing"
    ),
]

@Suite(
    "Built-in kinds through a schema location",
    .enabled(if: schemasPresent, "the Kubernetes JSON schemas are not at ../shared/schemas/kubernetes/v1.36.0")
)
struct BuiltinKindTests {
    static let validator: SchemaValidator = {
        var catalog = SchemaCatalog()
        try? catalog.addSchemaLocation(schemaDirectory + "/{{ .ResourceKind }}.json")
        return SchemaValidator(catalog: catalog)
    }()

    @Test("a valid object has no findings", arguments: builtinSamples)
    func valid(sample: BuiltinSample) {
        let findings = SchemaFixture.validate(sample.valid, with: Self.validator)
        #expect(findings.isEmpty, "\(SchemaFixture.summary(findings))")
    }

    @Test("an invalid object has the expected finding", arguments: builtinSamples)
    func invalid(sample: BuiltinSample) {
        let findings = SchemaFixture.validate(sample.invalid, with: Self.validator)
        #expect(SchemaFixture.summary(findings) == [sample.expected])
    }

    @Test("a wrong apiVersion for a known kind fails the schema's apiVersion enum")
    func wrongVersion() {
        let findings = SchemaFixture.validate(
            "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\nspec: {selector: {}, template: {}}",
            with: Self.validator
        )
        #expect(
            SchemaFixture.summary(findings).contains {
                $0.hasPrefix("schema/enum 1:13 apiVersion: unsupported value 'extensions/v1beta1'")
            }
        )
    }

    @Test("a kind without a schema file is unknown")
    func unknownKind() throws {
        let sink = DiagnosticCollector()
        let object = try #require(
            YAMLLoader.load("apiVersion: v1\nkind: Pod\nmetadata: {name: p}", path: "pod.yaml", into: sink).first
        )
        #expect(Self.validator.validate(object.root, into: sink) == .unknownSchema)
        #expect(sink.diagnostics.isEmpty)
    }
}
