import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("labels and commonLabels")
struct LabelTransformerTests {
    static let objects = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector: {matchLabels: {x: v}}
                    topologyKey: k
                  preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 1
                    podAffinityTerm:
                      labelSelector: {matchLabels: {x: v}}
              topologySpreadConstraints:
              - labelSelector: {matchLabels: {x: v}}
              - maxSkew: 1
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: s}
        spec:
          volumeClaimTemplates:
          - metadata: {name: data}
          - spec: {}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec:
          jobTemplate:
            spec:
              selector: {matchLabels: {a: b}}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          selector: {matchLabels: {a: b}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: svc}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: np}
        spec:
          podSelector: {}
          ingress:
          - from:
            - podSelector: {matchLabels: {q: r}}
            - namespaceSelector: {}
          egress:
          - to:
            - podSelector: {matchLabels: {q: r}}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: pdb}
        spec:
          selector: {matchLabels: {a: b}}
        ---
        apiVersion: example.com/v1
        kind: Thing
        metadata:
          name: t
          labels: {app: old}
        spec:
          template: {metadata: {labels: {}}}
          selector: {matchLabels: {}}
        ---
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: rc}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: ds}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: pod}
        """

    @Test(
        "label fields for each combination of flags equal kubectl's",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed"),
        arguments: [
            "commonLabels:\n  app: web\n  \"on\": \"1\"\n",
            "labels:\n- pairs: {app: web}\n",
            "labels:\n- pairs: {app: web}\n  includeTemplates: true\n",
            "labels:\n- pairs: {app: web}\n  includeSelectors: true\n",
            "labels:\n- pairs: {app: web, tier: fe}\n  includeSelectors: true\n  includeTemplates: false\n- pairs: {x: z}\n",
        ]
    )
    func parity(_ kustomization: String) throws {
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": "resources: [res.yaml]\n" + kustomization, "res.yaml": Self.objects,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test(
        "null and empty label maps and selectors are filled as kubectl fills them",
        .enabled(if: KustomizeParity.isAvailable, "kubectl is not installed")
    )
    func nulls() throws {
        let objects = """
            apiVersion: v1
            kind: Service
            metadata:
              name: a
              labels:
            spec:
              selector:
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d, labels: {}}
            spec:
              selector: {matchLabels: null}
              template: {metadata: {labels: null}}
            """
        let diagnostics = try KustomizeParity.expectParity([
            "kustomization.yaml": "resources: [res.yaml]\ncommonLabels: {app: web}\ncommonAnnotations: {note: v}\n",
            "res.yaml": objects,
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test("new labels point at the kustomization, and created maps do too")
    func locations() throws {
        let at = SourceLocation(path: "kustomization.yaml", line: 3, column: 5)
        var resources = KustomizeParity.resources("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n")
        LabelTransformer.apply(
            [("app", "web")],
            includeSelectors: true,
            includeTemplates: false,
            at: at,
            to: &resources
        )
        let selector = try #require(resources[0].node[path: ["spec", "selector"]])
        #expect(selector["app"]?.location == at)
        #expect(selector.location == at)
        #expect(resources[0].labels == ["app": "web"])
    }
}
