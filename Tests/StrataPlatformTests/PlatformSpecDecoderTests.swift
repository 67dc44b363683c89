import StrataCore
import Testing

@testable import StrataPlatform

@Suite("Platform spec decoder")
struct PlatformSpecDecoderTests {
    @Test("An unknown key is reported at its line and column with a did-you-mean, and the key it replaced as missing")
    func unknownKey() throws {
        let text = SpecText.mutated([("    podCIDR: 10.246.0.0/16", "    podCIDRs: 10.246.0.0/16")])
        let document = SpecText.decode(text)
        #expect(document.spec == nil)
        let unknown = try #require(document.diagnostics.first { $0.id == "spec/unknown-key" })
        let position = try #require(SpecText.position(of: "podCIDRs", in: text))
        #expect(unknown.location == SourceLocation(path: SpecText.path, line: position.line, column: position.column))
        #expect(unknown.message == "unknown key 'podCIDRs' in 'clusters[1]'; did you mean 'podCIDR'?")
        #expect(unknown.severity == .error)
        let missing = try #require(document.diagnostics.first { $0.id == "spec/missing-key" })
        #expect(missing.message.hasPrefix("missing key 'podCIDR' in 'clusters[1]': the pod CIDR"))
        let cluster = try #require(SpecText.position(of: "name: apps", in: text))
        #expect(missing.location?.line == cluster.line)
    }

    @Test("A CIDR with host bits set is reported at the value with the network it meant")
    func hostBits() throws {
        let text = SpecText.mutated([("podCIDR: 10.244.0.0/16", "podCIDR: 10.244.3.0/16")])
        let document = SpecText.decode(text)
        let diagnostic = try #require(document.diagnostics.first)
        #expect(document.diagnostics.count == 1)
        let position = try #require(SpecText.position(of: "10.244.3.0/16", in: text))
        #expect(diagnostic.id == "spec/invalid-value")
        #expect(
            diagnostic.location == SourceLocation(path: SpecText.path, line: position.line, column: position.column)
        )
        #expect(diagnostic.message == "'10.244.3.0/16' has host bits set; the network is '10.244.0.0/16'")
    }

    @Test(
        "A value the reading program would refuse is reported with the reason",
        arguments: [
            ("podCIDR: 10.244.0.0/16", "podCIDR: 10.244.0.0/33", "is not an IPv4 CIDR"),
            ("gateway: 10.25.11.1", "gateway: 10.25.11.256", "is not an IPv4 address"),
            ("ceph: provider", "ceph: provder", "did you mean 'provider'?"),
            ("role: controlplane", "role: control-plane", "did you mean 'controlplane'?"),
            ("memory: 64Gi", "memory: 64GB", "is not a size in whole bytes"),
            ("size: 1T", "size: 1.5", "is not a size in whole bytes"),
            ("id: 1", "id: 300", "'clusters[0].id' is 300, outside 1–255"),
            ("- name: prod-01", "- name: Prod-01", "is not a DNS-1123 label"),
            ("schedule: \"0 2 * * *\"", "schedule: \"0 2 * * MON\"", "is not a schedule VolSync's CRD accepts"),
            ("backupSchedule: \"0 0 */6 * * *\"", "backupSchedule: \"0 */6 * * *\"", "add a leading '0'"),
            ("schedule: \"0 3 * * 0\"", "schedule: \"0 3 * * 7\"", "(Sunday is 0)"),
            ("schedule: \"0 6 * * 1\"", "schedule: \"0 6 30 2 *\"", "never runs"),
            ("retention: 30d", "retention: 30h", "is not a duration here"),
            ("ttl: 720h", "ttl: 30d", "is not a duration here"),
            ("rpo: 24h", "rpo: soon", "is not a duration"),
            ("image: ghcr.io/requarks/wiki:2.5.307", "image: ghcr.io/requarks/wiki:latest", "pin a version"),
            ("url: ssh://git@github.com/monosense/platform", "url: git@github.com:monosense/platform", "Git URL"),
            ("fullRatio: 0.95", "fullRatio: 1.5", "outside 0.0–1.0"),
        ]
    )
    func invalidValues(old: String, new: String, expected: String) throws {
        let text = SpecText.mutated([(old, new)])
        let document = SpecText.decode(text)
        #expect(document.spec == nil)
        let diagnostic = try #require(document.diagnostics.first, "no diagnostic for \(new)")
        #expect(document.diagnostics.count == 1, "\(SpecText.describe(document.diagnostics))")
        #expect(diagnostic.id == "spec/invalid-value")
        #expect(diagnostic.message.contains(expected), "\(diagnostic.message)")
        let value = String(new.split(separator: ":", maxSplits: 1)[1].dropFirst())
        let anchor = new.hasPrefix("- ") ? nil : String(new.split(separator: ":")[0])
        let position = try #require(SpecText.position(of: value, in: text, after: anchor.map { "\($0):" }))
        #expect(diagnostic.location?.line == position.line)
    }

    @Test(
        "A value of the wrong type is reported with what was expected",
        arguments: [
            ("mtu: 9000", "mtu: big", "'network.mtu' must be a whole number, not the text 'big'"),
            ("cpus: 12", "cpus: \"12\"", "'clusters[0].nodes[0].cpus' must be a whole number, not the text '12'"),
            (
                "name: monosense", "name: 123",
                "'name' must be a text, not the number '123'; quote it (\"123\") to make it one"
            ),
            ("multipath: true", "multipath: yes", "'bgp.multipath' must be true or false, not the text 'yes'"),
            (
                "links: [enp1s0f0, enp1s0f1]", "links: enp1s0f0",
                "'network.bond.links' must be a list, not the text 'enp1s0f0'"
            ),
            ("repository:\n", "repository: []\nrepository_:\n", "'repository' must be a mapping, not a list"),
        ]
    )
    func wrongTypes(old: String, new: String, expected: String) throws {
        let document = SpecText.decode(SpecText.mutated([(old, new)]))
        #expect(document.spec == nil)
        let diagnostic = try #require(document.diagnostics.first { $0.id == "spec/invalid-type" })
        #expect(diagnostic.message == expected)
    }

    @Test("A duplicate key is an error that names the first one")
    func duplicateKey() throws {
        let text = SpecText.mutated([("domain: monosense.io\n", "domain: monosense.io\nname: other\n")])
        let document = SpecText.decode(text)
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.id == "spec/duplicate-key")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.notes.first?.location?.line == SpecText.position(of: "name: monosense", in: text)?.line)
        // The spec is still built (the last value wins), so validation can run in the same pass.
        #expect(document.spec?.name == "other")
    }

    @Test("A pool must choose exactly one of replicated and erasureCoded")
    func protectionChoice() throws {
        let both = SpecText.decode(
            SpecText.mutated([
                (
                    "replicated: {size: 3, minSize: 2}\n        failureDomain",
                    "replicated: {size: 3, minSize: 2}\n        erasureCoded: {dataChunks: 2, codingChunks: 1}\n        failureDomain"
                )
            ])
        )
        #expect(both.diagnostics.map(\.id) == ["spec/conflicting-keys"])
        let neither = SpecText.decode(SpecText.mutated([("        replicated: {size: 3, minSize: 2}\n", "")]))
        #expect(neither.diagnostics.map(\.id) == ["spec/missing-key"])
        #expect(
            neither.diagnostics.first?.message
                == "missing key in 'storage.ceph.pools[0]': give one of 'replicated' or 'erasureCoded'"
        )
        let coded = SpecText.decode(
            SpecText.mutated([
                (
                    "replicated: {size: 3, minSize: 2}\n        failureDomain",
                    "erasureCoded: {dataChunks: 2, codingChunks: 1}\n        failureDomain"
                )
            ])
        )
        #expect(coded.diagnostics.isEmpty)
        #expect(coded.spec?.storage.ceph.pools.first?.protection == .erasureCoded(dataChunks: 2, codingChunks: 1))
    }

    @Test("Every problem of a spec is reported in one pass")
    func everyProblem() {
        let text = SpecText.mutated([
            ("domain: monosense.io", "domian: monosense.io"),
            ("mtu: 9000", "mtu: 99999"),
            ("podCIDR: 10.246.0.0/16", "podCIDR: 10.246.0.1/16"),
            ("cpus: 12", "cpus: twelve"),
            ("retention: 90d", "retention: ninety"),
            ("rto: 3h", "rto: 3 hours"),
        ])
        let ids = SpecText.decode(text).diagnostics.map(\.id)
        #expect(ids.filter { $0 == "spec/unknown-key" }.count == 1)
        #expect(ids.filter { $0 == "spec/missing-key" }.count == 1)
        #expect(ids.filter { $0 == "spec/invalid-value" }.count == 4)
        #expect(ids.filter { $0 == "spec/invalid-type" }.count == 1)
    }

    @Test("Diagnostics come in file order")
    func fileOrder() {
        let diagnostics = SpecText.decode(
            SpecText.mutated([("mtu: 9000", "mtu: big"), ("name: monosense", "nmae: monosense")])
        ).diagnostics
        #expect(diagnostics.map(\.location) == diagnostics.map(\.location).sorted { ($0?.line ?? 0) < ($1?.line ?? 0) })
    }

    @Test("Locations point at each value, and at the nearest written mapping for defaults")
    func locations() throws {
        let document = SpecText.decode(DefaultPlatformText.text)
        let text = DefaultPlatformText.text
        let pod = try #require(SpecText.position(of: "10.244.0.0/16", in: text))
        #expect(
            document.locations["clusters[0].podCIDR"]
                == SourceLocation(path: SpecText.path, line: pod.line, column: pod.column)
        )
        let size = try #require(SpecText.position(of: "3, minSize", in: text))
        #expect(document.location(of: "storage.ceph.pools[0].replicated.size")?.line == size.line)
        let chart = try #require(SpecText.position(of: "1.18.3", in: text))
        #expect(document.location(of: "versions.charts.cilium")?.line == chart.line)
        let objective = try #require(SpecText.position(of: "{scenario: node", in: text))
        #expect(document.location(of: "objectives[0].cluster")?.line == objective.line)
        #expect(document.location(of: "nothing.here") == document.locations[""])
    }

    @Test("Optional keys take their documented defaults")
    func defaults() throws {
        let text = """
            name: lab
            domain: lab.example
            repository: {url: https://example.com/lab.git}
            network:
              nodeSubnet: 192.168.1.0/24
              gateway: 192.168.1.1
              bond: {links: [eth0]}
              nameservers: [192.168.1.1]
            router: {asn: 64512, routerID: 192.168.1.1, address: 192.168.1.1}
            clusters:
              - name: one
                id: 1
                asn: 64513
                podCIDR: 10.1.0.0/16
                serviceCIDR: 10.2.0.0/16
                endpoint: 192.168.1.10
                nodes: [{name: n1, address: 192.168.1.11, memory: 16Gi, cpus: 4}]
            storage:
              localPath: {storageClass: {name: local}}
            metrics: {cluster: one, retention: 30d, replicationFactor: 1, storageReplicas: 1, storageVolumeSize: 20Gi, seriesEstimate: 1000}
            backups:
              objectStore: {endpoint: https://s3.example.com, bucket: lab-backups, credentialsItem: s3}
              volsync: {schedule: "0 1 * * *", retention: {daily: 7}, resticPasswordItem: restic}
              velero: {schedule: "0 3 * * 0"}
              verification: {schedule: "0 12 * * 3"}
            secrets: {connectHost: http://connect:8080, vault: lab}

            """
        let document = SpecText.decode(text)
        #expect(document.diagnostics.isEmpty, "\(SpecText.describe(document.diagnostics))")
        let spec = try #require(document.spec)
        #expect(spec.repository.branch == "main")
        #expect(spec.versions == DefaultPlatform.spec.versions)
        #expect(spec.network.mtu == 1500)
        #expect(spec.network.bond == BondSpec(name: "bond0", mode: "802.3ad", links: ["eth0"]))
        #expect(spec.router.model == "srx320")
        #expect(spec.bgp == BGPSpec(holdTimeSeconds: 90, keepaliveSeconds: 30, gracefulRestart: true, multipath: true))
        #expect(spec.clusters[0].ceph == .none)
        #expect(spec.clusters[0].loadBalancerPools.isEmpty)
        #expect(spec.clusters[0].nodes[0].role == .controlplane)
        #expect(spec.storage.ceph.mons == 3)
        #expect(spec.storage.ceph.osdMemoryTargetBytes == 4 << 30)
        #expect(spec.storage.ceph.pools.isEmpty)
        #expect(spec.storage.ceph.filesystem == nil)
        #expect(
            spec.storage.localPath
                == LocalPathSpec(
                    basePath: "/var/mnt/local",
                    storageClass: StorageClassSpec(name: "local", isDefault: false, reclaimPolicy: "Delete")
                )
        )
        #expect(spec.metrics.scrapeInterval == "30s")
        #expect(spec.backups.volsync.retention == RetentionSpec(hourly: 0, daily: 7, weekly: 0, monthly: 0))
        #expect(spec.backups.velero.ttl == "720h")
        #expect(spec.backups.objectStore.region == "us-east-1")
        #expect(spec.secrets.provider == "onepassword")
        #expect(
            spec.flux
                == FluxSpec(interval: "10m", layers: [:], defaults: LayerTiming(timeout: "10m", retryInterval: "2m"))
        )
        #expect(spec.databases.isEmpty && spec.applications.isEmpty && spec.objectives.isEmpty)
        #expect(PlatformSpecValidator.validate(document).isEmpty)
    }

    @Test("Ceph options may be written as numbers or booleans, and are kept as text")
    func cephOptions() {
        let spec = SpecText.decode(SpecText.mutated([("osd_max_scrubs: \"1\"", "osd_max_scrubs: 1")])).spec
        #expect(spec?.storage.ceph.config["osd"]?["osd_max_scrubs"] == "1")
        let bad = SpecText.decode(SpecText.mutated([("      osd:\n", "      osds:\n")]))
        #expect(bad.diagnostics.map(\.id) == ["spec/invalid-key"])
    }

    @Test("Unknown chart and layer names get a did-you-mean; charts left out keep the tested version")
    func records() throws {
        let document = SpecText.decode(
            SpecText.mutated([
                ("    cilium: 1.18.3\n", ""), ("    storage: {timeout: 20m", "    storag: {timeout: 20m"),
            ])
        )
        #expect(
            document.diagnostics.map(\.message) == ["unknown key 'storag' in 'flux.layers'; did you mean 'storage'?"]
        )
        #expect(document.spec?.versions.charts["cilium"] == DefaultPlatform.spec.versions.charts["cilium"])
        #expect(document.spec?.flux.layers["storage"] == nil)
    }

    @Test(
        "Malformed files are reported, never crash",
        arguments: [
            ("", "spec/empty"),
            ("# only a comment\n", "spec/empty"),
            ("- a\n- b\n", "spec/invalid-type"),
            ("42\n", "spec/invalid-type"),
            ("clusters: [\n", "spec/yaml-syntax"),
            ("name: a\n\tdomain: b\n", "spec/yaml-syntax"),
            ("{a: 1}: b\n", "spec/invalid-key"),
            ("clusters: {name: infra}\n", "spec/invalid-type"),
            ("clusters: [1, [2], null]\n", "spec/invalid-type"),
            ("name: a\n---\nname: b\n", "spec/multiple-documents"),
            ("a: &x [*x]\n", "spec/yaml-syntax"),
            ("a: &x [1]\nb: *x\n", "spec/unknown-key"),
        ]
    )
    func malformed(text: String, expected: String) {
        let document = SpecText.decode(text)
        #expect(document.spec == nil)
        #expect(document.diagnostics.contains { $0.id == expected }, "\(SpecText.describe(document.diagnostics))")
        #expect(document.diagnostics.allSatisfy { $0.location != nil && $0.severity == .error })
    }

    @Test("Every prefix of the default text decodes without crashing and either builds a spec or says why not")
    func prefixes() {
        let text = DefaultPlatformText.text
        for length in stride(from: 0, to: text.count, by: 53) {
            let document = SpecText.decode(String(text.prefix(length)))
            #expect(document.spec != nil || !document.diagnostics.isEmpty, "prefix of \(length) characters")
        }
    }

    @Test("Lines removed or shifted anywhere in the default text never crash the decoder or validator")
    func lineMutations() {
        let lines = DefaultPlatformText.text.split(separator: "\n", omittingEmptySubsequences: false)
        for index in stride(from: 0, to: lines.count, by: 3) {
            var removed = lines
            removed.remove(at: index)
            var shifted = lines
            shifted[index] = "  " + shifted[index]
            for variant in [removed, shifted] {
                let document = SpecText.decode(variant.joined(separator: "\n"))
                _ = PlatformSpecValidator.validate(document)
                #expect(document.spec != nil || !document.diagnostics.isEmpty)
            }
        }
    }
}
