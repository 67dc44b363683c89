import StrataPlatform
import StrataYAML

/// A consumer cluster's connection to the provider's Ceph: the objects Rook's external-cluster import
/// creates, filled from one secret-store item, and the external CephCluster that uses them.
struct CephExternalCluster: Sendable {
    /// The provider cluster.
    var provider: ClusterSpec
    /// The secret store.
    var store: String

    /// The store item that holds what Rook's export script prints on the provider.
    var item: String { "ceph-external-\(provider.name)" }

    /// The fields of ``item``, by the export script's variable they are copied from.
    static let fields: [(field: String, variable: String)] = [
        ("fsid", "ROOK_EXTERNAL_FSID"),
        ("mon-endpoints", "ROOK_EXTERNAL_CEPH_MON_DATA"),
        ("healthchecker-key", "ROOK_EXTERNAL_USER_SECRET"),
        ("csi-rbd-node-key", "CSI_RBD_NODE_SECRET"),
        ("csi-rbd-provisioner-key", "CSI_RBD_PROVISIONER_SECRET"),
        ("csi-cephfs-node-key", "CSI_CEPHFS_NODE_SECRET"),
        ("csi-cephfs-provisioner-key", "CSI_CEPHFS_PROVISIONER_SECRET"),
    ]

    /// The comment that tells how the item is filled.
    func comment(ceph: CephSpec) -> String {
        var arguments = "--format bash --namespace \(RookCeph.namespace)"
        if let pool = ceph.pools.first {
            if case .erasureCoded = pool.protection {
                arguments +=
                    " --rbd-data-pool-name \(pool.name) --rbd-metadata-ec-pool-name "
                    + CephPools.metadataPoolName(of: pool)
            } else {
                arguments += " --rbd-data-pool-name \(pool.name)"
            }
        }
        if let filesystem = ceph.filesystem { arguments += " --cephfs-filesystem-name \(filesystem.name)" }
        return """
            Rook's external-cluster import, done through the secret store: on \(provider.name), run Rook's
            create-external-cluster-resources.py \(arguments)
            and copy what it prints into the fields of the item '\(item)':
            """
                + Self.fields.map { "\n  \($0.field) <- \($0.variable)" }.joined()
    }

    /// The ExternalSecrets for the mon secret, the mon endpoints ConfigMap and the four CSI users.
    var secrets: [YAMLNode] {
        var documents: [YAMLNode] = [
            externalSecret(
                name: "rook-ceph-mon",
                keys: ["fsid", "healthchecker-key"],
                template: [
                    // The cluster name and the two placeholder keyrings are what the import script writes:
                    // an external cluster never uses the admin or mon keys.
                    ("cluster-name", .string(RookCeph.namespace)),
                    ("fsid", "{{ .fsid }}"),
                    ("admin-secret", "admin-secret"),
                    ("mon-secret", "mon-secret"),
                    ("ceph-username", "client.healthchecker"),
                    ("ceph-secret", "{{ .healthcheckerkey }}"),
                ],
                type: nil
            ),
            externalSecret(
                name: "rook-ceph-mon-endpoints",
                keys: ["mon-endpoints"],
                template: [
                    ("data", "{{ .monendpoints }}"),
                    ("mapping", "{}"),
                    ("maxMonId", "2"),
                ],
                type: nil,
                configMap: true
            ),
        ]
        for (name, user, prefix, field) in [
            ("rook-csi-rbd-node", "csi-rbd-node", "user", "csi-rbd-node-key"),
            ("rook-csi-rbd-provisioner", "csi-rbd-provisioner", "user", "csi-rbd-provisioner-key"),
            ("rook-csi-cephfs-node", "csi-cephfs-node", "admin", "csi-cephfs-node-key"),
            ("rook-csi-cephfs-provisioner", "csi-cephfs-provisioner", "admin", "csi-cephfs-provisioner-key"),
        ] {
            documents.append(
                externalSecret(
                    name: name,
                    keys: [field],
                    template: [
                        ("\(prefix)ID", .string(user)),
                        ("\(prefix)Key", .string("{{ .\(Self.templateName(field)) }}")),
                    ],
                    type: "kubernetes.io/rook"
                )
            )
        }
        return documents
    }

    /// The external CephCluster.
    var cluster: YAMLNode {
        [
            "apiVersion": "ceph.rook.io/v1",
            "kind": "CephCluster",
            "metadata": ["name": "\(RookCeph.clusterName)", "namespace": "\(RookCeph.namespace)"],
            "spec": [
                "external": ["enable": true],
                "crashCollector": ["disable": true],
                "healthCheck": ["daemonHealth": ["mon": ["disabled": false, "interval": "45s"]]],
            ],
        ]
    }

    /// Template variables cannot hold dashes.
    static func templateName(_ field: String) -> String { field.replacingOccurrences(of: "-", with: "") }

    private func externalSecret(
        name: String,
        keys: [String],
        template: [(String, YAMLNode)],
        type: String?,
        configMap: Bool = false
    ) -> YAMLNode {
        var target: YAMLNode = ["name": "\(name)", "creationPolicy": "Owner"]
        if configMap { target.set("manifest", ["apiVersion": "v1", "kind": "ConfigMap"]) }
        var templateNode: YAMLNode = ["engineVersion": "v2"]
        if let type { templateNode.set("type", .string(type)) }
        templateNode.set("data", .mapping(template))
        target.set("template", templateNode)
        return [
            "apiVersion": "external-secrets.io/v1",
            "kind": "ExternalSecret",
            "metadata": ["name": "\(name)", "namespace": "\(RookCeph.namespace)"],
            "spec": [
                "refreshInterval": "1h",
                "secretStoreRef": ["kind": "ClusterSecretStore", "name": "\(store)"],
                "target": target,
                "data": .sequence(
                    keys.map {
                        [
                            "secretKey": "\(Self.templateName($0))",
                            "remoteRef": ["key": "\(item)", "property": "\($0)"],
                        ]
                    }
                ),
            ],
        ]
    }
}
