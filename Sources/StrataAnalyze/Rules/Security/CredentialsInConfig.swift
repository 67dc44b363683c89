import StrataFlux
import StrataYAML

/// A ConfigMap or inline HelmRelease values hold a credential in plain text.
struct CredentialsInConfig: Rule {
    static let description = RuleDescription(
        id: "security/credentials-in-config",
        name: "Credentials In Config",
        summary: "A ConfigMap or inline HelmRelease values hold a password, token or key in plain text",
        rationale: """
            ConfigMaps are meant for non-confidential data and offer no secrecy \
            (https://kubernetes.io/docs/concepts/configuration/configmap/); HelmRelease `values` are stored \
            in the HelmRelease object and in Helm's release history, readable by anyone who can read those \
            objects, and both are committed to Git in clear text. A credential placed there leaks with the \
            repository. The rule reports a key named like a credential (`password`, `token`, `apiKey`, \
            `secretKey` …) with a literal value, and any value that looks like an AWS access key id or a PEM private key.
            """,
        remediation: """
            Put the value in a SOPS-encrypted Secret or an ExternalSecret and reference it (`existingSecret`, \
            `valuesFrom` with kind Secret, `envFrom`/`secretKeyRef`); rotate the credential.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: grafana, namespace: monitoring}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: grafana
                      sourceRef: {kind: HelmRepository, name: grafana, namespace: flux-system}
                  values:
                    admin:
                      existingSecret: grafana-admin
                      passwordKey: admin-password
                    env:
                      GF_DATABASE_PASSWORD: ${GRAFANA_DB_PASSWORD}
                """
            ),
            Example(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cluster-settings, namespace: flux-system}
                data:
                  SECRET_DOMAIN: example.com
                  TOKEN_TTL: 24h
                """
            ),
        ],
        failing: [
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: grafana, namespace: monitoring}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: grafana
                      sourceRef: {kind: HelmRepository, name: grafana, namespace: flux-system}
                  values:
                    adminPassword: ↓prom-operator
                    env:
                      - name: GF_SMTP_PASSWORD
                        value: ↓s3cr3t-Mail!
                """
            ),
            Example(
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: backup-env, namespace: backup}
                data:
                  AWS_ACCESS_KEY_ID: ↓AKIAIOSFODNN7EXAMPLE
                  AWS_SECRET_ACCESS_KEY: ↓wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                """
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            for object in cluster.objects where object.resource.kind == "ConfigMap" && object.resource.group.isEmpty {
                let reference = context.reference(object, in: cluster)
                for pair in object.node["data"]?.pairs ?? [] {
                    guard let key = pair.key.scalar?.text else { continue }
                    if let finding = Self.finding(key: key, value: pair.value) {
                        sink.report(
                            "ConfigMap '\(object.resource.name)' holds \(finding)",
                            at: pair.value.location,
                            object: reference
                        )
                    }
                }
            }
            for release in cluster.helmReleases {
                guard let values = release.node[path: ["spec", "values"]] else { continue }
                let reference = context.reference(release, in: cluster)
                Self.walk(values, key: nil) { finding, node in
                    sink.report(
                        "HelmRelease '\(release.key.name)' values hold \(finding)",
                        at: node.location,
                        object: reference
                    )
                }
            }
        }
    }

    /// Walks values, reporting scalars under credential keys and `{name, value}` environment entries.
    private static func walk(_ node: YAMLNode, key: String?, report: (String, YAMLNode) -> Void) {
        if let pairs = node.pairs {
            if let name = node["name"]?.string, let value = node["value"], value.scalar != nil,
                let finding = finding(key: name, value: value)
            {
                report(finding, value)
            }
            for pair in pairs {
                let childKey = pair.key.scalar?.text
                if pair.value.scalar != nil {
                    if childKey == "value", node["name"] != nil { continue }
                    if let childKey, let finding = finding(key: childKey, value: pair.value) {
                        report(finding, pair.value)
                    }
                } else {
                    walk(pair.value, key: childKey, report: report)
                }
            }
        } else if let items = node.items {
            for item in items { walk(item, key: key, report: report) }
        } else if let key, let finding = finding(key: key, value: node) {
            report(finding, node)
        }
    }

    /// What a key and scalar value disclose, or `nil` when they do not look like a committed credential.
    static func finding(key: String, value: YAMLNode) -> String? {
        guard let text = value.string, value.bool == nil, value.int == nil else { return nil }
        if containsAWSAccessKeyID(text) { return "what looks like an AWS access key id under '\(key)'" }
        if text.contains("-----BEGIN"), text.contains("PRIVATE KEY-----"), !text.contains("ENC[") {
            return "a private key under '\(key)'"
        }
        guard let word = credentialWord(in: key), looksLikeLiteralCredential(text, word: word) else { return nil }
        return "credential '\(key)' in plain text"
    }

    private static let words = [
        "password", "passwd", "secret", "token", "apikey", "accesskey", "secretkey", "privatekey",
    ]

    /// The credential word a key ends with, ignoring case and separators; `nil` for references to secrets.
    static func credentialWord(in key: String) -> String? {
        let normalized = String(key.lowercased().filter { $0.isLetter || $0.isNumber })
        // `existingSecret`, `secretName`-like keys name a Secret rather than hold a value.
        if normalized.hasPrefix("existing") || normalized.hasPrefix("use") || normalized.hasPrefix("create") {
            return nil
        }
        return words.first { normalized.hasSuffix($0) }
    }

    /// Whether a value is a literal credential rather than a placeholder, a reference or a path.
    static func looksLikeLiteralCredential(_ text: String, word: String) -> Bool {
        let value = text.trimmingSpaces
        guard value.count >= 4, !value.contains("\n") else { return false }
        if value.contains("${") || value.contains("{{") || value.hasPrefix("$") || value.hasPrefix("ENC[") {
            return false
        }
        if value.hasPrefix("/") || value.hasPrefix("<") || value.hasPrefix("file://") { return false }
        let lowered = value.lowercased()
        let normalized = String(lowered.filter { $0.isLetter || $0.isNumber })
        // A value naming the credential (`admin-password`, `token`) is the key of a Secret, not the secret.
        if words.contains(where: { normalized.contains($0) }) { return false }
        if ["changeme", "none", "null", "redacted", "xxxx"].contains(where: { normalized.hasPrefix($0) }) {
            return false
        }
        // `secret: my-app` and `token: kube-root` usually name objects; a real token is rarely a DNS label.
        if word == "secret" || word == "token" {
            let isName = value.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." }
            if isName { return false }
        }
        return true
    }

    /// Whether text contains `AKIA` followed by 16 upper-case letters or digits, the shape of an AWS key id.
    static func containsAWSAccessKeyID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 20 else { return false }
        let prefix: [Unicode.Scalar] = ["A", "K", "I", "A"]
        var index = 0
        while index + 20 <= scalars.count {
            if Array(scalars[index..<index + 4]) == prefix,
                scalars[index + 4..<index + 20].allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
            {
                let before = index == 0 ? nil : scalars[index - 1]
                let after = index + 20 < scalars.count ? scalars[index + 20] : nil
                let isWordCharacter: (Unicode.Scalar?) -> Bool = { scalar in
                    guard let scalar else { return false }
                    return ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                }
                if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            }
            index += 1
        }
        return false
    }
}
