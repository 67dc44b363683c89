import StrataCore
import Testing

@testable import StrataAnalyze

@Suite("Net rules: ClusterMesh services and host names")
struct NetRulesTests2 {
    // MARK: - Service host names

    @Test(
        "Service host names are found with their Service, namespace and zone",
        arguments: [
            (
                "http://vminsert-vmcluster.monitoring.svc.infra.local:8480/insert/0", "vminsert-vmcluster",
                "monitoring", "infra.local"
            ),
            ("postgres-0.postgres-headless.db.svc.cluster.local.", "postgres-headless", "db", "cluster.local"),
            ("redis://cache.redis.svc:6379/0", "cache", "redis", nil),
            ("_http._tcp.web.apps.svc.cluster.local", "web", "apps", "cluster.local"),
            ("host=PG.Databases.svc.Cluster.Local port=5432", "pg", "databases", "cluster.local"),
        ] as [(String, String, String, String?)]
    )
    func hostNames(_ text: String, _ service: String, _ namespace: String, _ zone: String?) throws {
        let found = ServiceHost.all(in: text)
        let host = try #require(found.first)
        #expect(found.count == 1)
        #expect(host.service == service)
        #expect(host.namespace == namespace)
        #expect(host.zone == zone)
        #expect(!host.zoneIsTemplated)
    }

    @Test(
        "text that is not a Service host name, or is one cut by a variable, gives nothing",
        arguments: [
            "${APP}.default.svc.cluster.local",
            "{{ .Release.Name }}.default.svc",
            "web.${NAMESPACE}.svc.cluster.local",
            "https://example.com/docs.svc",
            "files.svcs.example.com",
            "api.svc-proxy.example.com",
            "monitoring.svc",
            "-web.apps.svc.cluster.local",
        ]
    )
    func notHostNames(_ text: String) {
        #expect(ServiceHost.all(in: text).isEmpty)
    }

    @Test("a zone cut short by a variable is marked as templated")
    func templatedZone() throws {
        let host = try #require(ServiceHost.all(in: "http://web.apps.svc.${CLUSTER_DOMAIN}:80").first)
        #expect(host.zoneIsTemplated)
        #expect(host.name == "web.apps.svc")
        #expect(host.replacingZone(with: "cluster.local") == "web.apps.svc.cluster.local")
    }

    @Test("several host names in one text are all found")
    func severalHosts() {
        let text = """
            remote_write:
              - url: http://a.monitoring.svc.infra.local/write
              - url: http://b.monitoring.svc.cluster.local/write
            """
        #expect(ServiceHost.all(in: text).map(\.service) == ["a", "b"])
    }

    @Test(
        "a zone is mentioned only as a name of its own, not inside a host or a longer name",
        arguments: [
            ("infra.local:53 {\n  forward . 10.25.11.53\n}", true),
            ("server=/infra.local/10.25.11.53", true),
            ("local-zone: \"infra.local.\" transparent", true),
            ("url: http://a.b.svc.infra.local:80", false),
            ("myinfra.local", false),
            ("infra.localdomain", false),
            ("infra.local.lan", false),
        ]
    )
    func zoneMentions(_ text: String, _ expected: Bool) {
        #expect(CrossClusterUrl.mentions(text, zone: "infra.local") == expected)
    }

    // MARK: - net/global-service-incomplete

    private static func globalService(
        _ name: String = "postgres",
        namespace: String = "databases",
        annotations: String = "service.cilium.io/global: \"true\""
    ) -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
          namespace: \(namespace)
          annotations:
            \(annotations)
        spec:
          ports: [{port: 5432}]
          selector: {app: \(name)}
        """
    }

    private static func consumer(_ url: String) -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app, namespace: default}
        data:
          DATABASE_URL: \(url)
        """
    }

    private static func cilium(cluster: String, mesh: Bool) -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: cilium, namespace: kube-system}
        spec:
          chart: {spec: {chart: cilium, sourceRef: {kind: HelmRepository, name: cilium}}}
          values:
            cluster: {name: \(cluster), id: \(cluster == "infra" ? 1 : 2)}
            clustermesh: {useAPIServer: \(mesh)}
        """
    }

    private func findings(_ rule: any Rule.Type, _ files: [(path: String, text: String)]) throws -> [Diagnostic] {
        try ExampleRunner.run(rule, files: ExampleRunner.files(of: Example(files: files)))
    }

    @Test("a same-named Service explicitly annotated not global is left alone")
    func explicitlyLocal() throws {
        let found = try findings(
            GlobalServiceIncomplete.self,
            [
                ("clusters/infra/postgres.yaml", Self.globalService()),
                (
                    "clusters/apps/postgres.yaml",
                    Self.globalService(annotations: "service.cilium.io/global: \"false\"")
                ),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test("the canonical annotation decides over the legacy alias, as Cilium reads them")
    func canonicalKeyFirst() throws {
        let found = try findings(
            GlobalServiceIncomplete.self,
            [
                (
                    "clusters/infra/postgres.yaml",
                    Self.globalService(
                        annotations: "service.cilium.io/global: \"false\"\n    io.cilium/global-service: \"true\""
                    )
                ),
                ("clusters/apps/app.yaml", Self.consumer("postgres://postgres.databases.svc.cluster.local/app")),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test("the annotation value is read case-insensitively")
    func mixedCaseTrue() throws {
        let found = try findings(
            GlobalServiceIncomplete.self,
            [
                ("clusters/infra/postgres.yaml", Self.globalService(annotations: "service.cilium.io/global: \"True\"")),
                ("clusters/apps/app.yaml", Self.consumer("postgres://postgres.databases.svc.cluster.local/app")),
            ]
        )
        #expect(found.count == 1)
        #expect(found.first?.message.contains("'databases/postgres'") == true)
        #expect(found.first?.location?.path == "clusters/infra/postgres.yaml")
        #expect(found.first?.notes.first?.location?.path == "clusters/apps/app.yaml")
    }

    @Test("MCS-API names under clusterset.local are not global-Service consumers")
    func clustersetConsumer() throws {
        let found = try findings(
            GlobalServiceIncomplete.self,
            [
                ("clusters/infra/postgres.yaml", Self.globalService()),
                ("clusters/apps/app.yaml", Self.consumer("postgres://postgres.databases.svc.clusterset.local/app")),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test("a consumer is left alone when a HelmRelease or operator resource may render the Service")
    func renderedLocally() throws {
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: postgres, namespace: flux-system}
            spec:
              targetNamespace: databases
              chart: {spec: {chart: postgresql, sourceRef: {kind: HelmRepository, name: bitnami}}}
            """
        let operatorResource = """
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: {name: postgres, namespace: databases}
            spec:
              instances: 1
            """
        for owner in [release, operatorResource] {
            let found = try findings(
                GlobalServiceIncomplete.self,
                [
                    ("clusters/infra/postgres.yaml", Self.globalService("postgres-rw")),
                    ("clusters/apps/owner.yaml", owner),
                    ("clusters/apps/app.yaml", Self.consumer("postgres://postgres-rw.databases.svc/app")),
                ]
            )
            #expect(found.isEmpty)
        }
    }

    @Test("clusters whose Cilium has no ClusterMesh are not expected to share global Services")
    func notMeshed() throws {
        let files: [(path: String, text: String)] = [
            ("clusters/infra/postgres.yaml", Self.globalService()),
            ("clusters/infra/cilium.yaml", Self.cilium(cluster: "infra", mesh: true)),
            ("clusters/apps/cilium.yaml", Self.cilium(cluster: "apps", mesh: false)),
            ("clusters/apps/app.yaml", Self.consumer("postgres://postgres.databases.svc.cluster.local/app")),
        ]
        #expect(try findings(GlobalServiceIncomplete.self, files).isEmpty)
        var meshed = files
        meshed[2].text = Self.cilium(cluster: "apps", mesh: true)
        #expect(try findings(GlobalServiceIncomplete.self, meshed).count == 1)
    }

    @Test("a declaration shared by several clusters is reported once for the cluster that lacks it")
    func sharedDeclaration() throws {
        let files = ExampleRunner.files(
            of: Example(
                files: [
                    ("clusters/infra/kustomization.yaml", "resources: [../../shared]\n"),
                    ("clusters/edge/kustomization.yaml", "resources: [../../shared]\n"),
                    ("shared/kustomization.yaml", "resources: [postgres.yaml]\n"),
                    ("shared/postgres.yaml", Self.globalService()),
                    ("clusters/apps/app.yaml", Self.consumer("postgres://postgres.databases.svc.cluster.local/app")),
                ]
            )
        )
        let found = try ExampleRunner.run(GlobalServiceIncomplete.self, files: files)
        #expect(found.count == 1)
        #expect(found.first?.location?.path == "shared/postgres.yaml")
    }

    @Test("a Service global in every cluster, or used only where it is declared, is silent")
    func complete() throws {
        let found = try findings(
            GlobalServiceIncomplete.self,
            [
                ("clusters/infra/postgres.yaml", Self.globalService()),
                ("clusters/infra/app.yaml", Self.consumer("postgres://postgres.databases.svc.cluster.local/app")),
                ("clusters/apps/postgres.yaml", Self.globalService(annotations: "io.cilium/global-service: \"true\"")),
                ("clusters/apps/app.yaml", Self.consumer("postgres://postgres.databases.svc.cluster.local/app")),
                ("clusters/edge/app.yaml", Self.consumer("postgres://db.databases.svc.cluster.local/app")),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test("a consumer in HelmRelease values is found")
    func consumerInValues() throws {
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: grafana, namespace: monitoring}
            spec:
              chart: {spec: {chart: grafana, sourceRef: {kind: HelmRepository, name: grafana}}}
              values:
                env:
                  GF_DATABASE_HOST: postgres.databases.svc.cluster.local:5432
            """
        let found = try findings(
            GlobalServiceIncomplete.self,
            [
                ("clusters/infra/postgres.yaml", Self.globalService()),
                ("clusters/apps/grafana.yaml", release),
            ]
        )
        #expect(found.count == 1)
        #expect(found.first?.subject?.kind == "Service")
        #expect(found.first?.notes.first?.location?.path == "clusters/apps/grafana.yaml")
        #expect(found.first?.notes.first?.location?.line == 8)
    }

    // MARK: - net/cross-cluster-url

    private static let infraNamespace = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: monitoring}
        """

    @Test("a zone named after the cluster itself is left alone")
    func ownClusterZone() throws {
        let found = try findings(
            CrossClusterUrl.self,
            [
                ("clusters/infra/app.yaml", Self.consumer("http://vmselect.monitoring.svc.infra.local:8481")),
                ("clusters/apps/namespace.yaml", Self.infraNamespace),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test(
        "standard, templated and short names are left alone",
        arguments: [
            "http://vmselect.monitoring.svc.cluster.local:8481",
            "http://vmselect.monitoring.svc.clusterset.local:8481",
            "http://vmselect.monitoring.svc.${CLUSTER_DOMAIN}:8481",
            "http://vmselect.monitoring.svc:8481",
            "http://vmselect.monitoring:8481",
            "https://grafana.infra.example.com",
        ]
    )
    func standardNames(_ url: String) throws {
        let found = try findings(
            CrossClusterUrl.self,
            [
                ("clusters/infra/namespace.yaml", Self.infraNamespace),
                ("clusters/apps/app.yaml", Self.consumer(url)),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test("a zone served by a DNS configuration in the repository is left alone")
    func servedZone() throws {
        let corefile = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: coredns-custom, namespace: kube-system}
            data:
              infra.server: |
                infra.local:53 {
                  forward . 10.25.11.53
                }
            """
        let base: [(path: String, text: String)] = [
            ("clusters/infra/namespace.yaml", Self.infraNamespace),
            ("clusters/apps/app.yaml", Self.consumer("http://vmselect.monitoring.svc.infra.local:8481")),
        ]
        #expect(try findings(CrossClusterUrl.self, base).count == 1)
        #expect(try findings(CrossClusterUrl.self, base + [("clusters/apps/coredns.yaml", corefile)]).isEmpty)
        #expect(
            try findings(
                CrossClusterUrl.self,
                base + [("router/dnsmasq.conf", "# forwarders\nserver=/infra.local/10.25.11.53\n")]
            ).isEmpty
        )
    }

    @Test("another cluster's declared DNS domain is reported only when this cluster's domain is known")
    func otherClustersDomain() throws {
        func configuration(apps: Bool) -> String {
            """
            facts:
              networks:
                - cluster: infra
                  dnsDomain: k8s.infra
            """ + (apps ? "\n    - cluster: apps\n      dnsDomain: k8s.apps" : "")
        }
        func files(apps: Bool) -> [(path: String, text: String)] {
            [
                ("clusters/infra/namespace.yaml", Self.infraNamespace),
                ("clusters/apps/app.yaml", Self.consumer("http://vmselect.monitoring.svc.k8s.infra:8481")),
                ("strata.yaml", configuration(apps: apps)),
            ]
        }
        #expect(try findings(CrossClusterUrl.self, files(apps: false)).isEmpty)
        let found = try findings(CrossClusterUrl.self, files(apps: true))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("'vmselect.monitoring.svc.k8s.apps'") == true)
        #expect(found.first?.notes.first?.location?.path == "strata.yaml")
    }

    @Test("a host in HelmRelease values that names another cluster is reported at its scalar")
    func valuesHost() throws {
        let release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: grafana, namespace: monitoring}
            spec:
              chart: {spec: {chart: grafana, sourceRef: {kind: HelmRepository, name: grafana}}}
              values:
                datasources:
                  datasources.yaml:
                    datasources:
                      - name: metrics
                        url: http://vmselect-vmcluster.monitoring.svc.infra.cluster.local:8481/select/0/prometheus
            """
        let found = try findings(
            CrossClusterUrl.self,
            [
                ("clusters/infra/namespace.yaml", Self.infraNamespace),
                ("clusters/apps/grafana.yaml", release),
            ]
        )
        #expect(found.count == 1)
        #expect(found.first?.location?.line == 11)
        #expect(found.first?.location?.column == 18)
        #expect(found.first?.message.contains("names cluster 'infra'") == true)
    }
}
