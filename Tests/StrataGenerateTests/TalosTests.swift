import Foundation
import StrataGenerate
import StrataPlatform
import StrataTestSupport
import StrataYAML
import Testing

@Suite("Talos patches")
struct TalosTests {
    @Test(
        "The cluster patch disables the CNI and kube-proxy and sets the cluster's subnets",
        arguments: NetworkFixtures.specNames
    )
    func clusterPatch(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        for cluster in spec.clusters {
            let patch = try #require(try NetworkFixtures.documents(repository, Talos.clusterPatchPath(cluster)).first)
            #expect(patch[path: ["cluster", "network", "cni", "name"]]?.string == "none")
            #expect(patch[path: ["cluster", "proxy", "disabled"]]?.bool == true)
            #expect(patch[path: ["cluster", "network", "podSubnets"]]?.items?.first?.string == cluster.podCIDR)
            #expect(patch[path: ["cluster", "network", "serviceSubnets"]]?.items?.first?.string == cluster.serviceCIDR)
            #expect(patch[path: ["cluster", "controlPlane", "endpoint"]]?.string == "https://\(cluster.endpoint):6443")
            #expect(patch[path: ["machine", "features", "kubePrism", "port"]]?.int == 7445)
            let mount = patch[path: ["machine", "kubelet", "extraMounts"]]?.items?.first
            #expect(mount?["destination"]?.string == spec.storage.localPath.basePath)
        }
    }

    @Test(
        "Node patches carry the address, bond, route, VIP on control planes and the disks",
        arguments: NetworkFixtures.specNames
    )
    func nodePatches(name: String) throws {
        let spec = NetworkFixtures.spec(name)
        let repository = NetworkFixtures.generate(spec)
        let prefix = try #require(CiliumNetworkAddressing.prefixLength(of: spec.network.nodeSubnet))
        let documentsForm = Talos.usesNetworkDocuments(spec.versions.talos)
        #expect(documentsForm == (name != "default"))
        for cluster in spec.clusters {
            for node in cluster.nodes {
                let text = try #require(repository.files[Talos.nodePatchPath(cluster, node)])
                let documents = try NetworkFixtures.documents(repository, Talos.nodePatchPath(cluster, node))
                let system = try #require(node.disks.first { $0.use == .system })
                #expect(
                    documents.first?[path: ["machine", "install", "disk"]]?.string == Talos.devicePath(system.device)
                )
                #expect(text.contains("\(node.address)/\(prefix)"))
                #expect(text.contains(spec.network.gateway))
                let hasVIP =
                    documentsForm
                    ? documents.contains {
                        $0["kind"]?.string == "Layer2VIPConfig" && $0["name"]?.string == cluster.endpoint
                    }
                    : text.contains("ip: \(cluster.endpoint)")
                #expect(hasVIP == (node.role == .controlplane))
                let volume = try #require(documents.first { $0["kind"]?.string == "UserVolumeConfig" })
                #expect(volume["name"]?.string == "local")
                // The Ceph disk is Rook's alone.
                for disk in node.disks where disk.use == .ceph { #expect(!text.contains(disk.device)) }
            }
        }
    }

    @Test(
        "The install disk and the local volume's selector take kernel names and by-id links alike",
        arguments: [
            ("nvme0n1", "/dev/nvme0n1", "disk.dev_path == '/dev/nvme0n1'"),
            ("/dev/sda", "/dev/sda", "disk.dev_path == '/dev/sda'"),
            (
                "/dev/disk/by-id/ata-Samsung_SSD_870_S6PXNF0T1", "/dev/disk/by-id/ata-Samsung_SSD_870_S6PXNF0T1",
                "'/dev/disk/by-id/ata-Samsung_SSD_870_S6PXNF0T1' in disk.symlinks"
            ),
        ]
    )
    func diskForms(device: String, path: String, match: String) throws {
        var spec = DefaultPlatform.spec
        var cluster = spec.clusters[0]
        var node = cluster.nodes[0]
        node.disks = [
            DiskSpec(device: device, sizeBytes: 500_000_000_000, use: .system),
            DiskSpec(device: device, sizeBytes: 500_000_000_000, use: .local),
        ]
        cluster.nodes[0] = node
        spec.clusters[0] = cluster
        let documents = Talos.nodePatch(for: node, in: cluster, spec: spec)
        #expect(documents.first?[path: ["machine", "install", "disk"]]?.string == path)
        let volume = try #require(documents.first { $0["kind"]?.string == "UserVolumeConfig" })
        #expect(volume[path: ["provisioning", "diskSelector", "match"]]?.string == match)
        let comment = NetworkFixtures.generate(spec).files[Talos.nodePatchPath(cluster, node)] ?? ""
        #expect(comment.contains("install.disk is a udev link") == path.hasPrefix("/dev/disk/by-id/"))
    }

    @Test(
        "Every patch document validates against the Talos configuration schema",
        .enabled(
            if: NetworkFixtures.shared != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
            "needs python3 and the Talos schema (../shared/schemas/talos)"
        ),
        arguments: NetworkFixtures.specNames
    )
    func schema(name: String) throws {
        let shared = try #require(NetworkFixtures.shared)
        let repository = NetworkFixtures.generate(NetworkFixtures.spec(name))
        let written = try NetworkFixtures.write(repository)
        let files = repository.paths.filter { $0.hasPrefix("talos/") }.map(written.path)
        #expect(!files.isEmpty)
        // The schema is for a Talos release that replaced `machine.network` with separate documents; that one
        // legacy subtree, still accepted by the releases the default spec pins, is the only part left out.
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            errors = 0
            for path in sys.argv[2:]:
                for doc in yaml.safe_load_all(open(path)):
                    if doc is None: continue
                    if 'kind' not in doc:
                        doc = dict(doc); doc.setdefault('version', 'v1alpha1')
                        if isinstance(doc.get('machine'), dict): doc['machine'] = {k: v for k, v in doc['machine'].items() if k != 'network'}
                    for error in validator.iter_errors(doc):
                        errors += 1; print(path, list(error.absolute_path), error.message[:300])
            sys.exit(1 if errors else 0)
            """
        let check = try StrataProcess.runProcess(
            "/usr/bin/python3",
            ["-c", script, shared + "/schemas/talos/config.schema.json"] + files
        )
        if check.stderr.contains("No module named") {
            withKnownIssue("python3 lacks jsonschema or yaml") { Issue.record("\(check.stderr)") }
            return
        }
        #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
    }
}
