import StrataCEL
import StrataCore
import StrataYAML

/// Compiles and evaluates an expression, failing loudly on a compile error.
func evaluate(_ source: String, self value: CELValue = .null) -> CELEvaluation {
    switch CELProgram.compile(source) {
    case .success(let program): return program.evaluate(self: value)
    case .failure(let error): return .error("compile: \(error)")
    }
}

/// Loads the first YAML document of a text as a CEL value.
func yamlValue(_ text: String) -> CELValue {
    let docs = YAMLLoader.load(text, path: "t.yaml", into: DiagnosticCollector())
    return CELValue(node: docs.first?.root ?? .null)
}
