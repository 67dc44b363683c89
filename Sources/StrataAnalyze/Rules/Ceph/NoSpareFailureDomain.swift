/// A Ceph pool uses every host with OSDs, leaving none to re-replicate onto after a host is lost.
struct NoSpareFailureDomain: Rule {
    static let description = RuleDescription(
        id: "ceph/no-spare-failure-domain",
        name: "No Spare Failure Domain",
        summary: "A pool's replica count or erasure-coding width equals the number of hosts with OSDs",
        rationale: """
            When a pool places one copy on every host, losing a host leaves its placement groups degraded \
            until the host comes back: CRUSH has no other host to rebuild the missing copies on. For \
            erasure-coded pools it is worse: with `min_size` at `k+1` (Ceph's default) an `m=1` pool stops \
            serving I/O as soon as one host is down. Rook's pool documentation recommends at least three hosts \
            for replicated pools and at least four for erasure coding \
            (https://rook.io/docs/rook/latest/CRDs/Block-Storage/ceph-block-pool-crd/); Ceph documents \
            `min_size` in https://docs.ceph.com/en/latest/rados/operations/pools/.
            """,
        remediation: """
            Add a host with OSDs so that one is spare, or accept the degraded window knowingly and silence \
            the finding for this pool.
            """,
        severity: .warning,
        passing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  storage:
                    useAllNodes: false
                    nodes:
                      - name: prod-01
                      - name: prod-02
                      - name: prod-03
                      - name: prod-04
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: replicapool, namespace: rook-ceph}
                spec:
                  replicated:
                    size: 3
                """
            )
        ],
        failing: [
            Example(
                """
                apiVersion: ceph.rook.io/v1
                kind: CephCluster
                metadata: {name: rook-ceph, namespace: rook-ceph}
                spec:
                  storage:
                    useAllNodes: false
                    nodes:
                      - name: prod-01
                      - name: prod-02
                      - name: prod-03
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephFilesystem
                metadata: {name: cephfs, namespace: rook-ceph}
                spec:
                  metadataPool:
                    replicated:
                      size: ↓3
                  dataPools:
                    - name: ec
                      erasureCoded:
                        ↓dataChunks: 2
                        codingChunks: 1
                """
            )
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for placement in CephInventory.shared(in: context).placements(facts: context.facts)
        where placement.required.count == placement.hosts.count {
            sink.report(
                "\(placement.pool.label) (\(placement.required.what)) uses all \(placement.hosts.count) hosts "
                    + "with OSDs: after one host fails its data cannot be re-replicated",
                at: placement.required.location,
                object: placement.pool.object,
                notes: [.init("hosts with OSDs are listed here", at: placement.hostsLocation)]
            )
        }
    }
}
