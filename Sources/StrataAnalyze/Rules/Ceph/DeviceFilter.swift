import StrataYAML

/// A CephCluster selects OSD devices by a numbered NVMe kernel name, which can change between boots.
struct DeviceFilter: Rule {
    static let description = RuleDescription(
        id: "ceph/device-filter",
        name: "Device Filter",
        summary: "OSD devices are selected by a numbered NVMe kernel name such as 'nvme1n1'",
        rationale: """
            The kernel numbers NVMe controllers in the order it probes them, so `nvme0n1` and `nvme1n1` can \
            swap after a reboot, a firmware update or a new disk. A `deviceFilter` or device name that pins \
            one of them can then make Rook create an OSD on the wrong disk, wiping whatever it held (an OS \
            or local-storage disk). Rook recommends stable paths such as `/dev/disk/by-id/…`, which \
            `devicePathFilter` and `devices[].name` accept \
            (https://rook.io/docs/rook/latest/CRDs/Cluster/ceph-cluster-crd/, "Storage Selection Settings").
            """,
        remediation: """
            Select the disk by a stable path: `devices: [{name: /dev/disk/by-id/nvme-…}]` or \
            `devicePathFilter: ^/dev/disk/by-id/nvme-Samsung.*`.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  storage:
                    useAllNodes: false
                    useAllDevices: false
                    nodes:
                      - name: prod-01
                        devices:
                          - name: /dev/disk/by-id/nvme-Samsung_SSD_980_1TB_S64ANS0T123456
                      - name: prod-02
                        devicePathFilter: ^/dev/disk/by-id/nvme-Samsung.*
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  storage:
                    useAllNodes: false
                    useAllDevices: false
                    nodes:
                      - name: prod-01
                        deviceFilter: ↓"^nvme1n1$"
                      - name: prod-02
                        devices:
                          - name: ↓nvme1n1
                """
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for entry in CephInventory.shared(in: context).clusters {
            guard let storage = entry.spec["storage"] else { continue }
            var candidates: [YAMLNode] = []
            for scope in [storage] + (storage["nodes"]?.items ?? []) {
                if let filter = scope["deviceFilter"] { candidates.append(filter) }
                for device in scope["devices"]?.items ?? [] {
                    if let name = device["name"] { candidates.append(name) }
                }
            }
            for node in candidates {
                guard let text = node.string, Self.namesNumberedNVMe(text) else { continue }
                sink.report(
                    "'\(text)' selects an NVMe disk by its kernel name, which can change between boots",
                    at: node.location,
                    object: entry.object
                )
            }
        }
    }

    /// Whether the text names `nvme<digit>`, outside a stable `/dev/disk/by-…` path.
    static func namesNumberedNVMe(_ text: String) -> Bool {
        if text.contains("/dev/disk/by-") { return false }
        let scalars = Array(text.unicodeScalars)
        let pattern = Array("nvme".unicodeScalars)
        var index = 0
        while index + pattern.count < scalars.count {
            if Array(scalars[index..<index + pattern.count]) == pattern,
                ("0"..."9").contains(scalars[index + pattern.count])
            {
                return true
            }
            index += 1
        }
        return false
    }
}
