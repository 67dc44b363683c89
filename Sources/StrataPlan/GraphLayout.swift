/// A simple layered drawing of a directed graph: one column per layer (longest-path layering, done by the
/// caller), nodes in a column ordered by the mean position of what points at them, then by name.
///
/// Everything is whole numbers and sorted, so the same graph always gives the same picture.
public struct GraphLayout: Sendable, Equatable {
    /// A node to place.
    public struct Node: Sendable, Equatable {
        /// Its id, unique in the graph.
        public var id: String
        /// Its column.
        public var layer: Int
        /// The text in its box.
        public var label: String
        /// A second, smaller line.
        public var detail: String
        /// Whether it is drawn highlighted.
        public var highlighted: Bool
        /// Whether it is drawn as missing (dashed).
        public var missing: Bool

        /// Creates a node.
        public init(
            id: String,
            layer: Int,
            label: String,
            detail: String = "",
            highlighted: Bool = false,
            missing: Bool = false
        ) {
            self.id = id
            self.layer = layer
            self.label = label
            self.detail = detail
            self.highlighted = highlighted
            self.missing = missing
        }
    }

    /// An edge to draw.
    public struct Edge: Sendable, Equatable {
        /// Where it starts.
        public var from: String
        /// Where it ends.
        public var to: String
        /// Whether it is drawn highlighted.
        public var highlighted: Bool
        /// Whether it is drawn dashed (a parent applying a child rather than a dependency).
        public var dashed: Bool

        /// Creates an edge.
        public init(from: String, to: String, highlighted: Bool = false, dashed: Bool = false) {
            self.from = from
            self.to = to
            self.highlighted = highlighted
            self.dashed = dashed
        }
    }

    /// A placed node: its box.
    public struct Box: Sendable, Equatable {
        /// The node.
        public var node: Node
        /// Left edge.
        public var x: Int
        /// Top edge.
        public var y: Int
    }

    /// The boxes, by column then row.
    public private(set) var boxes: [Box]
    /// The edges.
    public private(set) var edges: [Edge]
    /// The width of every box.
    public let boxWidth: Int
    /// The height of every box.
    public let boxHeight = 38
    /// The width of the whole drawing.
    public private(set) var width: Int
    /// The height of the whole drawing.
    public private(set) var height: Int

    /// Horizontal space between columns.
    static let columnGap = 44
    /// Vertical space between rows.
    static let rowGap = 14
    /// Space around the drawing.
    static let margin = 12
    /// Width of one character of the label font (12 px monospace).
    static let characterWidth = 7.3

    /// Places the nodes.
    public init(nodes: [Node], edges: [Edge]) {
        // The detail line is set smaller, at about 85% of the label's character width.
        let longest = nodes.map { max(Double($0.label.count), Double($0.detail.count) * 0.85) }.max() ?? 0
        boxWidth = max(Int((longest * Self.characterWidth).rounded(.up)) + 20, 80)
        var columns: [Int: [Node]] = [:]
        for node in nodes { columns[node.layer, default: []].append(node) }
        var row: [String: Double] = [:]
        var ordered: [[Node]] = []
        for layer in columns.keys.sorted() {
            let column = columns[layer] ?? []
            // The mean row of the nodes pointing here pulls a node next to them; ties fall back to the id.
            func pull(_ node: Node) -> Double {
                let sources = edges.filter { $0.to == node.id }.compactMap { row[$0.from] }
                return sources.isEmpty ? Double.infinity : sources.reduce(0, +) / Double(sources.count)
            }
            let sorted = column.sorted { (pull($0), $0.id) < (pull($1), $1.id) }
            for (index, node) in sorted.enumerated() { row[node.id] = Double(index) }
            ordered.append(sorted)
        }
        var boxes: [Box] = []
        for (column, nodes) in ordered.enumerated() {
            for (index, node) in nodes.enumerated() {
                boxes.append(
                    Box(
                        node: node,
                        x: Self.margin + column * (boxWidth + Self.columnGap),
                        y: Self.margin + index * (boxHeight + Self.rowGap)
                    )
                )
            }
        }
        self.boxes = boxes
        let known = Set(nodes.map(\.id))
        self.edges = edges.filter { known.contains($0.from) && known.contains($0.to) }
            .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        let rows = ordered.map(\.count).max() ?? 0
        width = 2 * Self.margin + max(ordered.count, 1) * boxWidth + max(ordered.count - 1, 0) * Self.columnGap
        height = 2 * Self.margin + max(rows, 1) * boxHeight + max(rows - 1, 0) * Self.rowGap
    }

    /// The box of a node.
    public func box(_ id: String) -> Box? {
        boxes.first { $0.node.id == id }
    }
}
