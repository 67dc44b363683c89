import StrataAnalyze
import StrataCore
import Testing

@Suite("Security rules")
struct SecurityRulesTests {
    private func findings(_ id: String, _ files: [(path: String, text: String)]) throws -> [Diagnostic] {
        let rule = try #require(RuleRegistry.rule(id: id))
        return try ExampleRunner.run(rule, files: ExampleRunner.files(of: Example(files: files)))
    }

    @Test("a secretGenerator with literals commits plain text")
    func generatedSecret() throws {
        let found = try findings(
            "security/plaintext-secret",
            [
                (
                    "kustomization.yaml",
                    """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    secretGenerator:
                      - name: db
                        literals:
                          - password=hunter2
                    """
                )
            ]
        )
        #expect(found.count == 1)
        #expect(found.first?.message.contains("'password'") == true)
    }

    @Test("a secretGenerator reading a SOPS dotenv file is encrypted")
    func generatedFromSOPS() throws {
        let found = try findings(
            "security/plaintext-secret",
            [
                (
                    "kustomization.yaml",
                    """
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    secretGenerator:
                      - name: db
                        envs: [secret.sops.env]
                    """
                ),
                (
                    "secret.sops.env",
                    """
                    password=ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]
                    sops_version=3.9.0
                    """
                ),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test("placeholders substituted at apply time are not plain text")
    func placeholders() throws {
        let found = try findings(
            "security/plaintext-secret",
            [
                (
                    "secret.yaml",
                    """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: app, namespace: apps}
                    stringData:
                      password: ${APP_PASSWORD}
                      empty: ""
                    """
                )
            ]
        )
        #expect(found.isEmpty)
    }

    @Test(
        "image references are judged by tag and digest",
        arguments: [
            ("nginx", true), ("nginx:latest", true), ("registry.local:5000/app", true),
            ("registry.local:5000/app:1.2", false), ("app:1.2@sha256:abcd", false), ("app@sha256:abcd", false),
            ("${IMAGE}", false), ("ghcr.io/org/app:v1.0.0", false),
        ]
    )
    func imageReferences(_ image: String, _ reported: Bool) throws {
        let found = try findings(
            "security/image-tag-mutable",
            [
                (
                    "pod.yaml",
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p, namespace: default}
                    spec:
                      containers:
                        - name: c
                          image: "\(image)"
                    """
                )
            ]
        )
        #expect(found.isEmpty != reported)
    }

    @Test(
        "credential keys need a literal value that is not a reference",
        arguments: [
            ("password", "hunter22", true), ("existingSecret", "grafana-admin", false),
            ("passwordKey", "admin-password", false), ("secretName", "tls", false), ("token", "my-token-name", false),
            ("token", "ghp_A1b2C3d4E5f6", true), ("clientSecret", "ENC[AES256_GCM,data:x]", false),
            ("apiKey", "${API_KEY}", false), ("secret", "grafana", false), ("adminPassword", "admin", true),
            ("dbPassword", "/run/secrets/db", false), ("enableToken", "true", false),
        ]
    )
    func credentialKeys(_ key: String, _ value: String, _ reported: Bool) throws {
        let found = try findings(
            "security/credentials-in-config",
            [
                (
                    "cm.yaml",
                    """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: cfg, namespace: default}
                    data:
                      \(key): "\(value)"
                    """
                )
            ]
        )
        #expect(found.isEmpty != reported)
    }

    @Test("an AWS key id is found inside an embedded file, but not inside a longer word")
    func awsKeyIDs() throws {
        let found = try findings(
            "security/credentials-in-config",
            [
                (
                    "cm.yaml",
                    """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: cfg, namespace: default}
                    data:
                      config.ini: |
                        [default]
                        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
                      note: XAKIAIOSFODNN7EXAMPLEX
                    """
                )
            ]
        )
        #expect(found.count == 1)
    }

    @Test("a PEM private key in chart values is a credential whatever its key")
    func privateKey() throws {
        let found = try findings(
            "security/credentials-in-config",
            [
                (
                    "hr.yaml",
                    """
                    apiVersion: helm.toolkit.fluxcd.io/v2
                    kind: HelmRelease
                    metadata: {name: app, namespace: apps}
                    spec:
                      interval: 1h
                      chart: {spec: {chart: app, sourceRef: {kind: HelmRepository, name: charts}}}
                      values:
                        sshConfig:
                          identity: |
                            -----BEGIN OPENSSH PRIVATE KEY-----
                            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ
                            -----END OPENSSH PRIVATE KEY-----
                    """
                )
            ]
        )
        #expect(found.count == 1)
    }
}
