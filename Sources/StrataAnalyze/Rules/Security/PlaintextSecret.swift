import Foundation
import StrataFlux
import StrataKustomize
import StrataYAML

/// A Secret with readable values is committed to Git.
struct PlaintextSecret: Rule {
    static let description = RuleDescription(
        id: "security/plaintext-secret",
        name: "Plaintext Secret",
        summary: "A Secret's data or stringData is committed to Git without encryption",
        rationale: """
            Base64 in `data` is an encoding, not encryption: anyone who can read the repository (and its \
            history, forever) can read the value. Kubernetes' good practices treat Secret values as \
            confidential (https://kubernetes.io/docs/concepts/security/secrets-good-practices/), and Flux \
            decrypts SOPS-encrypted manifests at apply time precisely so that only ciphertext is committed \
            (https://fluxcd.io/flux/guides/mozilla-sops/). A `secretGenerator` reading plain files or literals \
            commits the values just the same.
            """,
        remediation: """
            Encrypt the manifest (or the generator's env file) with SOPS and enable `decryption` on the Flux \
            Kustomization, or move the value to an external store and sync it with an ExternalSecret. Rotate \
            any credential that was ever committed in clear text.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: shop}
                stringData:
                  password: ENC[AES256_GCM,data:8Lq1rQ==,iv:3Yk=,tag:Qm9=,type:str]
                sops:
                  age:
                    - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
                  lastmodified: "2025-01-01T00:00:00Z"
                  mac: ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]
                  version: 3.9.0
                """
            ),
            Example(
                """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: build-robot
                  namespace: ci
                  annotations: {kubernetes.io/service-account.name: build-robot}
                type: kubernetes.io/service-account-token
                """
            ),
        ],
        failing: [
            Example(
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: shop}
                type: Opaque
                stringData:
                  password: ↓hunter2
                  username: shop
                """
            ),
            Example(
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: minio, namespace: backup}
                data:
                  AWS_ACCESS_KEY_ID: ↓bWluaW8=
                  AWS_SECRET_ACCESS_KEY: bWluaW8xMjM=
                """
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            for object in cluster.objects where object.resource.kind == "Secret" && object.resource.group.isEmpty {
                guard !object.resource.isSOPSEncrypted, object.node["sops"] == nil else { continue }
                let readable = Self.plaintextValues(of: object.resource)
                guard let first = readable.first else { continue }
                let keys = readable.map { "'\($0.key)'" }.joined(separator: ", ")
                sink.report(
                    "Secret '\(object.resource.name)' is committed with readable values: \(keys)",
                    at: first.node.location,
                    object: context.reference(object, in: cluster)
                )
            }
        }
    }

    /// The entries of `stringData` and `data` whose values are readable; none when any entry shows encryption.
    static func plaintextValues(of resource: Resource) -> [(key: String, node: YAMLNode)] {
        var out: [(key: String, node: YAMLNode)] = []
        for field in ["stringData", "data"] {
            for pair in resource.node[field]?.pairs ?? [] {
                guard let key = pair.key.scalar?.text, let raw = pair.value.string else { continue }
                // A generator reading a SOPS dotenv file carries the encrypted values and `sops_*` metadata.
                if key.hasPrefix("sops_") { return [] }
                let value = field == "data" ? decoded(raw) : raw
                guard let value else { continue }
                if value.contains("ENC[") { return [] }
                if isLiteral(value) { out.append((key, pair.value)) }
            }
        }
        return out
    }

    /// A value that is a real value rather than an empty string or one filled in at apply time.
    static func isLiteral(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        // A value built around a placeholder (Flux substitution from an encrypted Secret, a template an
        // operator fills in) carries its secret part from elsewhere.
        return !trimmed.isEmpty && !trimmed.contains("${") && !trimmed.contains("{{")
    }

    private static func decoded(_ base64: String) -> String? {
        let compact = base64.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else {
            // Not base64: a substituted placeholder or an invalid value, judged as written.
            return base64
        }
        // Binary content (a keystore, a key file) is just as readable as text.
        return String(data: data, encoding: .utf8) ?? "binary"
    }
}
