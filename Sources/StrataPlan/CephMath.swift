/// The arithmetic of Ceph capacity: raw and usable space per pool, the full ratios, and what is left to
/// re-replicate onto after the largest failure domain is lost.
///
/// Every function is pure; the planner feeds it what the repository and the node facts say.
public enum CephMath {
    /// How a pool keeps its data: whole replicas, or erasure-coded data and coding chunks.
    public enum Protection: Sendable, Hashable {
        /// `replicated.size` copies, each in its own failure domain.
        case replicated(size: Int)
        /// `dataChunks` (k) plus `codingChunks` (m), each chunk in its own failure domain.
        case erasureCoded(dataChunks: Int, codingChunks: Int)

        /// The share of raw space that holds user data: 1/size, or k/(k+m).
        public var efficiency: Double {
            switch self {
            case .replicated(let size): size > 0 ? 1 / Double(size) : 0
            case .erasureCoded(let k, let m): k + m > 0 ? Double(k) / Double(k + m) : 0
            }
        }

        /// The copies or chunks one placement group writes: size, or k+m.
        public var width: Int {
            switch self {
            case .replicated(let size): size
            case .erasureCoded(let k, let m): k + m
            }
        }

        /// Ceph's default `min_size`, below which a placement group stops serving I/O: size − ⌊size/2⌋ for
        /// replicas (`osd_pool_default_min_size` 0), k+1 for erasure coding.
        public var defaultMinSize: Int {
            switch self {
            case .replicated(let size): size - size / 2
            case .erasureCoded(let k, _): k + 1
            }
        }

        /// How many copies or chunks can be lost without losing data: size−1, or m.
        public var tolerableLosses: Int {
            switch self {
            case .replicated(let size): max(size - 1, 0)
            case .erasureCoded(_, let m): m
            }
        }

        /// `replicated 3` or `erasure-coded 2+1`.
        public var label: String {
            switch self {
            case .replicated(let size): "replicated \(size)"
            case .erasureCoded(let k, let m): "erasure-coded \(k)+\(m)"
            }
        }
    }

    /// The fill ratios at which Ceph warns (`nearfull`), stops backfill (`backfillfull`) and stops writes (`full`).
    public struct Ratios: Sendable, Hashable, Codable {
        /// `mon_osd_nearfull_ratio`, Rook's `storage.nearFullRatio`: a health warning.
        public var nearfull: Double
        /// `mon_osd_backfillfull_ratio`, Rook's `storage.backfillFullRatio`: no backfill into an OSD above it.
        public var backfillfull: Double
        /// `mon_osd_full_ratio`, Rook's `storage.fullRatio`: no writes at all above it.
        public var full: Double

        /// Ceph's defaults: 0.85, 0.90 and 0.95.
        public static let cephDefaults = Ratios(nearfull: 0.85, backfillfull: 0.90, full: 0.95)

        /// Creates ratios.
        public init(nearfull: Double, backfillfull: Double, full: Double) {
            self.nearfull = nearfull
            self.backfillfull = backfillfull
            self.full = full
        }
    }

    /// One failure domain (a host, unless the pool says otherwise) and the OSD space in it.
    public struct Domain: Sendable, Hashable {
        /// The domain's name (the node's name for `host`).
        public var name: String
        /// The OSD daemons in it.
        public var osds: Int
        /// The raw bytes of those OSDs.
        public var bytes: Double

        /// Creates a domain.
        public init(name: String, osds: Int, bytes: Double) {
            self.name = name
            self.osds = osds
            self.bytes = bytes
        }
    }

    /// The domains that count: those holding at least one OSD with space; a host without OSDs holds no data.
    public static func dataDomains(_ domains: [Domain]) -> [Domain] {
        domains.filter { $0.osds > 0 && $0.bytes > 0 }
    }

    /// Raw space: the sum of the OSDs of the domains that hold OSDs.
    public static func raw(_ domains: [Domain]) -> Double {
        dataDomains(domains).reduce(0) { $0 + $1.bytes }
    }

    /// User data a pool could hold if it had the raw space to itself, filled up to `ratio` (1 for the nominal
    /// figure): raw × ratio × efficiency.
    public static func usable(raw: Double, protection: Protection, ratio: Double = 1) -> Double {
        raw * ratio * protection.efficiency
    }

    /// What a pool looks like once its largest failure domain is gone.
    public struct AfterLoss: Sendable, Hashable {
        /// The domain lost (the one with the most raw space; the first by name among equals).
        public var lost: String?
        /// Domains left that hold OSDs.
        public var remainingDomains: Int
        /// Raw space left.
        public var remainingRaw: Double
        /// Whether enough domains remain to place every copy or chunk again (`remainingDomains ≥ width`).
        public var canReReplicate: Bool
        /// User data that can be brought back to full redundancy: what fits in the remaining raw space at the
        /// backfillfull ratio; 0 when there are too few domains left to re-replicate onto.
        public var recoverableData: Double
        /// The share of the pool's nominal usable space that is safe to fill so that losing the largest domain
        /// can still be recovered from: `recoverableData ÷ usable(raw)`.
        public var safeFill: Double
    }

    /// The headroom to re-replicate after losing the largest failure domain.
    ///
    /// Backfill stops at the backfillfull ratio, so after the loss every byte of user data must fit, at the
    /// pool's efficiency, in the remaining raw space times that ratio; and each copy or chunk needs its own
    /// domain, so with fewer domains left than the pool's width nothing is re-replicated at all.
    public static func afterLosingLargest(
        _ domains: [Domain],
        protection: Protection,
        requiredDomains: Int? = nil,
        ratios: Ratios = .cephDefaults
    ) -> AfterLoss {
        let holding = dataDomains(domains)
        let raw = raw(holding)
        let largest = holding.max { ($0.bytes, $1.name) < ($1.bytes, $0.name) }
        let remainingRaw = raw - (largest?.bytes ?? 0)
        let remaining = max(holding.count - (largest == nil ? 0 : 1), 0)
        let canReReplicate = remaining >= (requiredDomains ?? protection.width)
        let recoverable =
            canReReplicate ? usable(raw: remainingRaw, protection: protection, ratio: ratios.backfillfull) : 0
        let nominal = usable(raw: raw, protection: protection)
        return AfterLoss(
            lost: largest?.name,
            remainingDomains: remaining,
            remainingRaw: remainingRaw,
            canReReplicate: canReReplicate,
            recoverableData: recoverable,
            safeFill: nominal > 0 ? recoverable / nominal : 0
        )
    }

    /// The state of a pool's placement groups after `lost` of its failure domains are gone, in the worst case
    /// where every lost domain held a copy or chunk of the same placement group.
    public enum PoolState: String, Sendable, Codable {
        /// Every copy is there.
        case healthy
        /// Copies are missing but at least `min_size` remain: I/O goes on, degraded.
        case degraded
        /// Fewer than `min_size` copies remain but the data still exists: I/O stops until domains return.
        case inactive
        /// More copies or chunks are lost than the pool tolerates: data is lost.
        case lost
    }

    /// The worst-case state of a pool after losing `lost` failure domains that held its data.
    public static func state(protection: Protection, minSize: Int? = nil, lost: Int) -> PoolState {
        let hit = min(max(lost, 0), protection.width)
        if hit == 0 { return .healthy }
        if hit > protection.tolerableLosses { return .lost }
        let remaining = protection.width - hit
        return remaining >= (minSize ?? protection.defaultMinSize) ? .degraded : .inactive
    }
}
