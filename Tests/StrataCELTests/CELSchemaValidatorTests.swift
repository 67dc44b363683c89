import Foundation
import StrataCEL
import StrataCore
import StrataYAML
import Testing

@Suite("Schema rule validation")
struct CELSchemaValidatorTests {
    private func load(_ text: String, _ path: String) throws -> YAMLNode {
        try #require(YAMLLoader.load(text, path: path, into: DiagnosticCollector()).first?.root)
    }

    private let schema = """
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
              - rule: "has(self.chart) != has(self.chartRef)"
                message: exactly one of chart and chartRef must be set
              - rule: "self.replicas <= self.maxReplicas"
                messageExpression: "'replicas ' + string(self.replicas) + ' exceeds ' + string(self.maxReplicas)"
                reason: FieldValueInvalid
              - rule: "self.replicas == oldSelf.replicas"
              - rule: "self.frob()"
            properties:
              chart: {type: string}
              chartRef: {type: object}
              replicas: {type: integer}
              maxReplicas: {type: integer}
              ports:
                type: array
                items:
                  type: object
                  x-kubernetes-validations:
                    - rule: "self.port > 0 && self.port < 65536"
                  properties:
                    port: {type: integer}
        """

    @Test("rules run where they are declared, report the API server's messages and point at the value")
    func validate() throws {
        let validator = CELSchemaValidator(schema: try load(schema, "schema.yaml"))
        #expect(validator.rules.count == 5)
        let object = try load(
            """
            apiVersion: v1
            kind: Thing
            spec:
              chart: podinfo
              chartRef: {name: x}
              replicas: 5
              maxReplicas: 3
              ports:
                - port: 80
                - port: 70000
            """,
            "thing.yaml"
        )
        let findings = validator.validate(object)
        let byRule = Dictionary(findings.map { ($0.rule, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(
            byRule["has(self.chart) != has(self.chartRef)"]?.outcome
                == .failed("exactly one of chart and chartRef must be set")
        )
        #expect(
            byRule["has(self.chart) != has(self.chartRef)"]?.location
                == SourceLocation(path: "thing.yaml", line: 4, column: 3)
        )
        let replicas = try #require(byRule["self.replicas <= self.maxReplicas"])
        #expect(replicas.outcome == .failed("replicas 5 exceeds 3"))
        #expect(replicas.reason == "FieldValueInvalid")
        guard case .skipped = byRule["self.replicas == oldSelf.replicas"]?.outcome else {
            Issue.record("transition rule should be skipped")
            return
        }
        guard case .skipped = byRule["self.frob()"]?.outcome else {
            Issue.record("an unsupported rule should be skipped")
            return
        }
        let port = try #require(byRule["self.port > 0 && self.port < 65536"])
        #expect(port.fieldPath == "spec.ports[1]")
        #expect(port.outcome == .failed("failed rule: self.port > 0 && self.port < 65536"))
        #expect(port.location?.line == 10)
        #expect(findings.count == 5)

        let passing = try load("spec: {chart: podinfo, replicas: 1, maxReplicas: 3, ports: [{port: 80}]}\n", "ok.yaml")
        let outcomes = validator.validate(passing).map(\.outcome)
        #expect(outcomes.allSatisfy { if case .skipped = $0 { true } else { false } })
        #expect(validator.validate(passing, includePassed: true).filter { $0.outcome == .passed }.count == 3)
    }
}
