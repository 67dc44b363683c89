#!/usr/bin/env python3
"""Generate a synthetic Flux repository for benchmarks: N clusters x M apps.

The layout follows the common "shared apps/base plus per-cluster overlays" style:

    clusters/<cluster>/flux-system/       gotk-sync.yaml (GitRepository + Kustomization) and its kustomization
    clusters/<cluster>/settings/          the cluster-settings ConfigMap (a generator without hash)
    clusters/<cluster>/infrastructure.yaml  the Flux Kustomization for the namespaces
    clusters/<cluster>/apps.yaml          one Flux Kustomization per app, with dependsOn and postBuild
    infrastructure/namespaces/            one Namespace per app group
    apps/base/<app>/                      Deployment, Service, ServiceAccount, PVC, HelmRelease, OCIRepository
                                          and a configMapGenerator, shared by every cluster
    apps/components/{monitoring,ha}/      kustomize components rendered per app through ${APP}
    apps/overlays/<cluster>/<app>/        namespace, namePrefix, images, patches, components, a merging
                                          configMapGenerator, a secretGenerator and a replacement

`clusters/<cluster>` has no kustomization.yaml: Flux generates one, as it does in bootstrap repositories.
The same arguments always give the same bytes. The script prints how many Kubernetes objects the
repository holds once every cluster is built (about 10 per app and cluster: N=4, M=500 gives about
20,000). Standard library only.

Example (bench/out is ignored by git):

    python3 bench/generate.py bench/out/4x500 --clusters 4 --apps 500
"""

import argparse
import hashlib
import os
import random
import shutil
import sys

MARKER = ".strata-bench"

APP_NAMES = [
    "atuin", "audiobookshelf", "authelia", "bazarr", "booklore", "calibre", "changedetection", "cyberchef",
    "echo", "excalidraw", "filebrowser", "flaresolverr", "gatus", "gitea", "gotify", "grocy", "homebox",
    "homepage", "immich", "it-tools", "jellyfin", "jellyseerr", "kavita", "kometa", "lidarr", "linkding",
    "mealie", "memos", "miniflux", "navidrome", "nextcloud", "ntfy", "overseerr", "paperless", "photoprism",
    "plex", "prowlarr", "qbittorrent", "radarr", "readarr", "recyclarr", "sabnzbd", "searxng", "sonarr",
    "stirling-pdf", "syncthing", "tautulli", "thelounge", "uptime-kuma", "vaultwarden", "wallabag",
    "whoogle", "wikijs", "zigbee2mqtt",
]

NAMESPACES = [
    "media", "downloads", "home-automation", "productivity", "observability", "security", "tools",
    "documents", "games", "network-apps", "databases-apps", "dev",
]

CLUSTER_NAMES = ["home", "lab", "office", "edge", "backup", "cloud", "dev", "staging"]


def cluster_names(count):
    names = []
    for i in range(count):
        base = CLUSTER_NAMES[i % len(CLUSTER_NAMES)]
        names.append(base if i < len(CLUSTER_NAMES) else f"{base}-{i // len(CLUSTER_NAMES) + 1}")
    return names


def app_names(count):
    names = []
    for i in range(count):
        base = APP_NAMES[i % len(APP_NAMES)]
        names.append(base if i < len(APP_NAMES) else f"{base}-{i // len(APP_NAMES) + 1}")
    return names


def token(*parts):
    """A deterministic, harmless stand-in for a secret value."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:24]


class Writer:
    """Writes files below a root and counts them."""

    def __init__(self, root):
        self.root = root
        self.files = 0

    def write(self, relative, text):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        self.files += 1


def base_app(w, app, version):
    image = f"ghcr.io/example/{app}"
    w.write(f"apps/base/{app}/kustomization.yaml", f"""\
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
labels:
  - pairs:
      app.kubernetes.io/name: {app}
    includeSelectors: true
resources:
  - ./serviceaccount.yaml
  - ./deployment.yaml
  - ./service.yaml
  - ./pvc.yaml
  - ./ocirepository.yaml
  - ./helmrelease.yaml
configMapGenerator:
  - name: {app}-config
    envs:
      - ./config.env
""")
    w.write(f"apps/base/{app}/config.env", f"""\
APP_NAME={app}
LOG_FORMAT=json
LISTEN_PORT=8080
""")
    w.write(f"apps/base/{app}/serviceaccount.yaml", f"""\
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {app}
automountServiceAccountToken: false
""")
    w.write(f"apps/base/{app}/deployment.yaml", f"""\
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
spec:
  replicas: 1
  revisionHistoryLimit: 3
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app.kubernetes.io/component: server
  template:
    metadata:
      labels:
        app.kubernetes.io/component: server
    spec:
      serviceAccountName: {app}
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        runAsGroup: 1000
        fsGroup: 1000
      containers:
        - name: app
          image: {image}:{version}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: TZ
              value: ${{TIMEZONE}}
            - name: PUBLIC_URL
              value: https://${{APP}}.${{CLUSTER_DOMAIN}}
          envFrom:
            - configMapRef:
                name: {app}-config
            - secretRef:
                name: {app}-secret
          resources:
            requests:
              cpu: 10m
              memory: 64Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
          volumeMounts:
            - name: data
              mountPath: /data
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: {app}-data
""")
    w.write(f"apps/base/{app}/service.yaml", f"""\
---
apiVersion: v1
kind: Service
metadata:
  name: {app}
spec:
  selector:
    app.kubernetes.io/component: server
  ports:
    - name: http
      port: 80
      targetPort: http
""")
    w.write(f"apps/base/{app}/pvc.yaml", f"""\
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {app}-data
spec:
  accessModes: ["ReadWriteOnce"]
  storageClassName: ${{STORAGE_CLASS:=ceph-block}}
  resources:
    requests:
      storage: ${{VOLUME_SIZE:=5Gi}}
""")
    w.write(f"apps/base/{app}/ocirepository.yaml", f"""\
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: {app}-cache
spec:
  interval: 12h
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
    operation: copy
  ref:
    tag: 1.2.0
  url: oci://ghcr.io/example/charts/valkey
""")
    w.write(f"apps/base/{app}/helmrelease.yaml", f"""\
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: {app}-cache
spec:
  interval: 1h
  chartRef:
    kind: OCIRepository
    name: {app}-cache
  install:
    remediation:
      retries: -1
  upgrade:
    cleanupOnFail: true
    remediation:
      retries: 3
  values:
    fullnameOverride: {app}-cache
    persistence:
      enabled: false
    resources:
      requests:
        cpu: 5m
        memory: 32Mi
    podLabels:
      app.kubernetes.io/part-of: ${{APP}}
""")


def components(w):
    w.write("apps/components/monitoring/kustomization.yaml", """\
---
# Rendered once per app: ${APP} is set by each app's Flux Kustomization.
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - ./servicemonitor.yaml
patches:
  - target:
      kind: Deployment
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/ports/-
        value:
          name: metrics
          containerPort: 9090
""")
    w.write("apps/components/monitoring/servicemonitor.yaml", """\
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: ${APP}
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ${APP}
  endpoints:
    - port: metrics
      interval: 1m
""")
    w.write("apps/components/ha/kustomization.yaml", """\
---
# Two replicas and a disruption budget.
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - ./pdb.yaml
patches:
  - target:
      kind: Deployment
    patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: any
      spec:
        replicas: 2
        strategy:
          $patch: replace
          type: RollingUpdate
""")
    w.write("apps/components/ha/pdb.yaml", """\
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${APP}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${APP}
""")


def namespaces(w):
    names = "\n".join(f"  - ./{ns}.yaml" for ns in NAMESPACES)
    w.write("infrastructure/namespaces/kustomization.yaml", f"""\
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
{names}
""")
    for ns in NAMESPACES:
        w.write(f"infrastructure/namespaces/{ns}.yaml", f"""\
---
apiVersion: v1
kind: Namespace
metadata:
  name: {ns}
  annotations:
    kustomize.toolkit.fluxcd.io/prune: disabled
""")
    return len(NAMESPACES)


def cluster(w, index, name, apps, plan):
    w.write(f"clusters/{name}/flux-system/gotk-sync.yaml", f"""\
# This manifest was generated by flux. DO NOT EDIT.
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  secretRef:
    name: flux-system
  url: ssh://git@github.com/example/fleet
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 10m0s
  path: ./clusters/{name}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
""")
    w.write(f"clusters/{name}/flux-system/kustomization.yaml", """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - gotk-sync.yaml
""")
    w.write(f"clusters/{name}/settings/kustomization.yaml", f"""\
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: flux-system
configMapGenerator:
  - name: cluster-settings
    literals:
      - CLUSTER_NAME={name}
      - CLUSTER_DOMAIN={name}.example.com
      - TIMEZONE=Europe/Berlin
      - STORAGE_CLASS={"ceph-block" if index % 2 == 0 else "local-path"}
generatorOptions:
  disableNameSuffixHash: true
  annotations:
    kustomize.toolkit.fluxcd.io/substitute: disabled
""")
    w.write(f"clusters/{name}/infrastructure.yaml", """\
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: namespaces
  namespace: flux-system
spec:
  interval: 1h
  path: ./infrastructure/namespaces
  prune: false
  sourceRef:
    kind: GitRepository
    name: flux-system
  wait: true
""")
    documents = []
    for app in apps:
        p = plan[name][app]
        depends = ["    - name: namespaces"]
        if p["depends_on"]:
            depends.append(f"    - name: {p['depends_on']}")
        documents.append(f"""\
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: &app {app}
  namespace: flux-system
spec:
  dependsOn:
{chr(10).join(depends)}
  interval: 30m
  timeout: 5m
  path: ./apps/overlays/{name}/{app}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  wait: {"true" if p["wait"] else "false"}
  postBuild:
    substitute:
      APP: *app
      VOLUME_SIZE: {p["volume"]}
    substituteFrom:
      - kind: ConfigMap
        name: cluster-settings
""")
    w.write(f"clusters/{name}/apps.yaml", "".join(documents))
    # flux-system (2), cluster-settings (1), the namespaces Kustomization (1), one Kustomization per app.
    return 4 + len(apps)


def overlay(w, cluster_name, app, p):
    lines = [
        "---",
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        f"namespace: {p['namespace']}",
    ]
    if p["prefix"]:
        lines.append(f"namePrefix: {p['prefix']}")
    lines += ["resources:", f"  - ../../../base/{app}"]
    comps = [c for c in ("monitoring", "ha") if p[c]]
    if comps:
        lines.append("components:")
        lines += [f"  - ../../../components/{c}" for c in comps]
    lines += [
        "images:",
        f"  - name: ghcr.io/example/{app}",
        f"    newTag: {p['tag']}",
        "configMapGenerator:",
        f"  - name: {app}-config",
        "    behavior: merge",
        "    literals:",
        f"      - LOG_LEVEL={p['log_level']}",
        f"      - CLUSTER={cluster_name}",
        "secretGenerator:",
        f"  - name: {app}-secret",
        "    literals:",
        f"      - API_TOKEN={token(cluster_name, app)}",
        "patches:",
        "  - target:",
        "      kind: Deployment",
        f"      name: {app}",
        "    patch: |-",
        "      - op: replace",
        "        path: /spec/template/spec/containers/0/resources/limits/memory",
        f"        value: {p['memory']}",
    ]
    if p["prefix"]:
        # kustomize does not rename Flux references: keep the chart reference in step with the prefix.
        lines += [
            "replacements:",
            "  - source:",
            "      kind: OCIRepository",
            "      fieldPath: metadata.name",
            "    targets:",
            "      - select:",
            "          kind: HelmRelease",
            "        fieldPaths:",
            "          - spec.chartRef.name",
        ]
    w.write(f"apps/overlays/{cluster_name}/{app}/kustomization.yaml", "\n".join(lines) + "\n")
    # The base's seven objects, the generated Secret, and one object per component.
    return 8 + len(comps)


def make_plan(clusters, apps, rng):
    plan = {}
    for ci, c in enumerate(clusters):
        plan[c] = {}
        for ai, app in enumerate(apps):
            earlier = apps[max(0, ai - 20):ai]
            plan[c][app] = {
                "namespace": NAMESPACES[ai % len(NAMESPACES)],
                "prefix": f"{c}-" if ci % 2 == 1 else "",
                "monitoring": rng.random() < 0.6,
                "ha": rng.random() < 0.4,
                "tag": f"{1 + ai % 3}.{rng.randrange(0, 30)}.{rng.randrange(0, 10)}",
                "log_level": rng.choice(["info", "info", "debug", "warn"]),
                "memory": rng.choice(["256Mi", "512Mi", "1Gi"]),
                "volume": rng.choice(["1Gi", "5Gi", "10Gi", "20Gi"]),
                "wait": rng.random() < 0.3,
                "depends_on": rng.choice(earlier) if earlier and rng.random() < 0.4 else None,
            }
    return plan


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="directory to write the repository into (replaced if it was generated before)")
    parser.add_argument("--clusters", "-n", type=int, default=4, help="number of clusters (default 4)")
    parser.add_argument("--apps", "-m", type=int, default=500, help="number of apps per cluster (default 500)")
    args = parser.parse_args(argv)
    if args.clusters < 1 or args.apps < 1:
        parser.error("--clusters and --apps must be at least 1")

    root = os.path.abspath(args.output)
    if os.path.exists(root):
        if not os.path.isdir(root):
            parser.error(f"{args.output} exists and is not a directory")
        if os.listdir(root) and not os.path.exists(os.path.join(root, MARKER)):
            parser.error(f"{args.output} is not empty and was not made by this script; not replacing it")
        shutil.rmtree(root)
    os.makedirs(root)

    w = Writer(root)
    w.write(MARKER, f"clusters={args.clusters} apps={args.apps}\n")
    rng = random.Random(f"strata-bench:{args.clusters}:{args.apps}")
    clusters = cluster_names(args.clusters)
    apps = app_names(args.apps)
    plan = make_plan(clusters, apps, rng)

    objects = 0
    kustomizations = 0
    namespace_count = namespaces(w)
    kustomizations += 1
    components(w)
    for ai, app in enumerate(apps):
        base_app(w, app, f"1.{ai % 7}.0")
        kustomizations += 1
    for index, c in enumerate(clusters):
        objects += cluster(w, index, c, apps, plan)
        objects += namespace_count
        kustomizations += 2
        for app in apps:
            objects += overlay(w, c, app, plan[c][app])
            kustomizations += 1

    print(
        f"wrote {objects} objects ({len(clusters)} clusters x {len(apps)} apps) in {w.files} files, "
        f"{kustomizations} kustomization directories, to {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
