import StrataCore
import StrataYAML

/// A Rook or Ceph option is written where it has no effect.
struct IgnoredOption: Rule {
    static let description = RuleDescription(
        id: "ceph/ignored-option",
        name: "Ignored Option",
        summary: "A Ceph or Rook option is placed where Rook or Ceph ignores it",
        rationale: """
            Rook accepts several free-form maps and passes on only what it knows, so a misplaced option is \
            dropped without an error and the cluster runs with defaults the author believes are overridden.

            | Where | What | Why it has no effect | Source |
            |---|---|---|---|
            | `storage.config` (cluster, node, device) | Ceph options (`osd_memory_target`, `bluestore_*`, `ms_*` …) and unknown keys | Rook reads only OSD provisioning keys (`osdsPerDevice`, `databaseSizeMB`, `walSizeMB`, `metadataDevice`, `encryptedDevice`, `deviceClass`, `initialWeight`, `primaryAffinity`); Ceph options go in `cephConfig` | rook `pkg/operator/ceph/cluster/osd/config/config.go`, https://rook.io/docs/rook/latest/CRDs/Cluster/ceph-cluster-crd/ |
            | `storage.config` | `journalSizeMB` | sized FileStore journals; FileStore is gone | same |
            | `storage.config` | `storeType` | the store is `storage.store.type` | same |
            | `storage.config` | `databaseSizeMB` without any `metadataDevice` | BlueStore keeps its DB on the data device | rook `pkg/daemon/ceph/osd/volume.go` |
            | `cephConfig` | `osd_op_threads` | removed from Ceph | ceph/ceph PR 21319 |
            | `cephConfig` | `osd_max_backfills`, `osd_recovery_max_active*` | reset by the mClock scheduler (default since Quincy) unless `osd_mclock_override_recovery_settings` is true | https://docs.ceph.com/en/latest/rados/configuration/mclock-config-ref/ |
            | `cephConfig` | `osd_*_sleep*` | disabled by the mClock scheduler | same |
            | `monitoring` | `createPrometheusRules` | a value of the `rook-ceph-cluster` chart, not a CephCluster field; pruned by the API server | rook `deploy/examples/crds.yaml` |
            | pool `parameters` | `imageFeatures`, `imageFormat` … | RBD StorageClass parameters; pool parameters go to `ceph osd pool set`, which rejects them | https://rook.io/docs/rook/latest/CRDs/Block-Storage/ceph-block-pool-crd/ |
            | pool | `compressionMode` | deprecated in favour of `parameters.compression_mode` | rook `deploy/examples/crds.yaml` |
            """,
        remediation: """
            Move Ceph options to `spec.cephConfig` (by section: `global`, `osd` …), RBD image settings to the \
            StorageClass, and use `osd_mclock_profile` instead of recovery throttles; delete options that no \
            longer exist.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  cephVersion:
                    image: quay.io/ceph/ceph:v19.2.3
                  cephConfig:
                    global:
                      osd_pool_default_size: "3"
                    osd:
                      osd_mclock_profile: high_client_ops
                      osd_max_scrubs: "1"
                  monitoring:
                    enabled: true
                  storage:
                    config:
                      osdsPerDevice: "1"
                      encryptedDevice: "false"
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: replicapool, namespace: rook-ceph}
                spec:
                  replicated:
                    size: 3
                  parameters:
                    compression_mode: none
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
                  cephVersion:
                    image: quay.io/ceph/ceph:v18.2.4
                  cephConfig:
                    osd:
                      ↓osd_op_threads: "8"
                      ↓osd_max_backfills: "1"
                  monitoring:
                    enabled: true
                    ↓createPrometheusRules: true
                  storage:
                    config:
                      osdsPerDevice: "1"
                      ↓storeType: bluestore
                      ↓journalSizeMB: "5120"
                      ↓osd_memory_target: "4294967296"
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: replicapool, namespace: rook-ceph}
                spec:
                  replicated:
                    size: 3
                  ↓compressionMode: none
                  parameters:
                    ↓imageFeatures: layering,fast-diff
                """
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        let inventory = CephInventory.shared(in: context)
        for entry in inventory.clusters {
            checkStorage(entry, into: sink)
            checkCephConfig(entry, into: sink)
            if let monitoring = entry.spec["monitoring"], monitoring["createPrometheusRules"] != nil {
                sink.report(
                    "'createPrometheusRules' is not a CephCluster field: it is a value of the rook-ceph-cluster chart",
                    at: monitoring.keyLocation("createPrometheusRules"),
                    object: entry.object
                )
            }
        }
        for pool in inventory.pools {
            if pool.spec["compressionMode"] != nil {
                sink.report(
                    "'compressionMode' is deprecated: use 'parameters.compression_mode'",
                    at: pool.spec.keyLocation("compressionMode"),
                    object: pool.object,
                    severity: .warning
                )
            }
            guard let parameters = pool.spec["parameters"] else { continue }
            for key in parameters.keys where Self.storageClassParameters.contains(key) {
                sink.report(
                    "'\(key)' is an RBD StorageClass parameter, not a property of \(pool.label): "
                        + "Rook fails to set it on the pool",
                    at: parameters.keyLocation(key),
                    object: pool.object
                )
            }
        }
    }

    /// Keys Rook reads from a `storage.config` map.
    private static let provisioningKeys: Set<String> = [
        "osdsPerDevice", "walSizeMB", "databaseSizeMB", "metadataDevice", "encryptedDevice", "deviceClass",
        "initialWeight", "primaryAffinity",
    ]

    /// RBD image settings that belong to a StorageClass.
    private static let storageClassParameters: Set<String> = [
        "imageFeatures", "imageFormat", "mounter", "mapOptions", "unmapOptions", "csi.storage.k8s.io/fstype",
    ]

    /// Options Ceph no longer has.
    private static let removedOptions: Set<String> = ["osd_op_threads"]

    /// Options the mClock scheduler resets unless `osd_mclock_override_recovery_settings` is true.
    private static let mClockLocked: Set<String> = [
        "osd_max_backfills", "osd_recovery_max_active", "osd_recovery_max_active_hdd",
        "osd_recovery_max_active_ssd",
    ]

    /// Options the mClock scheduler sets to zero.
    private static let mClockDisabled: Set<String> = [
        "osd_recovery_sleep", "osd_recovery_sleep_hdd", "osd_recovery_sleep_ssd", "osd_recovery_sleep_hybrid",
        "osd_scrub_sleep", "osd_delete_sleep", "osd_delete_sleep_hdd", "osd_delete_sleep_ssd",
        "osd_delete_sleep_hybrid", "osd_snap_trim_sleep", "osd_snap_trim_sleep_hdd", "osd_snap_trim_sleep_ssd",
        "osd_snap_trim_sleep_hybrid",
    ]

    private func checkStorage(_ entry: CephInventory.CephCluster, into sink: RuleSink) {
        guard let storage = entry.spec["storage"] else { return }
        var configs: [YAMLNode] = []
        func collect(_ node: YAMLNode) {
            if let config = node["config"] { configs.append(config) }
            for device in node["devices"]?.items ?? [] {
                if let config = device["config"] { configs.append(config) }
            }
        }
        collect(storage)
        for node in storage["nodes"]?.items ?? [] { collect(node) }
        let hasMetadataDevice = configs.contains { $0["metadataDevice"] != nil }
        for config in configs {
            for key in config.keys {
                let location = config.keyLocation(key)
                if let message = Self.storageMessage(key, hasMetadataDevice: hasMetadataDevice) {
                    sink.report(message, at: location, object: entry.object)
                }
            }
        }
    }

    private static func storageMessage(_ key: String, hasMetadataDevice: Bool) -> String? {
        switch key {
        case "journalSizeMB":
            return "'journalSizeMB' is ignored: it sized FileStore journals and FileStore is gone"
        case "storeType":
            return "'storeType' is ignored in storage.config: the OSD store is set with 'storage.store.type'"
        case "databaseSizeMB" where !hasMetadataDevice:
            return "'databaseSizeMB' is ignored without a 'metadataDevice': BlueStore keeps its DB on the data device"
        case _ where provisioningKeys.contains(key):
            return nil
        case _ where key.contains("_") || key.contains(" "):
            return "option '\(key)' is ignored in storage.config: Rook reads only OSD provisioning "
                + "settings there, Ceph options belong in 'cephConfig'"
        default:
            return "'\(key)' is not an OSD setting Rook reads from storage.config"
        }
    }

    private func checkCephConfig(_ entry: CephInventory.CephCluster, into sink: RuleSink) {
        guard let sections = entry.spec["cephConfig"]?.pairs else { return }
        var settings: [String: String] = [:]
        for section in sections {
            for option in section.value.pairs ?? [] {
                guard let key = option.key.string else { continue }
                settings[Self.normalized(key)] = option.value.string
            }
        }
        let usesMClock = settings["osd_op_queue"].map { $0 == "mclock_scheduler" } ?? Self.defaultsToMClock(entry)
        let overridden =
            settings["osd_mclock_override_recovery_settings"] == "true" || settings["osd_mclock_profile"] == "custom"
        for section in sections {
            for option in section.value.pairs ?? [] {
                guard let key = option.key.string else { continue }
                let name = Self.normalized(key)
                let message: String
                if Self.removedOptions.contains(name) {
                    message = "option '\(key)' was removed from Ceph and has no effect"
                } else if usesMClock, !overridden, Self.mClockLocked.contains(name) {
                    message =
                        "'\(key)' is reset by the mClock scheduler unless 'osd_mclock_override_recovery_settings' "
                        + "is true"
                } else if usesMClock, Self.mClockDisabled.contains(name) {
                    message = "'\(key)' is set to zero by the mClock scheduler"
                } else {
                    continue
                }
                sink.report(message, at: option.key.location, object: entry.object)
            }
        }
    }

    /// Ceph accepts spaces, dashes and underscores alike in option names.
    private static func normalized(_ key: String) -> String {
        String(key.map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Whether the Ceph release uses mClock by default: Quincy (17) and later; unknown images are assumed recent.
    private static func defaultsToMClock(_ entry: CephInventory.CephCluster) -> Bool {
        guard let image = entry.spec[path: ["cephVersion", "image"]]?.string,
            let tag = image.split(separator: ":").last, tag.hasPrefix("v"),
            let major = Int(tag.dropFirst().prefix { $0.isNumber })
        else { return true }
        return major >= 17
    }
}
