/// A Ceph pool needs more failure domains than there are hosts with OSDs.
struct PoolExceedsFailureDomains: Rule {
    static let description = RuleDescription(
        id: "ceph/pool-exceeds-failure-domains",
        name: "Pool Exceeds Failure Domains",
        summary: "A pool's replica count or erasure-coding width is larger than the number of hosts with OSDs",
        rationale: """
            With the default `failureDomain: host`, CRUSH places every replica (or every erasure-coded chunk) \
            on a different host. A pool whose `size` (or `dataChunks + codingChunks`) is larger than the number \
            of hosts carrying OSDs can never place all its copies: its placement groups stay undersized or \
            inactive from the start. Rook's pool documentation asks for at least as many hosts as replicas \
            (https://rook.io/docs/rook/latest/CRDs/Block-Storage/ceph-block-pool-crd/), and Ceph explains \
            failure domains in https://docs.ceph.com/en/latest/rados/operations/crush-map/. Hosts are counted \
            from the CephCluster's `storage.nodes`, or from the node facts in `strata.yaml` with `useAllNodes`.
            """,
        remediation: """
            Lower the pool's `size` (or its `dataChunks`/`codingChunks`), add hosts with OSDs, or choose a \
            smaller failure domain (`osd`) knowing that one host can then hold several copies.
            """,
        severity: .error,
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
                  failureDomain: host
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
                ---
                apiVersion: ceph.rook.io/v1
                kind: CephBlockPool
                metadata: {name: replicapool, namespace: rook-ceph}
                spec:
                  replicated:
                    size: ↓3
                """
            ),
            Example(
                """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: rook-ceph-cluster, namespace: rook-ceph}
                spec:
                  interval: 1h
                  chart:
                    spec: {chart: rook-ceph-cluster, version: v1.18.4, sourceRef: {kind: HelmRepository, name: rook}}
                  values:
                    cephClusterSpec:
                      storage:
                        useAllNodes: false
                        nodes:
                          - name: prod-01
                          - name: prod-02
                          - name: prod-03
                    cephBlockPools: []
                    cephFileSystems: []
                    cephObjectStores:
                      - name: ceph-objectstore
                        spec:
                          metadataPool:
                            replicated: {size: 3}
                          dataPool:
                            erasureCoded:
                              ↓dataChunks: 2
                              codingChunks: 2
                """
            ),
        ]
    )

    func check(_ context: AnalysisContext, into sink: RuleSink) {
        for placement in CephInventory.shared(in: context).placements(facts: context.facts)
        where placement.required.count > placement.hosts.count {
            sink.report(
                "\(placement.pool.label) needs \(placement.required.count) hosts (\(placement.required.what)) "
                    + "but only \(placement.hosts.count) hosts have OSDs",
                at: placement.required.location,
                object: placement.pool.object,
                notes: [.init("hosts with OSDs are listed here", at: placement.hostsLocation)]
            )
        }
    }
}
