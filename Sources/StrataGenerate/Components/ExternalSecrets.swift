import StrataPlatform
import StrataYAML

/// External Secrets Operator and the ClusterSecretStore that reads the platform's 1Password vault.
///
/// The store authenticates to 1Password Connect with a token kept in a Secret that the bootstrap runbook
/// creates by hand (``connectTokenSecret``): it is the one credential that cannot come from the store itself.
public struct ExternalSecrets: PlatformComponent {
    /// The namespace the operator, its token Secret and (when in-cluster) 1Password Connect live in.
    public static let namespace = "external-secrets"
    /// The bootstrap Secret holding the Connect access token, created by hand before the platform layer.
    public static let connectTokenSecret = "onepassword-connect-token"
    /// The key of the token in ``connectTokenSecret``.
    public static let connectTokenKey = "token"
    /// The secrets-provider item whose `token` field holds the Connect access token.
    public static let connectTokenItem = "onepassword-connect"

    /// The commands that create ``connectTokenSecret`` from the secrets provider, one line each.
    public static func connectTokenCommand(vault: String) -> [String] {
        [
            "kubectl -n \(namespace) create secret generic \(connectTokenSecret) \\",
            "  --from-literal=\(connectTokenKey)=\"$(op read 'op://\(vault)/\(connectTokenItem)/token')\"",
        ]
    }

    /// Creates the component.
    public init() {}

    /// Adds the operator, 1Password Connect when the spec's host is in-cluster, and the store.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard let version = context.version(of: "external-secrets"),
            let source = ChartSource.all["external-secrets"]
        else { return }
        plan.addSource(for: source)
        var values: YAMLNode = ["installCRDs": true]
        // Rook's external-cluster import needs one ConfigMap (the mon endpoints), which only a generic
        // target can fill from the store.
        if plan.cluster.ceph == .consumer, context.cephProvider != nil {
            values.set("genericTargets", ["enabled": true])
        }
        let release = Manifests.helmRelease(
            name: "external-secrets",
            namespace: Self.namespace,
            source: source,
            version: version,
            values: values
        )
        plan.add(
            [Manifests.namespace(Self.namespace), release],
            to: .operators,
            file: "external-secrets.yaml",
            comment:
                "The chart installs the external-secrets.io CRDs, which serve only v1 (v1beta1 is gone since 0.17)."
        )
        let secrets = context.spec.secrets
        if let connect = ExternalSecretsConnect(connectHost: secrets.connectHost) {
            var documents: [YAMLNode] = []
            if connect.namespace != Self.namespace { documents.append(Manifests.namespace(connect.namespace)) }
            documents += connect.manifests(context: context)
            plan.add(documents, to: .operators, file: "onepassword-connect.yaml", comment: connect.comment)
        }
        guard secrets.provider == "onepassword" else { return }
        plan.add(
            [Self.secretStore(name: context.secretStoreName, secrets: secrets)],
            to: .platform,
            file: "secret-store.yaml",
            comment: (["The Connect token is never committed: the bootstrap runbook creates it once per cluster with"]
                + Self.connectTokenCommand(vault: secrets.vault)).joined(separator: "\n")
        )
    }

    /// The ClusterSecretStore for 1Password Connect.
    static func secretStore(name: String, secrets: SecretsSpec) -> YAMLNode {
        [
            "apiVersion": "external-secrets.io/v1",
            "kind": "ClusterSecretStore",
            "metadata": ["name": "\(name)"],
            "spec": [
                "provider": [
                    "onepassword": [
                        "connectHost": "\(secrets.connectHost)",
                        "vaults": .mapping([(secrets.vault, .int(1))]),
                        "auth": [
                            "secretRef": [
                                "connectTokenSecretRef": [
                                    "name": "\(connectTokenSecret)",
                                    "namespace": "\(namespace)",
                                    "key": "\(connectTokenKey)",
                                ]
                            ]
                        ],
                    ]
                ]
            ],
        ]
    }
}
