import StrataPlatform
import Testing

@testable import StrataGenerate

@Suite("Layers")
struct LayerTests {
    @Test("A layer depends on the nearest present layers and drops edges another edge implies")
    func dependenciesSkipAbsentLayers() {
        let present: Set<Layer> = [.operators, .platform, .storage, .apps]
        #expect(RepositoryGenerator.dependencies(of: .apps, present: present) == [.storage])
        #expect(RepositoryGenerator.dependencies(of: .operators, present: present) == [])
        #expect(RepositoryGenerator.dependencies(of: .storage, present: present) == [.platform])
        let all = Set(Layer.allCases)
        #expect(RepositoryGenerator.dependencies(of: .observability, present: all) == [.network, .issuers, .storage])
    }
}

@Suite("Layer names")
struct LayerNameTests {
    @Test("The spec's Flux layer names are the generator's layers, in order")
    func specKnowsEveryLayer() {
        #expect(Layer.allCases.map(\.rawValue) == FluxSpec.layerNames)
    }
}
