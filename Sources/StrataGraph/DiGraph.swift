/// A small directed graph over hashable, comparable nodes, with deterministic algorithms.
///
/// Nodes are stored by index; every algorithm is O(V + E) and breaks ties by node order, so results do not
/// depend on insertion order or hashing.
public struct DiGraph<Node: Hashable & Comparable & Sendable>: Sendable {
    /// The nodes, in insertion order.
    public private(set) var nodes: [Node] = []
    private var index: [Node: Int] = [:]
    private var successors: [[Int]] = []

    /// Creates an empty graph.
    public init() {}

    /// Adds a node if it is not there yet; returns its index.
    @discardableResult
    public mutating func add(_ node: Node) -> Int {
        if let i = index[node] { return i }
        let i = nodes.count
        nodes.append(node)
        index[node] = i
        successors.append([])
        return i
    }

    /// Adds the edge `from → to` (adding both nodes when needed).
    public mutating func addEdge(from: Node, to: Node) {
        let a = add(from)
        let b = add(to)
        if !successors[a].contains(b) { successors[a].append(b) }
    }

    /// Whether the graph holds `node`.
    public func contains(_ node: Node) -> Bool { index[node] != nil }

    /// The direct successors of `node`, sorted.
    public func successors(of node: Node) -> [Node] {
        guard let i = index[node] else { return [] }
        return successors[i].map { nodes[$0] }.sorted()
    }

    /// All edges, sorted by source then target.
    public var edges: [(from: Node, to: Node)] {
        var out: [(from: Node, to: Node)] = []
        for (i, targets) in successors.enumerated() {
            for t in targets { out.append((nodes[i], nodes[t])) }
        }
        return out.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
    }

    /// A topological order (every edge's source before its target), smallest ready node first (Kahn);
    /// `nil` when the graph has a cycle.
    public func topologicalOrder() -> [Node]? {
        var indegree = Array(repeating: 0, count: nodes.count)
        for targets in successors { for t in targets { indegree[t] += 1 } }
        var ready = MinHeap<Node, Int>()
        for i in nodes.indices where indegree[i] == 0 { ready.push(nodes[i], i) }
        var order: [Node] = []
        order.reserveCapacity(nodes.count)
        while let (node, i) = ready.pop() {
            order.append(node)
            for t in successors[i] {
                indegree[t] -= 1
                if indegree[t] == 0 { ready.push(nodes[t], t) }
            }
        }
        return order.count == nodes.count ? order : nil
    }

    /// The cycles of the graph.
    ///
    /// Strongly connected components with more than one node, or a node with an edge to itself.
    /// Each cycle is given as a path that starts at its smallest node and follows edges back to it.
    public func cycles() -> [[Node]] {
        var result: [[Node]] = []
        for component in stronglyConnectedComponents() {
            if component.count == 1 {
                let i = component[0]
                if successors[i].contains(i) { result.append([nodes[i], nodes[i]]) }
                continue
            }
            result.append(cyclePath(through: component))
        }
        return result.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// A closed walk through a strongly connected component, from its smallest node back to it.
    private func cyclePath(through component: [Int]) -> [Node] {
        let members = Set(component)
        guard let start = component.min(by: { nodes[$0] < nodes[$1] }) else { return [] }
        // Breadth-first search for the shortest way back to `start` inside the component.
        var previous: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        var found: Int?
        search: while head < queue.count {
            let current = queue[head]
            head += 1
            for next in successors[current].sorted(by: { nodes[$0] < nodes[$1] }) where members.contains(next) {
                if next == start {
                    found = current
                    break search
                }
                if previous[next] == nil {
                    previous[next] = current
                    queue.append(next)
                }
            }
        }
        var path = [start]
        var cursor = found
        var reversed: [Int] = []
        while let c = cursor, c != start {
            reversed.append(c)
            cursor = previous[c]
        }
        path.append(contentsOf: reversed.reversed())
        path.append(start)
        return path.map { nodes[$0] }
    }

    /// Tarjan's algorithm, iterative; components as node indices.
    private func stronglyConnectedComponents() -> [[Int]] {
        var indexOf = Array(repeating: -1, count: nodes.count)
        var low = Array(repeating: 0, count: nodes.count)
        var onStack = Array(repeating: false, count: nodes.count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in nodes.indices where indexOf[root] == -1 {
            var work: [(node: Int, next: Int)] = [(root, 0)]
            indexOf[root] = counter
            low[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let (v, i) = work.last {
                if i < successors[v].count {
                    work[work.count - 1].next += 1
                    let w = successors[v][i]
                    if indexOf[w] == -1 {
                        indexOf[w] = counter
                        low[w] = counter
                        counter += 1
                        stack.append(w)
                        onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], indexOf[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                    if low[v] == indexOf[v] {
                        var component: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            component.append(w)
                            if w == v { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        return components
    }
}

/// A binary min-heap keyed by a comparable value, carrying a payload.
struct MinHeap<Key: Comparable, Payload> {
    private var items: [(Key, Payload)] = []

    mutating func push(_ key: Key, _ payload: Payload) {
        items.append((key, payload))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].0 < items[parent].0 else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Key, Payload)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var smallest = i
            if l < items.count && items[l].0 < items[smallest].0 { smallest = l }
            if r < items.count && items[r].0 < items[smallest].0 { smallest = r }
            if smallest == i { break }
            items.swapAt(i, smallest)
            i = smallest
        }
        return top
    }
}
