import StrataPlatform
import StrataYAML

/// cert-manager and the issuers of the platform's internal TLS: a self-signed root CA and a CA issuer
/// that signs every internal certificate with it.
///
/// There is no ACME issuer: the spec has no public DNS provider or ACME account to configure one from.
public struct CertManager: PlatformComponent {
    /// The namespace of cert-manager, and of the root CA's Secret (its cluster resource namespace).
    public static let namespace = "cert-manager"
    /// The issuer that only signs the root CA.
    public static let selfSignedIssuer = "selfsigned"

    /// Creates the component.
    public init() {}

    /// The ClusterIssuer every internal certificate of a platform is signed by.
    public static func caIssuer(platform: String) -> String { "\(platform)-ca" }

    /// Adds the chart to `operators` and the issuers to `issuers`.
    public func contribute(to plan: inout ClusterPlan, in context: GenerationContext) {
        guard let version = context.version(of: "cert-manager"), let source = ChartSource.all["cert-manager"] else {
            return
        }
        plan.addSource(for: source)
        let values: YAMLNode = [
            // The chart installs no CRDs unless told; keep leaves them in place if the release is removed,
            // since deleting them would delete every certificate.
            "crds": ["enabled": true, "keep": true],
            "replicaCount": 2,
            "podDisruptionBudget": ["enabled": true],
        ]
        let release = Manifests.helmRelease(
            name: "cert-manager",
            namespace: Self.namespace,
            source: source,
            version: version,
            values: values
        )
        plan.add(
            [Manifests.namespace(Self.namespace), release],
            to: .operators,
            file: "cert-manager.yaml",
            comment: "crds.enabled makes the chart install its CRDs (off by default); issuers come in their own layer."
        )
        plan.add(
            issuers(platform: context.spec.name, cluster: plan.cluster.name),
            to: .issuers,
            file: "cluster-issuers.yaml",
            comment: """
                Internal TLS: a self-signed issuer signs only the root CA; the CA issuer signs everything else,
                so clients trust one root per cluster.
                """
        )
    }

    /// The self-signed issuer, the root CA certificate and the CA issuer.
    func issuers(platform: String, cluster: String) -> [YAMLNode] {
        let rootSecret = "\(platform)-root-ca"
        let selfSigned: YAMLNode = [
            "apiVersion": "cert-manager.io/v1",
            "kind": "ClusterIssuer",
            "metadata": ["name": "\(Self.selfSignedIssuer)"],
            "spec": ["selfSigned": [:]],
        ]
        let root: YAMLNode = [
            "apiVersion": "cert-manager.io/v1",
            "kind": "Certificate",
            "metadata": ["name": "\(rootSecret)", "namespace": "\(Self.namespace)"],
            "spec": [
                "isCA": true,
                "commonName": "\(platform) \(cluster) root CA",
                "secretName": "\(rootSecret)",
                "duration": "87600h",
                "renewBefore": "720h",
                "privateKey": ["algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"],
                "issuerRef": ["name": "\(Self.selfSignedIssuer)", "kind": "ClusterIssuer", "group": "cert-manager.io"],
            ],
        ]
        let ca: YAMLNode = [
            "apiVersion": "cert-manager.io/v1",
            "kind": "ClusterIssuer",
            "metadata": ["name": "\(Self.caIssuer(platform: platform))"],
            "spec": ["ca": ["secretName": "\(rootSecret)"]],
        ]
        return [selfSigned, root, ca]
    }
}
