import StrataPlatform
import StrataYAML

/// The CephCluster of the cluster that runs Ceph, built from the spec and the nodes' `ceph` disks.
struct CephProviderCluster: Sendable {
    /// The provider cluster.
    var cluster: ClusterSpec
    /// The whole spec.
    var spec: PlatformSpec

    /// The nodes that carry OSDs, with their Ceph disks.
    var storageNodes: [(name: String, devices: [String])] {
        cluster.nodes.compactMap { node in
            let devices = node.disks.filter { $0.use == .ceph }.map(\.device)
            return devices.isEmpty ? nil : (node.name, devices)
        }
    }

    /// The Ceph options: the spec's own sections, with `osd_memory_target` set from the spec.
    var cephConfig: YAMLNode {
        var sections = spec.storage.ceph.config
        sections["osd", default: [:]]["osd_memory_target"] = String(spec.storage.ceph.osdMemoryTargetBytes)
        return .mapping(
            sections.keys.sorted().map { section in
                let options = sections[section] ?? [:]
                return (section, .mapping(options.keys.sorted().map { ($0, .string(options[$0] ?? "")) }))
            }
        )
    }

    /// The OSD's memory request and limit in bytes: the target, and twice it, since an OSD overshoots its
    /// target during recovery and the kernel must not kill it then.
    static func osdMemory(target: Int64) -> (request: Int64, limit: Int64) { (target, target * 2) }

    /// A byte count as a Kubernetes quantity, in the largest binary unit that divides it.
    static func quantity(_ bytes: Int64) -> String {
        for (unit, size) in [("Gi", Int64(1) << 30), ("Mi", Int64(1) << 20), ("Ki", Int64(1) << 10)]
        where bytes > 0 && bytes % size == 0 {
            return "\(bytes / size)\(unit)"
        }
        return String(bytes)
    }

    /// The CephCluster.
    var document: YAMLNode {
        let ceph = spec.storage.ceph
        let memory = Self.osdMemory(target: ceph.osdMemoryTargetBytes)
        let nodes: [YAMLNode] = storageNodes.map { node in
            ["name": "\(node.name)", "devices": .sequence(node.devices.map { ["name": "\($0)"] })]
        }
        return [
            "apiVersion": "ceph.rook.io/v1",
            "kind": "CephCluster",
            "metadata": ["name": "\(RookCeph.clusterName)", "namespace": "\(RookCeph.namespace)"],
            "spec": [
                "cephVersion": ["image": "\(spec.versions.cephImage)"],
                "dataDirHostPath": "/var/lib/rook",
                "mon": ["count": .int(ceph.mons), "allowMultiplePerNode": false],
                "mgr": [
                    "count": .int(ceph.mgrs),
                    "allowMultiplePerNode": false,
                    "modules": [["name": "pg_autoscaler", "enabled": true], ["name": "rook", "enabled": true]],
                ],
                "dashboard": ["enabled": true, "ssl": true],
                // Host networking puts the mons, OSDs and MDS on node addresses, which the consumer
                // clusters on the same node subnet reach directly; pod addresses would need the router
                // to carry this cluster's pod CIDR to every consumer and Ceph would bind to per-pod IPs.
                "network": [
                    "provider": "host",
                    "addressRanges": ["public": ["\(spec.network.nodeSubnet)"]],
                    "connections": ["requireMsgr2": true],
                ],
                "cephConfig": cephConfig,
                "crashCollector": ["disable": false],
                "resources": [
                    "mon": ["requests": ["cpu": "500m", "memory": "1Gi"], "limits": ["memory": "2Gi"]],
                    "mgr": ["requests": ["cpu": "500m", "memory": "512Mi"], "limits": ["memory": "1Gi"]],
                    "osd": [
                        "requests": ["cpu": "1", "memory": .string(Self.quantity(memory.request))],
                        "limits": ["memory": .string(Self.quantity(memory.limit))],
                    ],
                ],
                "storage": [
                    "useAllNodes": false,
                    "useAllDevices": false,
                    "fullRatio": .plain(String(ceph.fullRatio)),
                    "nearFullRatio": .plain(String(ceph.nearFullRatio)),
                    "backfillFullRatio": .plain(String(ceph.backfillFullRatio)),
                    "nodes": .sequence(nodes),
                ],
                "disruptionManagement": ["managePodBudgets": true],
                // A mon out of quorum this long is replaced; shorter would fail mons over on every reboot.
                "healthCheck": ["daemonHealth": ["mon": ["interval": "45s", "timeout": "600s"]]],
            ],
        ]
    }
}
