import StrataPlatform
import StrataYAML
import Testing

@testable import StrataGenerate

@Suite("Certificates")
struct CertificatesTests {
    @Test("cert-manager installs its CRDs and the issuers layer chains a self-signed root to a CA issuer")
    func issuers() throws {
        let spec = StorageFixture.secondSpec
        let repository = StorageFixture.generate(spec)
        for cluster in spec.clusters {
            let operators = StorageFixture.objects(repository, under: "infrastructure/\(cluster.name)/operators")
            let release = try #require(StorageFixture.object(operators, kind: "HelmRelease", name: "cert-manager"))
            #expect(release[path: ["spec", "values", "crds", "enabled"]]?.bool == true)
            let issuers = StorageFixture.objects(repository, under: "infrastructure/\(cluster.name)/issuers")
            let root = try #require(StorageFixture.object(issuers, kind: "Certificate", name: "lab-root-ca"))
            #expect(root[path: ["spec", "isCA"]]?.bool == true)
            #expect(root[path: ["spec", "issuerRef", "name"]]?.string == CertManager.selfSignedIssuer)
            let ca = try #require(StorageFixture.object(issuers, kind: "ClusterIssuer", name: "lab-ca"))
            #expect(ca[path: ["spec", "ca", "secretName"]]?.string == root[path: ["spec", "secretName"]]?.string)
            #expect(root[path: ["metadata", "namespace"]]?.string == CertManager.namespace)
        }
        let layers = StorageFixture.documents(repository, "clusters/web/layers.yaml")
        let issuersLayer = try #require(StorageFixture.object(layers, kind: "Kustomization", name: "issuers"))
        #expect(issuersLayer[path: ["spec", "dependsOn"]]?.items?.first?["name"]?.string == "operators")
    }
}
