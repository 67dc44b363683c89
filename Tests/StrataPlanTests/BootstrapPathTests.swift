import Testing

@testable import StrataPlan

@Suite("Flux bootstrap path")
struct BootstrapPathTests {
    @Test(
        "the timeout is spec.timeout, else the interval less 30 s, at least 30 s",
        arguments: [
            // 10 m interval: 600 − 30 = 570 s.
            (Double?(600), Double?(nil), 570.0),
            // 40 s interval: 40 − 30 = 10 s, raised to 30 s.
            (40, nil, 30),
            // An explicit 5 m timeout wins: 300 s.
            (600, 300, 300),
        ]
    )
    func timeout(interval: Double?, timeout: Double?, expected: Double) {
        #expect(BootstrapPath.timeout(interval: interval, timeout: timeout) == expected)
    }

    @Test("the critical path follows parents and dependencies, each layer costing its timeout when it waits")
    func criticalPath() {
        // root applies a, b, c, d. a waits 10 m; b depends on a and waits 5 m; c depends on a and b and does not
        // wait; d depends on something missing and waits 1 m.
        //   a: starts 0 (applied by root at 0), ready 600.
        //   b: starts 600 + 30 (requeue) = 630, ready 630 + 300 = 930.
        //   c: starts max(600 + 30, 930 + 30) = 960, ready 960 (no wait).
        //   d: starts 0, ready 60.
        // Critical path root → a → b → c, 960 s. One failed attempt on it adds the largest retry + cost:
        // root 600 + 0, a 120 + 600 = 720, b 60 + 300, c 60 + 0 → 720; 960 + 720 = 1,680 s.
        let nodes = [
            BootstrapPath.Node(
                id: "fs/root",
                parent: nil,
                dependsOn: [],
                waits: false,
                timeout: 570,
                retryInterval: 600
            ),
            BootstrapPath.Node(
                id: "fs/a",
                parent: "fs/root",
                dependsOn: [],
                waits: true,
                timeout: 600,
                retryInterval: 120
            ),
            BootstrapPath.Node(
                id: "fs/b",
                parent: "fs/root",
                dependsOn: ["fs/a"],
                waits: true,
                timeout: 300,
                retryInterval: 60
            ),
            BootstrapPath.Node(
                id: "fs/c",
                parent: "fs/root",
                dependsOn: ["fs/a", "fs/b"],
                waits: false,
                timeout: 300,
                retryInterval: 60
            ),
            BootstrapPath.Node(
                id: "fs/d",
                parent: "fs/root",
                dependsOn: ["fs/missing"],
                waits: true,
                timeout: 60,
                retryInterval: 60
            ),
        ]
        let path = BootstrapPath.compute(nodes)
        #expect(path.criticalPath == ["fs/root", "fs/a", "fs/b", "fs/c"])
        #expect(path.criticalPathSeconds == 960)
        #expect(path.withOneRetrySeconds == 1_680)
        let byID = Dictionary(uniqueKeysWithValues: path.kustomizations.map { ($0.id, $0) })
        #expect(byID["fs/b"]?.startSeconds == 630)
        #expect(byID["fs/b"]?.readySeconds == 930)
        #expect(byID["fs/c"]?.startSeconds == 960)
        #expect(byID["fs/d"]?.readySeconds == 60)
        #expect(byID["fs/d"]?.missingDependencies == ["fs/missing"])
        #expect(byID["fs/d"]?.critical == false)
        // Layers: root 0; a and d 1 (parent); b 2; c 3.
        #expect(
            path.kustomizations.map { "\($0.id):\($0.layer)" } == ["fs/root:0", "fs/a:1", "fs/d:1", "fs/b:2", "fs/c:3"]
        )
    }

    @Test("a dependency cycle does not hang the path")
    func cycle() {
        let nodes = [
            BootstrapPath.Node(id: "x", parent: nil, dependsOn: ["y"], waits: true, timeout: 60, retryInterval: 60),
            BootstrapPath.Node(id: "y", parent: nil, dependsOn: ["x"], waits: true, timeout: 60, retryInterval: 60),
        ]
        let path = BootstrapPath.compute(nodes)
        #expect(path.kustomizations.count == 2)
        #expect(!path.criticalPath.isEmpty)
    }
}
