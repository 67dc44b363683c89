import Foundation
import StrataTestSupport
import Testing

@testable import StrataPlan

@Suite("Plan outputs")
struct PlanOutputTests {
    static let seed = Fixtures.plan("seed-as-written")
    static let correct = Fixtures.plan("correct")

    @Test("every format is byte-identical from one run to the next", arguments: ["seed-as-written", "correct"])
    func deterministic(fixture: String) {
        let first = Fixtures.plan(fixture)
        let second = Fixtures.plan(fixture)
        #expect(PlanText.render(first) == PlanText.render(second))
        #expect(PlanMarkdown.render(first) == PlanMarkdown.render(second))
        #expect(PlanJSON.render(first) == PlanJSON.render(second))
        #expect(PlanHTML.render(first) == PlanHTML.render(second))
    }

    @Test("the JSON reads back into the same plan, with the documented top-level fields")
    func json() throws {
        let text = PlanJSON.render(Self.seed)
        let decoded = try JSONDecoder().decode(Plan.self, from: Data(text.utf8))
        #expect(decoded == Self.seed)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "version", "assumptions", "calibration", "restoreThroughputBytesPerSecond", "clusters", "routers",
                "scenarios",
            ]
        )
        let clusters = try #require(object["clusters"] as? [[String: Any]])
        let memory = try #require((clusters.last?["memory"] as? [[String: Any]])?.first)
        #expect(memory["totalBytes"] is Double)
    }

    @Test("Markdown draws each cluster's graph and the network plan in Mermaid, the critical path in red")
    func markdown() {
        let text = PlanMarkdown.render(Self.seed)
        // Two clusters' graphs and the network plan.
        #expect(text.components(separatedBy: "```mermaid").count - 1 == 3)
        #expect(text.contains("linkStyle"))
        #expect(text.contains("class k0,"))
        #expect(text.contains("eBGP AS 65001 ↔ AS 65000"))
        #expect(text.contains("| scenario | what stops | data lost | recovery | objectives |"))
    }

    @Test("the HTML page is self-contained: inline style and SVG, nothing fetched, no script")
    func htmlSelfContained() {
        let page = PlanHTML.render(Self.seed)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<link"))
        #expect(!page.contains("url(http"))
        #expect(!page.contains("src="))
        // Every address in the page is an SVG namespace.
        let addresses = page.components(separatedBy: "http").count - 1
        #expect(addresses == page.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
        // Two dependency graphs, two clusters' capacity bars and the network plan.
        #expect(page.components(separatedBy: "<svg ").count - 1 == 5)
        #expect(page.contains("Failure scenarios"))
    }

    @Test("the dependency graph highlights each edge of the critical path and nothing else")
    func svgCriticalPath() throws {
        let infra = try #require(Self.seed.cluster("infra"))
        let layout = PlanSVG.layout(infra.bootstrap)
        let highlighted = layout.edges.filter(\.highlighted).map { "\($0.from)>\($0.to)" }
        let path = infra.bootstrap.criticalPath
        #expect(highlighted.sorted() == zip(path, path.dropFirst()).map { "\($0)>\($1)" }.sorted())
        let svg = PlanSVG.dependencyGraph(infra.bootstrap, title: "cluster infra")
        #expect(svg.components(separatedBy: "-critical)").count - 1 == highlighted.count)
    }

    @Test("the layered layout puts each layer in a column, ordered by what points at it, in whole pixels")
    func layout() {
        // a → c, b → d, a → d: layer 0 holds a and b (by id); c is pulled by a (row 0), d by a and b (row 0.5).
        let layout = GraphLayout(
            nodes: [
                .init(id: "d", layer: 1, label: "d"), .init(id: "b", layer: 0, label: "b"),
                .init(id: "c", layer: 1, label: "c"), .init(id: "a", layer: 0, label: "a"),
            ],
            edges: [.init(from: "a", to: "c"), .init(from: "b", to: "d"), .init(from: "a", to: "d")]
        )
        #expect(layout.boxes.map(\.node.id) == ["a", "b", "c", "d"])
        // Boxes are at least 80 wide and 38 high; columns 44 apart, rows 14 apart, a 12-pixel margin.
        #expect(layout.boxWidth == 80)
        #expect(layout.box("c")?.x == 12 + 80 + 44)
        #expect(layout.box("d")?.y == 12 + 38 + 14)
        #expect(layout.width == 12 * 2 + 80 * 2 + 44)
        #expect(layout.height == 12 * 2 + 38 * 2 + 14)
    }

    /// Chromium, where it is installed.
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        "headless Chromium loads the page and takes a full screenshot",
        .enabled(if: chromium != nil, "Chromium is not installed (apt-get install chromium)")
    )
    func chromiumScreenshot() throws {
        let directory = try TemporaryRepository(["plan.html": PlanHTML.render(Self.seed)])
        let picture = directory.path("plan.png")
        let result = try StrataProcess.runProcess(
            try #require(Self.chromium),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + directory.path("profile"), "--screenshot=" + picture,
                "--window-size=1400,2000", "file://" + directory.path("plan.html"),
            ]
        )
        #expect(result.code == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: picture))
        // A PNG of 1400 × 2000 pixels.
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1400 && height == 2000)
        // A blank page compresses to a few kilobytes; drawings and text make it far larger.
        #expect(data.count > 100_000, "screenshot is only \(data.count) bytes")
    }

    @Test("strata plan and strata graph -o svg run from the command line")
    func commandLine() throws {
        guard StrataProcess.executable != nil else { return }
        let seed = Fixtures.root + "/seed-as-written"
        let json = try StrataProcess.run(["plan", seed, "-o", "json"])
        #expect(json.code == 0, "\(json.stderr)")
        let decoded = try JSONDecoder().decode(Plan.self, from: Data(json.stdout.utf8))
        #expect(decoded.clusters.map(\.name) == ["apps", "infra"])
        let one = try StrataProcess.run(["plan", seed, "--cluster", "infra", "-o", "text"])
        #expect(one.code == 0)
        #expect(one.stdout.contains("== cluster infra =="))
        #expect(!one.stdout.contains("== cluster apps =="))
        let svg = try StrataProcess.run(["graph", seed, "-o", "svg"])
        #expect(svg.code == 0)
        #expect(svg.stdout.hasPrefix("<?xml"))
        #expect(svg.stdout.contains("cluster infra"))
        let bad = try StrataProcess.run(["plan", seed, "-o", "pdf"])
        #expect(bad.code == 2)
        // A strata.yaml that does not read is malformed input.
        let broken = try TemporaryRepository([
            "strata.yaml": "version: 1\nfacts:\n  restoreThroughput: fast\n",
            "clusters/a/kustomization.yaml": "resources: []\n",
        ])
        let invalid = try StrataProcess.run(["plan", broken.root])
        #expect(invalid.code == 2)
        #expect(invalid.stderr.contains("restoreThroughput"))
    }
}
