import StrataCore
import StrataFlux
import StrataYAML

/// Velero is set up for CSI snapshots in a way that takes none.
struct VeleroCsi: Rule {
    static let description = RuleDescription(
        id: "backup/velero-csi",
        name: "Velero CSI",
        summary: "Velero's CSI snapshots are configured in a way that takes no snapshots",
        rationale: """
            Velero takes CSI snapshots only when the server runs with the `EnableCSI` feature flag \
            (chart value `configuration.features`); without it the CSI backup action is skipped and volumes \
            are silently left out. That holds whatever the chart's `snapshotsEnabled` says (it only decides \
            whether the chart creates VolumeSnapshotLocations), and the snapshot data mover \
            (`snapshotMoveData`) takes CSI snapshots before it moves them, so it needs the flag too \
            (https://velero.io/docs/main/csi-snapshot-data-movement/). It picks the VolumeSnapshotClass of \
            a driver by the label `velero.io/csi-volumesnapshot-class: "true"` (or the driver's default class), so a driver \
            with neither gets no snapshots. CSI snapshots do not use a VolumeSnapshotLocation: there is no \
            volume snapshotter called `csi`, and one configured that way fails for every volume. From \
            Velero 1.14 (chart 7) the CSI plugin is built in, and installing `velero-plugin-for-csi` as \
            well stops the server from starting with the plugin registered twice \
            (https://velero.io/docs/main/csi/, https://velero.io/docs/v1.14/upgrade-to-1.14/).
            """,
        remediation: """
            Set `configuration.features: EnableCSI`, label one VolumeSnapshotClass per CSI driver with \
            `velero.io/csi-volumesnapshot-class: "true"`, remove VolumeSnapshotLocations with provider \
            `csi` (and `volumeSnapshotLocations` references to them), and drop the CSI plugin init \
            container on Velero 1.14 and later.
            """,
        severity: .error,
        passing: [
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: velero, namespace: velero}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: velero
                      version: 8.7.2
                      sourceRef: {kind: HelmRepository, name: vmware-tanzu, namespace: flux-system}
                  values:
                    configuration:
                      features: EnableCSI
                      backupStorageLocation:
                        - {name: default, provider: aws, bucket: velero}
                ---
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshotClass
                metadata:
                  name: ceph-block
                  labels: {velero.io/csi-volumesnapshot-class: "true"}
                driver: rook-ceph.rbd.csi.ceph.com
                deletionPolicy: Retain
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: velero, namespace: velero}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: velero
                      version: 8.x.x
                      sourceRef: {kind: HelmRepository, name: vmware-tanzu, namespace: flux-system}
                  values:
                    ↓configuration:
                      backupStorageLocation:
                        - {name: default, provider: aws, bucket: velero}
                      volumeSnapshotLocation:
                        - name: ceph-snapshots
                          provider: ↓csi
                    initContainers:
                      - name: velero-plugin-for-csi
                        image: ↓velero/velero-plugin-for-csi:v0.9.0
                        volumeMounts: [{mountPath: /target, name: plugins}]
                ---
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshotClass
                metadata:
                  name: ↓ceph-block
                driver: rook-ceph.rbd.csi.ceph.com
                deletionPolicy: Delete
                """
            ),
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: velero, namespace: velero}
                spec:
                  interval: 30m
                  chart:
                    spec:
                      chart: velero
                      version: 8.7.2
                      sourceRef: {kind: HelmRepository, name: vmware-tanzu, namespace: flux-system}
                  values:
                    ↓configuration:
                      defaultSnapshotMoveData: true
                      backupStorageLocation:
                        - {name: default, provider: aws, bucket: velero}
                    snapshotsEnabled: false
                    deployNodeAgent: true
                """
            ),
        ]
    )

    private static let csiProviders: Set<String> = ["csi", "velero.io/csi"]

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for cluster in context.clusters {
            var usesCSI = false
            for object in cluster.objects
            where object.resource.kind == "VolumeSnapshotLocation" && object.resource.group == "velero.io" {
                guard let provider = object.spec["provider"], Self.csiProviders.contains(provider.string ?? "")
                else { continue }
                usesCSI = true
                sink.report(
                    "VolumeSnapshotLocation '\(object.resource.name)' uses provider 'csi'; CSI snapshots use no snapshot location",
                    at: provider.location,
                    object: context.reference(object, in: cluster)
                )
            }
            let classes = cluster.objects.filter {
                $0.resource.kind == "VolumeSnapshotClass" && $0.resource.group == "snapshot.storage.k8s.io"
            }
            let labelled = classes.contains { Self.isSelected($0) }
            let schedulesMoveData = context.veleroSchedules(in: cluster).contains {
                $0.node[path: ["template", "snapshotMoveData"]]?.bool == true
            }
            for release in cluster.helmReleases where release.chart == "velero" {
                let reference = context.reference(release, in: cluster)
                // The snapshot data mover moves CSI snapshots, so asking for it is asking for CSI.
                var releaseUsesCSI =
                    labelled || release.values[path: ["configuration", "defaultSnapshotMoveData"]]?.bool == true
                    || schedulesMoveData
                // `snapshotsEnabled: false` only stops the chart from creating snapshot locations; the server
                // still takes CSI snapshots.
                let locations =
                    release.values["snapshotsEnabled"]?.bool == false
                    ? [] : release.values[path: ["configuration", "volumeSnapshotLocation"]]?.items ?? []
                for location in locations {
                    guard let provider = location["provider"], Self.csiProviders.contains(provider.string ?? "")
                    else { continue }
                    releaseUsesCSI = true
                    sink.report(
                        "volume snapshot location provider 'csi' does not exist; CSI snapshots use no snapshot location",
                        at: provider.location,
                        object: reference
                    )
                }
                let major = Self.chartMajor(release.version)
                for container in release.values["initContainers"]?.items ?? [] {
                    guard let image = container["image"], let text = image.string,
                        text.contains("velero-plugin-for-csi")
                    else { continue }
                    releaseUsesCSI = true
                    if let major, major >= 7 {
                        sink.report(
                            "chart \(major).x runs Velero 1.14 or later, which has the CSI plugin built in; '\(text)' registers it twice",
                            at: image.location,
                            object: reference
                        )
                    }
                }
                let features = Self.features(release.values[path: ["configuration", "features"]])
                if features.contains("EnableCSI") {
                    releaseUsesCSI = true
                } else if releaseUsesCSI {
                    let at =
                        release.values[path: ["configuration", "features"]]?.location
                        ?? release.node[path: ["spec", "values"]]?.keyLocation("configuration")
                        ?? release.node["spec"]?.keyLocation("values")
                    sink.report(
                        "the Velero server runs without the 'EnableCSI' feature flag, so it takes no CSI snapshots",
                        at: at,
                        object: reference
                    )
                }
                usesCSI = usesCSI || releaseUsesCSI
            }
            guard usesCSI else { continue }
            var drivers: [String: [ClusterObject]] = [:]
            for object in classes {
                drivers[object.node["driver"]?.string ?? "", default: []].append(object)
            }
            // A driver no declared StorageClass provisions may hold no volume at all; judge it only when alone.
            let provisioners = Set(
                cluster.objects.filter { $0.resource.kind == "StorageClass" && $0.resource.group == "storage.k8s.io" }
                    .compactMap { $0.node["provisioner"]?.string }
            )
            for (driver, members) in drivers.sorted(by: { $0.key < $1.key })
            where !driver.isEmpty && (provisioners.contains(driver) || drivers.count == 1) {
                guard !members.contains(where: Self.isSelected), let first = members.first else { continue }
                sink.report(
                    "no VolumeSnapshotClass of driver '\(driver)' has the label 'velero.io/csi-volumesnapshot-class: \"true\"'; Velero takes no CSI snapshots of its volumes",
                    at: first.node[path: ["metadata", "name"]]?.location,
                    object: context.reference(first, in: cluster)
                )
            }
        }
    }

    /// Whether Velero picks this class for its driver: labelled for Velero, or the driver's default.
    private static func isSelected(_ object: ClusterObject) -> Bool {
        object.node[path: ["metadata", "labels", "velero.io/csi-volumesnapshot-class"]]?.string == "true"
            || object.node[path: ["metadata", "annotations", "snapshot.storage.kubernetes.io/is-default-class"]]?
                .string == "true"
    }

    /// Feature flags written as a comma-separated string or a list.
    private static func features(_ node: YAMLNode?) -> Set<String> {
        guard let node else { return [] }
        let texts = node.items?.compactMap(\.string) ?? [node.string ?? ""]
        return Set(texts.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } })
    }

    /// The major version of a chart version or constraint (`8.7.2`, `8.x.x`, `^8.0.0`, `>=7.1`).
    static func chartMajor(_ version: String?) -> Int? {
        guard let version else { return nil }
        let trimmed = version.drop { !$0.isNumber }
        // A range may span majors; only an exact or single-major constraint is trusted.
        if version.contains("||") || version.contains(" ") || version.hasPrefix("<") || version.hasPrefix(">") {
            return nil
        }
        return Int(trimmed.prefix { $0.isNumber })
    }
}
