import Dispatch
import Foundation
import StrataCEL
public import StrataCore
public import StrataFlux
import StrataSchema
public import StrataYAML
import Synchronization

/// The schema stage of `check`: every object a cluster receives, validated against its CRD or JSON schema.
///
/// Schemas come from `--crds` and `strata.yaml` `crds` (files or directories of CRDs), from
/// CustomResourceDefinition objects the cluster itself applies (a CRD applied to one cluster validates only
/// that cluster's objects), and from kubeconform-style schema locations (`--schema-location`, `strata.yaml`
/// `schemaLocations`), which is how Kubernetes' own kinds are validated. `x-kubernetes-validations` rules are
/// evaluated by the CEL interpreter. Kinds without a schema are reported once each, at note severity.
public struct SchemaCheck: Sendable {
    /// Files or directories of CRDs, absolute.
    public var crdPaths: [String]
    /// Schema location templates.
    public var schemaLocations: [String]

    /// Creates the stage.
    public init(crdPaths: [String], schemaLocations: [String]) {
        self.crdPaths = crdPaths
        self.schemaLocations = schemaLocations
    }

    /// Validates every object of every cluster.
    ///
    /// - Parameters:
    ///   - repository: The loaded repository.
    ///   - sink: Receives `schema/*` findings.
    /// - Throws: When a CRD path cannot be read or a schema location template is invalid.
    public func run(_ repository: Repository, into sink: some DiagnosticSink) throws(StrataError) {
        var base = SchemaCatalog()
        for path in crdPaths {
            try base.addCRDs(atPath: path, into: sink)
        }
        for template in schemaLocations {
            try base.addSchemaLocation(template)
        }
        let shared = base
        let evaluator = CELRuleEvaluator()
        let tallies = Mutex<UnknownKindTally>(UnknownKindTally())
        let filtered = SubstitutionFilter(base: sink)
        let clusters = repository.clusters
        // One validator per cluster (its own CRDs join the shared ones), then the objects in chunks on every
        // core; findings are sorted later, so scheduling does not change the output.
        let validators = clusters.map { cluster -> SchemaValidator in
            var catalog = shared
            for object in cluster.objects where object.resource.kind == "CustomResourceDefinition" {
                catalog.add(crd: object.resource.node, into: filtered)
            }
            return SchemaValidator(catalog: catalog, evaluator: evaluator)
        }
        let chunk = 256
        var work: [(cluster: Int, range: Range<Int>)] = []
        for (index, cluster) in clusters.enumerated() {
            for start in stride(from: 0, to: cluster.objects.count, by: chunk) {
                work.append((index, start..<min(start + chunk, cluster.objects.count)))
            }
        }
        let items = work
        DispatchQueue.concurrentPerform(iterations: items.count) { item in
            let (index, range) = items[item]
            let objects = clusters[index].objects
            var tally = UnknownKindTally()
            for position in range where !objects[position].resource.isSOPSEncrypted {
                let node = objects[position].resource.node
                if validators[index].validate(node, into: filtered) == .unknownSchema { tally.record(node) }
            }
            tallies.withLock { $0.merge(tally) }
        }
        tallies.withLock { $0 }.report(into: sink, severity: .note)
    }

    /// The ids the stage reports.
    public static var ids: [String] { SchemaDiagnosticID.allCases.map(\.id) }
}

/// Drops value findings about text that still holds a `${VAR}` reference: the variable is substituted out of
/// band (the loader reports undefined variables itself), so its final value is unknown.
private struct SubstitutionFilter: DiagnosticSink {
    let base: any DiagnosticSink

    func emit(_ diagnostic: Diagnostic) {
        if diagnostic.message.contains("${") { return }
        base.emit(diagnostic)
    }
}

/// Evaluates CRD validation rules with the CEL interpreter.
struct CELRuleEvaluator: ValidationRuleEvaluator {
    func compile(rule: String, messageExpression: String?) -> (any CompiledValidationRule)? {
        let compiled = CELValidationRule(rule: rule, messageExpression: messageExpression)
        guard case .success = compiled.program else { return nil }
        return Compiled(rule: compiled)
    }

    private struct Compiled: CompiledValidationRule {
        let rule: CELValidationRule

        func evaluate(self value: YAMLNode) -> ValidationRuleResult {
            switch rule.validate(self: CELValue(node: value)) {
            case .passed, .skipped: .passed
            case .failed(let message): .failed(message: rule.messageExpression == nil ? nil : message)
            case .error(let message): .error(message)
            }
        }
    }
}
