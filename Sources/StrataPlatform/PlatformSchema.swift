/// The JSON Schema of `platform.yaml`, for editors.
///
/// Editors pick it up through a `# yaml-language-server: $schema=…` comment. It is written from the
/// decoder's field table, so it accepts what the decoder accepts.
public enum PlatformSchema {
    /// The schema (JSON Schema draft 2020-12) as indented JSON text, ending with a newline; keys are in
    /// table order, so the text is the same on every run.
    public static func jsonSchema() -> String {
        var definitions: [(String, SpecJSON)] = []
        let root = PlatformFields.platform.shape.schema(definitions: &definitions)
        guard case .object(let body) = root else { return root.text() + "\n" }
        var entries: [(String, SpecJSON)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("urn:strata:platform")),
            ("title", .string("Strata platform.yaml")),
        ]
        entries.append(contentsOf: body)
        entries.append(("$defs", .object(definitions)))
        return SpecJSON.object(entries).text() + "\n"
    }

    /// A spec as JSON in the shape `platform.yaml` has, keys in table order: what the default text decodes
    /// from, and what editors validate.
    public static func json(of spec: PlatformSpec) -> String {
        PlatformFields.platform.write(spec).text() + "\n"
    }
}
