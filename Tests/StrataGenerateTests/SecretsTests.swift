import StrataPlatform
import StrataYAML
import Testing

@testable import StrataGenerate

@Suite("Secrets")
struct SecretsTests {
    @Test("The store reads the spec's vault through its Connect host with the hand-made token Secret")
    func store() throws {
        for spec in [DefaultPlatform.spec, StorageFixture.secondSpec] {
            let repository = StorageFixture.generate(spec)
            for cluster in spec.clusters {
                let objects = StorageFixture.objects(repository, under: "infrastructure/\(cluster.name)/platform")
                let store = try #require(
                    StorageFixture.object(
                        objects,
                        kind: "ClusterSecretStore",
                        name: GenerationContext(spec: spec).secretStoreName
                    )
                )
                #expect(store["apiVersion"]?.string == "external-secrets.io/v1")
                let provider = try #require(store[path: ["spec", "provider", "onepassword"]])
                #expect(provider["connectHost"]?.string == spec.secrets.connectHost)
                #expect(provider["vaults"]?.keys == [spec.secrets.vault])
                let token = provider[path: ["auth", "secretRef", "connectTokenSecretRef"]]
                #expect(token?["name"]?.string == ExternalSecrets.connectTokenSecret)
                #expect(token?["namespace"]?.string == ExternalSecrets.namespace)
                let comment = repository.files["infrastructure/\(cluster.name)/platform/secret-store.yaml"] ?? ""
                #expect(comment.contains("create secret generic \(ExternalSecrets.connectTokenSecret)"))
            }
        }
    }

    @Test("Connect is deployed only when the connect host names a cluster Service, in its namespace and port")
    func connectPlacement() throws {
        let inCluster = StorageFixture.generate(DefaultPlatform.spec)
        let operators = StorageFixture.objects(inCluster, under: "infrastructure/infra/operators")
        let service = try #require(StorageFixture.object(operators, kind: "Service", name: "onepassword-connect"))
        #expect(service[path: ["metadata", "namespace"]]?.string == "external-secrets")
        #expect(service[path: ["spec", "ports"]]?.items?.first?["port"]?.int == 8080)
        #expect(StorageFixture.object(operators, kind: "Deployment", name: "onepassword-connect") != nil)
        let external = StorageFixture.generate(StorageFixture.secondSpec)
        #expect(!external.paths.contains { $0.hasSuffix("onepassword-connect.yaml") })
    }

    @Test(
        "A connect host is in-cluster only as <service>.<namespace>.svc",
        arguments: [
            ("http://onepassword-connect.external-secrets.svc:8080", "external-secrets", 8080),
            ("http://connect.secrets.svc.cluster.local", "secrets", 80),
            ("https://connect.lab.example:8443", nil, nil),
            ("http://connect:8080", nil, nil),
        ] as [(String, String?, Int?)]
    )
    func connectHost(host: String, namespace: String?, port: Int?) {
        let connect = ExternalSecretsConnect(connectHost: host)
        #expect(connect?.namespace == namespace)
        #expect(connect?.port == port)
    }

    @Test(
        "The runbook makes the token where the store reads it, and Connect's credentials only where Connect runs",
        arguments: [
            ("http://onepassword-connect.external-secrets.svc:8080", ["external-secrets"], true),
            ("http://connect.secrets.svc.cluster.local", ["external-secrets", "secrets"], true),
            ("https://connect.acme.example", ["external-secrets"], false),
        ] as [(String, [String], Bool)]
    )
    func bootstrapSecrets(host: String, namespaces: [String], credentials: Bool) throws {
        var spec = DefaultPlatform.spec
        spec.secrets.connectHost = host
        let runbook = try #require(NetworkFixtures.generate(spec).files["docs/runbooks/cluster.md"])
        let created = runbook.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard words.count > 3, words[0] == "kubectl", words[1] == "create", words[2] == "namespace" else {
                return nil
            }
            return String(words[3])
        }
        #expect(Set(created) == Set(namespaces))
        let token = ExternalSecrets.connectTokenCommand(vault: spec.secrets.vault).joined(separator: "\n   ")
        #expect(runbook.contains(token))
        #expect(
            runbook.contains(
                "-n \(ExternalSecrets.namespace) create secret generic \(ExternalSecrets.connectTokenSecret)"
            )
        )
        #expect(runbook.contains(ExternalSecretsConnect.credentialsSecret) == credentials)
        if let connect = ExternalSecretsConnect(connectHost: host) {
            #expect(runbook.contains(connect.credentialsCommand.joined(separator: "\n   ")))
        }
    }
}
