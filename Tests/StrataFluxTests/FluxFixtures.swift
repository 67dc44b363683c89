/// The bootstrap files of one cluster, as `flux bootstrap --path=clusters/<name>` writes them.
func bootstrap(_ cluster: String) -> [String: String] {
    [
        "clusters/\(cluster)/flux-system/gotk-sync.yaml": """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: flux-system
          namespace: flux-system
        spec:
          interval: 1m0s
          ref: {branch: main}
          url: ssh://git@example.com/fleet
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: flux-system
          namespace: flux-system
        spec:
          interval: 10m0s
          path: ./clusters/\(cluster)
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system

        """,
        "clusters/\(cluster)/flux-system/kustomization.yaml": "resources: [gotk-sync.yaml]\n",
    ]
}

/// A Flux Kustomization document in `flux-system`.
func fluxKustomization(_ name: String, path: String, extra: String = "") -> String {
    """
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: \(name)
      namespace: flux-system
    spec:
      interval: 10m
      path: \(path)
      prune: true
      sourceRef:
        kind: GitRepository
        name: flux-system
    \(extra)
    """
}
