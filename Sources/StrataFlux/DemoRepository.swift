/// The embedded example: a two-cluster Flux repository in the layout of the seed platform (clusters
/// `infra` and `apps`, shared infrastructure layers and apps with per-cluster overlays), with two mistakes
/// a user would make — a `dependsOn` on a layer the apps cluster does not have, and a variable its
/// cluster settings do not define — so `strata demo` shows real findings.
public enum DemoRepository {
    /// The files, as (repository-relative path, content).
    public static let files: [(path: String, content: String)] = [
        (
            "apps/base/podinfo/deployment.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: podinfo
              labels:
                app.kubernetes.io/name: podinfo
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app.kubernetes.io/name: podinfo
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: podinfo
                spec:
                  containers:
                    - name: podinfo
                      image: ghcr.io/stefanprodan/podinfo:6.9.0
                      ports:
                        - name: http
                          containerPort: 9898
                      envFrom:
                        - configMapRef:
                            name: podinfo-env

            """
        ),
        (
            "apps/base/podinfo/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - deployment.yaml
              - service.yaml
            configMapGenerator:
              - name: podinfo-env
                literals:
                  - PODINFO_UI_MESSAGE=hello from ${CLUSTER_NAME}

            """
        ),
        (
            "apps/base/podinfo/service.yaml",
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: podinfo
            spec:
              selector:
                app.kubernetes.io/name: podinfo
              ports:
                - name: http
                  port: 9898
                  targetPort: http

            """
        ),
        (
            "apps/overlays/apps/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base/podinfo
            images:
              - name: ghcr.io/stefanprodan/podinfo
                newTag: 6.9.1
            patches:
              - target:
                  kind: Deployment
                  name: podinfo
                patch: |
                  - op: replace
                    path: /spec/replicas
                    value: ${PODINFO_REPLICAS}

            """
        ),
        (
            "apps/overlays/infra/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base/podinfo
            images:
              - name: ghcr.io/stefanprodan/podinfo
                newTag: 6.9.1
            patches:
              - target:
                  kind: Deployment
                  name: podinfo
                patch: |
                  - op: replace
                    path: /spec/replicas
                    value: ${PODINFO_REPLICAS}

            """
        ),
        (
            "clusters/apps/apps.yaml",
            """
            # The apps cluster consumes the infra cluster's storage, but this Kustomization still waits for a
            # 'storage' layer that only exists on the infra cluster: Flux would keep it DependencyNotReady forever.
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              dependsOn:
                - name: config
                - name: storage
              interval: 30m
              path: ./apps/overlays/apps
              prune: true
              targetNamespace: podinfo
              sourceRef:
                kind: GitRepository
                name: flux-system
              postBuild:
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-settings

            """
        ),
        (
            "clusters/apps/cluster-settings.yaml",
            """
            # Values every Kustomization of this cluster substitutes through postBuild.substituteFrom.
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cluster-settings
              namespace: flux-system
            data:
              CLUSTER_NAME: apps
              CLUSTER_ID: "2"
              POD_CIDR: 10.44.0.0/16
              LB_POOL_START: 10.0.21.10
              PODINFO_REPLICAS: "2"

            """
        ),
        (
            "clusters/apps/flux-system/gotk-sync.yaml",
            """
            # Written by flux bootstrap: the repository and the root Kustomization of cluster 'apps'.
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
              url: ssh://git@example.com/platform/fleet
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              interval: 10m0s
              path: ./clusters/apps
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system

            """
        ),
        (
            "clusters/apps/flux-system/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - gotk-sync.yaml

            """
        ),
        (
            "clusters/apps/infrastructure.yaml",
            """
            # The platform layers, in order: CRDs, then controllers, then their configuration.
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: crds
              namespace: flux-system
            spec:
              interval: 1h
              path: ./infrastructure/crds
              prune: false
              sourceRef:
                kind: GitRepository
                name: flux-system
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: controllers
              namespace: flux-system
            spec:
              dependsOn:
                - name: crds
              interval: 1h
              path: ./infrastructure/controllers
              prune: true
              wait: true
              timeout: 10m
              sourceRef:
                kind: GitRepository
                name: flux-system
              postBuild:
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-settings
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: config
              namespace: flux-system
            spec:
              dependsOn:
                - name: controllers
              interval: 1h
              path: ./infrastructure/config
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
              postBuild:
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-settings

            """
        ),
        (
            "clusters/infra/apps.yaml",
            """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              dependsOn:
                - name: config
              interval: 30m
              path: ./apps/overlays/infra
              prune: true
              targetNamespace: podinfo
              sourceRef:
                kind: GitRepository
                name: flux-system
              components:
                - ../../../components/high-availability
              postBuild:
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-settings

            """
        ),
        (
            "clusters/infra/cluster-settings.yaml",
            """
            # Values every Kustomization of this cluster substitutes through postBuild.substituteFrom.
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: cluster-settings
              namespace: flux-system
            data:
              CLUSTER_NAME: infra
              CLUSTER_ID: "1"
              POD_CIDR: 10.42.0.0/16
              LB_POOL_START: 10.0.20.10
              LB_POOL_STOP: 10.0.20.59
              PODINFO_REPLICAS: "3"

            """
        ),
        (
            "clusters/infra/flux-system/gotk-sync.yaml",
            """
            # Written by flux bootstrap: the repository and the root Kustomization of cluster 'infra'.
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
              url: ssh://git@example.com/platform/fleet
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              interval: 10m0s
              path: ./clusters/infra
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system

            """
        ),
        (
            "clusters/infra/flux-system/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - gotk-sync.yaml

            """
        ),
        (
            "clusters/infra/infrastructure.yaml",
            """
            # The platform layers, in order: CRDs, then controllers, then their configuration.
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: crds
              namespace: flux-system
            spec:
              interval: 1h
              path: ./infrastructure/crds
              prune: false
              sourceRef:
                kind: GitRepository
                name: flux-system
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: controllers
              namespace: flux-system
            spec:
              dependsOn:
                - name: crds
              interval: 1h
              path: ./infrastructure/controllers
              prune: true
              wait: true
              timeout: 10m
              sourceRef:
                kind: GitRepository
                name: flux-system
              postBuild:
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-settings
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: config
              namespace: flux-system
            spec:
              dependsOn:
                - name: controllers
              interval: 1h
              path: ./infrastructure/config
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
              postBuild:
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-settings

            """
        ),
        (
            "components/high-availability/kustomization.yaml",
            """
            # Spreads every Deployment it is applied to across nodes.
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            patches:
              - target:
                  kind: Deployment
                patch: |
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: any
                  spec:
                    template:
                      spec:
                        topologySpreadConstraints:
                          - maxSkew: 1
                            topologyKey: kubernetes.io/hostname
                            whenUnsatisfiable: ScheduleAnyway

            """
        ),
        (
            "infrastructure/config/lb-pool.yaml",
            """
            # Each cluster announces its own LoadBalancer range; the numbers come from cluster-settings.
            apiVersion: cilium.io/v2
            kind: CiliumLoadBalancerIPPool
            metadata:
              name: default-pool
            spec:
              blocks:
                - start: ${LB_POOL_START}
                  stop: ${LB_POOL_STOP}

            """
        ),
        (
            "infrastructure/controllers/cert-manager/helmrelease.yaml",
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: cert-manager
            spec:
              interval: 30m
              chartRef:
                kind: OCIRepository
                name: cert-manager
              values:
                crds:
                  enabled: true
                replicaCount: 2
                prometheus:
                  enabled: true
              valuesFrom:
                - kind: ConfigMap
                  name: cert-manager-values

            """
        ),
        (
            "infrastructure/controllers/cert-manager/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: cert-manager
            resources:
              - ocirepository.yaml
              - helmrelease.yaml
            configMapGenerator:
              - name: cert-manager-values
                files:
                  - values.yaml=values.yaml
            generatorOptions:
              disableNameSuffixHash: true

            """
        ),
        (
            "infrastructure/controllers/cert-manager/ocirepository.yaml",
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: cert-manager
            spec:
              interval: 12h
              url: oci://quay.io/jetstack/charts/cert-manager
              ref:
                tag: v1.18.2
              layerSelector:
                mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
                operation: copy

            """
        ),
        (
            "infrastructure/controllers/cert-manager/values.yaml",
            """
            # Cluster-specific values, merged before the inline values of the HelmRelease.
            webhook:
              replicaCount: 2
            podDnsConfig:
              nameservers: ["1.1.1.1"]

            """
        ),
        (
            "infrastructure/controllers/cilium/helmrelease.yaml",
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: cilium
              namespace: kube-system
            spec:
              interval: 12h
              url: https://helm.cilium.io
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: cilium
              namespace: kube-system
            spec:
              interval: 30m
              chart:
                spec:
                  chart: cilium
                  version: 1.18.1
                  sourceRef:
                    kind: HelmRepository
                    name: cilium
              values:
                cluster:
                  name: ${CLUSTER_NAME}
                  id: ${CLUSTER_ID}
                ipv4NativeRoutingCIDR: ${POD_CIDR}
                kubeProxyReplacement: true
                k8sServiceHost: 127.0.0.1
                k8sServicePort: 7445
                bgpControlPlane:
                  enabled: true

            """
        ),
        (
            "infrastructure/controllers/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - namespace.yaml
              - cert-manager
              - cilium/helmrelease.yaml

            """
        ),
        (
            "infrastructure/controllers/namespace.yaml",
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: cert-manager

            """
        ),
        (
            "infrastructure/crds/gateway-api.yaml",
            """
            # A trimmed CRD, vendored so custom resources can be applied after it.
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: gatewayclasses.gateway.networking.k8s.io
            spec:
              group: gateway.networking.k8s.io
              names:
                kind: GatewayClass
                plural: gatewayclasses
              scope: Cluster
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true

            """
        ),
        (
            "infrastructure/crds/kustomization.yaml",
            """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - gateway-api.yaml

            """
        ),
    ]
}
