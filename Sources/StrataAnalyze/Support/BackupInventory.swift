import Foundation
import StrataCore
import StrataFlux
import StrataKustomize
import StrataYAML

/// What one cluster holds that backup rules look up: claims, secrets, classes and the backup objects, indexed once.
package struct BackupInventory {
    /// A namespaced name.
    package struct Key: Hashable, Sendable {
        package var namespace: String
        package var name: String
    }

    /// Where a restic repository is: its URL when readable, else the Secret that names it.
    enum Repository: Hashable, CustomStringConvertible {
        case url(String)
        case secret(cluster: String, namespace: String, name: String)

        var description: String {
            switch self {
            case .url(let url): url
            case .secret(_, let namespace, let name): "Secret '\(namespace)/\(name)'"
            }
        }
    }

    /// A Velero backup schedule, from a `Schedule` object or the chart's `schedules` values.
    package struct VeleroSchedule: Sendable {
        package var name: String
        package var node: YAMLNode
        package var object: ObjectReference
    }

    let cluster: Cluster
    private(set) var claims: [Key: ClusterObject] = [:]
    private(set) var secrets: Set<Key> = []
    /// Secrets that reflector-style operators copy into other namespaces, by name.
    private(set) var mirroredSecretNames: Set<String> = []
    private(set) var repositoryURLs: [Key: String] = [:]
    private(set) var storageClasses: Set<String> = []
    private(set) var snapshotClasses: Set<String> = []
    private(set) var storageClassObjectCount = 0
    private(set) var namespacesWithCharts: Set<String> = []
    /// Every scalar in HelmRelease values, to recognise names a chart creates.
    private(set) var valueStrings: Set<String> = []

    init(_ cluster: Cluster) {
        self.cluster = cluster
        for object in cluster.objects {
            let resource = object.resource
            let key = Key(namespace: resource.namespace ?? "default", name: resource.name)
            switch (resource.group, resource.kind) {
            case ("", "PersistentVolumeClaim"):
                claims[key] = object
            case ("", "Secret"):
                secrets.insert(key)
                if let url = Self.resticURL(secret: resource) { repositoryURLs[key] = url }
                let annotations = resource.node[path: ["metadata", "annotations"]]?.keys ?? []
                if annotations.contains(where: { $0.contains("reflect") || $0.contains("replicat") }) {
                    mirroredSecretNames.insert(resource.name)
                }
            case ("external-secrets.io", "ExternalSecret"):
                let target = Key(
                    namespace: key.namespace,
                    name: object.spec[path: ["target", "name"]]?.string ?? resource.name
                )
                secrets.insert(target)
                if let url = Self.resticURL(externalSecret: object.spec) { repositoryURLs[target] = url }
            case ("external-secrets.io", "ClusterExternalSecret"):
                let spec = object.spec["externalSecretSpec"]
                mirroredSecretNames.insert(
                    object.spec["externalSecretName"]?.string ?? spec?[path: ["target", "name"]]?.string
                        ?? resource.name
                )
            case ("bitnami.com", "SealedSecret"), ("onepassword.com", "OnePasswordItem"):
                secrets.insert(Key(namespace: key.namespace, name: resource.name))
            case ("secrets.hashicorp.com", _):
                if let name = object.spec[path: ["destination", "name"]]?.string {
                    secrets.insert(Key(namespace: key.namespace, name: name))
                }
            case ("secrets.infisical.com", "InfisicalSecret"):
                if let name = object.spec[path: ["managedSecretReference", "secretName"]]?.string {
                    secrets.insert(
                        Key(
                            namespace: object.spec[path: ["managedSecretReference", "secretNamespace"]]?.string
                                ?? key.namespace,
                            name: name
                        )
                    )
                }
            case ("storage.k8s.io", "StorageClass"):
                storageClasses.insert(resource.name)
                storageClassObjectCount += 1
            case ("snapshot.storage.k8s.io", "VolumeSnapshotClass"):
                snapshotClasses.insert(resource.name)
            default:
                break
            }
        }
        for release in cluster.helmReleases {
            namespacesWithCharts.insert(
                release.node[path: ["spec", "targetNamespace"]]?.string ?? release.key.namespace
            )
            Self.collectStrings(release.values, into: &valueStrings)
        }
    }

    /// Whether a Secret of this name exists (or is produced) in the namespace.
    func hasSecret(namespace: String, name: String) -> Bool {
        secrets.contains(Key(namespace: namespace, name: name)) || mirroredSecretNames.contains(name)
    }

    /// Whether a claim of this name may exist: declared, or made by a StatefulSet or a CloudNativePG cluster.
    func mayHaveClaim(namespace: String, name: String, generated: GeneratedClaims) -> Bool {
        if claims[Key(namespace: namespace, name: name)] != nil { return true }
        if generated.statefulSetPrefixes[namespace, default: []].contains(where: { name.hasPrefix($0) }) {
            return true
        }
        return generated.cnpgClusters[namespace, default: []].contains { Self.isCNPGClaim(name, of: $0) }
    }

    /// Whether a claim name is one CloudNativePG gives a cluster's instances.
    ///
    /// Data volumes are `<cluster>-<serial>`, with `-wal` or `-tbs-<tablespace>` appended for the other volumes.
    /// A cluster name that is not resolved yet (`${…}`) may produce any of them.
    package static func isCNPGClaim(_ name: String, of cluster: String) -> Bool {
        if cluster.contains("${") { return true }
        guard name.hasPrefix(cluster + "-") else { return false }
        let rest = name.dropFirst(cluster.count + 1)
        let serial = rest.prefix { $0.isASCII && $0.isNumber }
        guard !serial.isEmpty else { return false }
        let suffix = rest.dropFirst(serial.count)
        return suffix.isEmpty || suffix == "-wal" || (suffix.hasPrefix("-tbs-") && suffix.count > 5)
    }

    /// Whether a Velero backup template copies volume data of a namespace; label selectors count as covering,
    /// since the labels of what they select are not all visible.
    package static func veleroTemplate(_ template: YAMLNode, copiesVolumesOf namespace: String) -> Bool {
        let included = (template["includedNamespaces"]?.items ?? []).compactMap(\.string)
        let excluded = (template["excludedNamespaces"]?.items ?? []).compactMap(\.string)
        if excluded.contains(namespace) { return false }
        if !included.isEmpty, !included.contains(where: { $0 == namespace || $0.contains("*") }) { return false }
        let volumeResources: Set<String> = [
            "*", "persistentvolumeclaims", "persistentvolumeclaim", "pvc", "persistentvolumes", "pv", "pods", "pod",
        ]
        let includedResources = (template["includedResources"]?.items ?? []).compactMap(\.string).map {
            $0.lowercased()
        }
        if !includedResources.isEmpty, !includedResources.contains(where: volumeResources.contains) { return false }
        let excludedResources = (template["excludedResources"]?.items ?? []).compactMap(\.string).map {
            $0.lowercased()
        }
        if excludedResources.contains(where: { $0.hasPrefix("persistentvolume") || $0 == "pvc" }) { return false }
        if template["snapshotVolumes"]?.bool == false, template["defaultVolumesToFsBackup"]?.bool != true {
            return false
        }
        return true
    }

    /// The repository a restic Secret in a namespace points at.
    func repository(namespace: String, secret: String) -> Repository {
        if let url = repositoryURLs[Key(namespace: namespace, name: secret)] { return .url(url) }
        return .secret(cluster: cluster.name, namespace: namespace, name: secret)
    }

    /// The claims that operators create from templates, by namespace.
    struct GeneratedClaims {
        /// `<template>-<statefulset>-` prefixes of StatefulSet claims.
        var statefulSetPrefixes: [String: [String]] = [:]
        /// Names of CloudNativePG clusters, whose instances get claims named after them.
        var cnpgClusters: [String: [String]] = [:]
    }

    /// The claims StatefulSets and CloudNativePG clusters create, by namespace.
    var generatedClaims: GeneratedClaims {
        var out = GeneratedClaims()
        for object in cluster.objects {
            let resource = object.resource
            let namespace = resource.namespace ?? "default"
            if resource.kind == "StatefulSet", resource.group == "apps" {
                for template in object.spec["volumeClaimTemplates"]?.items ?? [] {
                    if let name = template[path: ["metadata", "name"]]?.string {
                        out.statefulSetPrefixes[namespace, default: []].append("\(name)-\(resource.name)-")
                    }
                }
            } else if resource.kind == "Cluster", resource.group == "postgresql.cnpg.io" {
                out.cnpgClusters[namespace, default: []].append(resource.name)
            }
        }
        return out
    }

    /// The readable `RESTIC_REPOSITORY` of a Secret, unless encrypted or templated.
    static func resticURL(secret: Resource) -> String? {
        guard !secret.isSOPSEncrypted else { return nil }
        if let value = secret.node[path: ["stringData", "RESTIC_REPOSITORY"]]?.string { return readable(value) }
        guard let encoded = secret.node[path: ["data", "RESTIC_REPOSITORY"]]?.string,
            let data = Data(base64Encoded: encoded.filter { !$0.isWhitespace }),
            let value = String(data: data, encoding: .utf8)
        else { return nil }
        return readable(value)
    }

    /// The `RESTIC_REPOSITORY` an ExternalSecret's template writes, when it is literal.
    static func resticURL(externalSecret spec: YAMLNode) -> String? {
        spec[path: ["target", "template", "data", "RESTIC_REPOSITORY"]]?.string.flatMap(readable)
    }

    private static func readable(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains("${"), !trimmed.contains("{{"), !trimmed.contains("ENC[") else {
            return nil
        }
        return trimmed
    }

    private static func collectStrings(_ node: YAMLNode, into out: inout Set<String>) {
        if let pairs = node.pairs {
            for pair in pairs { collectStrings(pair.value, into: &out) }
        } else if let items = node.items {
            for item in items { collectStrings(item, into: &out) }
        } else if let text = node.string {
            out.insert(text)
        }
    }
}

extension AnalysisContext {
    /// The VolSync objects of a kind (`ReplicationSource`, `ReplicationDestination`) in every cluster.
    func volSync(_ kind: String) -> [(cluster: Cluster, object: ClusterObject)] {
        objects(kind: kind, group: "volsync.backube")
    }

    /// The Velero schedules of a cluster: `Schedule` objects and the chart's `schedules` values.
    package func veleroSchedules(in cluster: Cluster) -> [BackupInventory.VeleroSchedule] {
        var out: [BackupInventory.VeleroSchedule] = []
        for object in cluster.objects where object.resource.kind == "Schedule" && object.resource.group == "velero.io" {
            out.append(.init(name: object.resource.name, node: object.spec, object: reference(object, in: cluster)))
        }
        for release in cluster.helmReleases where release.chart == "velero" {
            for pair in release.values["schedules"]?.pairs ?? [] {
                guard let name = pair.key.scalar?.text, pair.value.isMapping,
                    pair.value["disabled"]?.bool != true
                else { continue }
                out.append(.init(name: name, node: pair.value, object: reference(release, in: cluster)))
            }
        }
        return out
    }
}
