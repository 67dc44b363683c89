import Foundation
import StrataYAML

/// 1Password Connect run inside a cluster, when the spec's `connectHost` names a cluster Service.
///
/// A `connectHost` of the form `http://<service>.<namespace>.svc[.cluster.local]:<port>` means the platform
/// runs Connect itself, one per cluster, next to the operator; any other host is a Connect server the
/// platform does not manage (for example one on the NAS), and nothing is deployed for it.
struct ExternalSecretsConnect: Sendable, Equatable {
    /// The bootstrap Secret holding `1password-credentials.json`, created by hand like the token.
    static let credentialsSecret = "onepassword-connect-credentials"
    /// The file name Connect reads its credentials from, and the Secret's key.
    static let credentialsFile = "1password-credentials.json"

    /// The Service's name.
    var service: String
    /// The namespace.
    var namespace: String
    /// The Service port clients connect to.
    var port: Int

    /// Reads an in-cluster Connect from a URL; `nil` when the host is not a cluster Service.
    init?(connectHost: String) {
        guard let url = URL(string: connectHost), let host = url.host else { return nil }
        let labels = host.split(separator: ".").map(String.init)
        let isService =
            labels.count >= 3 && labels[2] == "svc"
            && (labels.count == 3 || labels[3...].joined(separator: ".") == "cluster.local")
        guard isService else { return nil }
        service = labels[0]
        namespace = labels[1]
        port = url.port ?? (url.scheme == "https" ? 443 : 80)
    }

    /// The commands that create ``credentialsSecret`` from the credentials file, one line each.
    var credentialsCommand: [String] {
        [
            "kubectl -n \(namespace) create secret generic \(Self.credentialsSecret) \\",
            "  --from-file=\(Self.credentialsFile)=./\(Self.credentialsFile)",
        ]
    }

    /// The file comment that says how the bootstrap Secret is made.
    var comment: String {
        ([
            "connectHost names this Service, so the platform runs 1Password Connect in each cluster.",
            "Its credentials file is never committed: the bootstrap runbook creates it once per cluster with",
        ] + credentialsCommand).joined(separator: "\n")
    }

    /// The Deployment and Service.
    func manifests(context: GenerationContext) -> [YAMLNode] {
        let labels: YAMLNode = ["app.kubernetes.io/name": "\(service)"]
        // Each container is named after its `versions.images` role.
        let container = { (name: String, httpPort: Int, busPort: Int, peerPort: Int) -> YAMLNode in
            [
                "name": "\(name)",
                "image": "\(context.image(name))",
                "env": [
                    ["name": "OP_HTTP_PORT", "value": "\(httpPort)"],
                    ["name": "OP_BUS_PORT", "value": "\(busPort)"],
                    ["name": "OP_BUS_PEERS", "value": "localhost:\(peerPort)"],
                    ["name": "OP_SESSION", "value": "/home/opuser/.op/\(Self.credentialsFile)"],
                ],
                "ports": [["name": "http", "containerPort": .int(httpPort)]],
                "readinessProbe": ["httpGet": ["path": "/heartbeat", "port": .int(httpPort)]],
                "livenessProbe": [
                    "httpGet": ["path": "/heartbeat", "port": .int(httpPort)], "failureThreshold": 3,
                    "periodSeconds": 30,
                ],
                "resources": ["requests": ["cpu": "10m", "memory": "32Mi"], "limits": ["memory": "128Mi"]],
                "securityContext": [
                    "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                    "capabilities": ["drop": ["ALL"]],
                ],
                "volumeMounts": [
                    ["name": "data", "mountPath": "/home/opuser/.op/data"],
                    [
                        "name": "credentials", "mountPath": "/home/opuser/.op/\(Self.credentialsFile)",
                        "subPath": "\(Self.credentialsFile)", "readOnly": true,
                    ],
                ],
            ]
        }
        // The API and the sync process share a bus on two local ports; the sync side serves its own health.
        let api = container("connect-api", 8080, 11220, 11221)
        let sync = container("connect-sync", 8081, 11221, 11220)
        let deployment: YAMLNode = [
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": ["name": "\(service)", "namespace": "\(namespace)", "labels": labels],
            "spec": [
                "replicas": 1,
                "selector": ["matchLabels": labels],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": [
                        "securityContext": [
                            "runAsNonRoot": true, "runAsUser": 999, "runAsGroup": 999, "fsGroup": 999,
                            "seccompProfile": ["type": "RuntimeDefault"],
                        ],
                        "containers": [api, sync],
                        "volumes": [
                            ["name": "data", "emptyDir": [:]],
                            ["name": "credentials", "secret": ["secretName": "\(Self.credentialsSecret)"]],
                        ],
                    ],
                ],
            ],
        ]
        let serviceObject: YAMLNode = [
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": ["name": "\(service)", "namespace": "\(namespace)", "labels": labels],
            "spec": [
                "selector": labels,
                "ports": [["name": "http", "port": .int(port), "targetPort": "http"]],
            ],
        ]
        return [deployment, serviceObject]
    }
}
