import Testing

@testable import StrataAnalyze

@Suite("Flux rules")
struct FluxRulesTests {
    @Test(
        "chart version constraints that admit several versions are ranges",
        arguments: [
            ("1.18.3", false), ("v1.21.1", false), ("1.0.0-rc.1", false), ("8.x.x", true), ("1.18.x", true),
            ("*", true), (">=1.0.0", true), ("^1.2.0", true), ("~1.2.0", true), (">=1.0.0 <2.0.0", true), ("", true),
        ]
    )
    func versionRanges(_ version: String, _ isRange: Bool) {
        #expect(ChartVersionRange.isRange(version) == isRange)
    }

    @Test(
        "a chart version folder is chosen for a constraint, or none for an exact version that is absent",
        arguments: [
            ("8.x.x", "8.7.2"), ("12.1.0", "12.1.0"), (nil, "12.1.0"), ("*", "12.1.0"), ("^8.0.0", "8.7.2"),
            (">=8.0.0", "12.1.0"), ("9.0.0", nil), ("~12.1.0", "12.1.0"),
        ] as [(String?, String?)]
    )
    func chartVersionFolders(_ constraint: String?, _ expected: String?) {
        #expect(ChartVersions.select(["8.15.0-x", "8.7.2", "12.1.0"], constraint: constraint) == expected)
    }

    @Test("a leading v in the folder or the constraint does not matter")
    func versionPrefix() {
        #expect(ChartVersions.select(["v1.21.1"], constraint: "1.21.1") == "v1.21.1")
        #expect(ChartVersions.select(["1.18.3"], constraint: "v1.18.3") == "1.18.3")
    }

    @Test("phase comparisons are found on either side and with either quote")
    func phases() {
        #expect(HealthCheckExpression.comparedPhases(in: "status.phase == 'Failed'") == ["Failed"])
        #expect(HealthCheckExpression.comparedPhases(in: #"status.phase != "Ready""#) == ["Ready"])
        #expect(HealthCheckExpression.comparedPhases(in: "'Ready' == status.phase && has(status.ceph)") == ["Ready"])
        #expect(HealthCheckExpression.comparedPhases(in: "status.conditions.filter(c, c.type == 'Ready')").isEmpty)
    }

    private func findings(_ rule: any Rule.Type, _ files: [(String, String)]) throws -> [String] {
        let marked = files.map { ExampleRunner.strip($0.1, path: $0.0) }
        return try ExampleRunner.run(rule, files: marked).map(\.message)
    }

    private static let web = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: web, namespace: flux-system}
        spec: {interval: 10m, path: ./apps/web, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
        """

    @Test("archived Kustomizations and patch fragments are not orphans")
    func orphanSilence() throws {
        let found = try findings(
            OrphanKustomization.self,
            [
                ("clusters/example/kustomization.yaml", "resources: []\n"),
                (".archive/web/ks.yaml", Self.web),
                ("apps/bootstrap/ks.yaml", Self.web),
                (
                    "apps/patches/interval.yaml",
                    "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: web}\nspec: {interval: 1h}\n"
                ),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test("an orphan is found next to an applied Kustomization")
    func orphanFound() throws {
        let found = try findings(
            OrphanKustomization.self,
            [
                ("clusters/example/kustomization.yaml", "resources: []\n"),
                ("apps/web/ks.yaml", Self.web),
            ]
        )
        #expect(found.count == 1)
    }

    @Test("a custom resource applied with its CRD by one Kustomization is ordered")
    func crdSameKustomization() throws {
        let found = try findings(
            CrdNotOrdered.self,
            [
                ("clusters/example/ks.yaml", Self.web),
                (
                    "apps/web/all.yaml",
                    """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: widgets.example.com}
                    spec: {group: example.com, names: {kind: Widget, plural: widgets}, scope: Namespaced}
                    ---
                    apiVersion: example.com/v1
                    kind: Widget
                    metadata: {name: one, namespace: shop}
                    """
                ),
            ]
        )
        #expect(found.isEmpty)
    }

    @Test(
        "CRD order is not judged for a Kustomization whose dependsOn names a missing one",
        arguments: [("    - name: volsnc\n", 0), ("", 1)]
    )
    func crdOrderWithMissingDependency(dependsOn: String, expected: Int) throws {
        let found = try findings(
            CrdNotOrdered.self,
            [
                (
                    "clusters/example/ks.yaml",
                    """
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata: {name: volsync, namespace: flux-system}
                    spec: {interval: 10m, path: ./infra/volsync, prune: true, wait: true, sourceRef: {kind: GitRepository, name: flux-system}}
                    ---
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata: {name: backups, namespace: flux-system}
                    spec:
                      dependsOn:
                    \(dependsOn.isEmpty ? "    - name: volsync-config\n" : dependsOn)  interval: 10m
                      path: ./apps/backups
                      prune: true
                      sourceRef: {kind: GitRepository, name: flux-system}
                    ---
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata: {name: volsync-config, namespace: flux-system}
                    spec: {interval: 10m, path: ./infra/config, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
                    """
                ),
                (
                    "infra/volsync/release.yaml",
                    """
                    apiVersion: helm.toolkit.fluxcd.io/v2
                    kind: HelmRelease
                    metadata: {name: volsync, namespace: volsync-system}
                    spec: {interval: 30m, chartRef: {kind: OCIRepository, name: volsync, namespace: flux-system}}
                    """
                ),
                (
                    "infra/config/config.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: media}\n"
                ),
                (
                    "apps/backups/source.yaml",
                    """
                    apiVersion: volsync.backube/v1alpha1
                    kind: ReplicationSource
                    metadata: {name: photos, namespace: media}
                    spec: {sourcePVC: photos, restic: {repository: photos-restic, copyMethod: Snapshot}}
                    """
                ),
            ]
        )
        #expect(found.count == expected, "\(found)")
    }

    @Test("a health check on a Deployment of a chart the Kustomization installs is not reported")
    func healthCheckOnChartObject() throws {
        let found = try findings(
            HealthCheckNotApplied.self,
            [
                (
                    "clusters/example/ks.yaml",
                    """
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata: {name: web, namespace: flux-system}
                    spec:
                      interval: 10m
                      path: ./apps/web
                      prune: true
                      sourceRef: {kind: GitRepository, name: flux-system}
                      healthChecks:
                        - {apiVersion: apps/v1, kind: Deployment, name: web, namespace: shop}
                    """
                ),
                (
                    "apps/web/release.yaml",
                    """
                    apiVersion: helm.toolkit.fluxcd.io/v2
                    kind: HelmRelease
                    metadata: {name: web, namespace: shop}
                    spec: {interval: 30m, chartRef: {kind: OCIRepository, name: web}}
                    """
                ),
            ]
        )
        #expect(found.isEmpty)
    }
}
