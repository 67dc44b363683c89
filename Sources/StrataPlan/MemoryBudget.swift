/// One node's memory: the Ceph daemons that may run on it, its share of the workloads' declared requests and
/// the operating system's reserve, against the memory it has.
public struct MemoryBudget: Sendable, Hashable, Codable {
    /// The node.
    public var node: String
    /// Its memory, in bytes.
    public var memory: Double
    /// OSD daemons on it.
    public var osds: Int
    /// Memory each OSD may use: `osd_memory_target`, or the OSD memory limit, or the default.
    public var perOSD: Double
    /// Ceph monitor memory, when a monitor may run on the node.
    public var mon: Double
    /// Ceph manager memory, when a manager may run on the node.
    public var mgr: Double
    /// Ceph metadata server memory, when one may run on the node.
    public var mds: Double
    /// The node's share of the workloads' declared memory requests (DaemonSets on every node, the rest
    /// spread evenly).
    public var workloads: Double
    /// What the operating system and the kubelet keep for themselves.
    public var osReserve: Double

    /// Creates a budget.
    public init(
        node: String,
        memory: Double,
        osds: Int,
        perOSD: Double,
        mon: Double,
        mgr: Double,
        mds: Double,
        workloads: Double,
        osReserve: Double
    ) {
        self.node = node
        self.memory = memory
        self.osds = osds
        self.perOSD = perOSD
        self.mon = mon
        self.mgr = mgr
        self.mds = mds
        self.workloads = workloads
        self.osReserve = osReserve
    }

    /// The Ceph daemons' memory: OSDs × per-OSD memory + mon + mgr + mds.
    public var ceph: Double { Double(osds) * perOSD + mon + mgr + mds }

    /// Everything together: Ceph daemons + workloads + OS reserve.
    public var total: Double { ceph + workloads + osReserve }

    /// Memory left over; negative when the node is overcommitted.
    public var free: Double { memory - total }

    /// The share of the node's memory the budget uses.
    public var utilization: Double { memory > 0 ? total / memory : 0 }

    private enum CodingKeys: String, CodingKey {
        case node
        case memory = "memoryBytes"
        case osds
        case perOSD = "perOSDBytes"
        case mon = "monBytes"
        case mgr = "mgrBytes"
        case mds = "mdsBytes"
        case workloads = "workloadBytes"
        case osReserve = "osReserveBytes"
        case ceph = "cephBytes"
        case total = "totalBytes"
        case free = "freeBytes"
    }

    /// Decodes a budget; the sums are computed again.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            node: try container.decode(String.self, forKey: .node),
            memory: try container.decode(Double.self, forKey: .memory),
            osds: try container.decode(Int.self, forKey: .osds),
            perOSD: try container.decode(Double.self, forKey: .perOSD),
            mon: try container.decode(Double.self, forKey: .mon),
            mgr: try container.decode(Double.self, forKey: .mgr),
            mds: try container.decode(Double.self, forKey: .mds),
            workloads: try container.decode(Double.self, forKey: .workloads),
            osReserve: try container.decode(Double.self, forKey: .osReserve)
        )
    }

    /// Encodes the budget with its sums, every size in bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(node, forKey: .node)
        try container.encode(memory, forKey: .memory)
        try container.encode(osds, forKey: .osds)
        try container.encode(perOSD, forKey: .perOSD)
        try container.encode(mon, forKey: .mon)
        try container.encode(mgr, forKey: .mgr)
        try container.encode(mds, forKey: .mds)
        try container.encode(workloads, forKey: .workloads)
        try container.encode(osReserve, forKey: .osReserve)
        try container.encode(ceph, forKey: .ceph)
        try container.encode(total, forKey: .total)
        try container.encode(free, forKey: .free)
    }

    /// The operating system's reserve on a Talos control-plane node: the kubelet's `systemReserved` memory
    /// Talos sets (512Mi, `KubeletSystemReservedMemoryControlPlane` in siderolabs/talos
    /// pkg/machinery/constants) plus the kubelet's default hard eviction threshold (`memory.available<100Mi`).
    public static let talosControlPlaneReserve: Double = (512 + 100) * 1_048_576
}
