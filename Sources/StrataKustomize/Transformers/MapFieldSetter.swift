import StrataCore
import StrataYAML

/// Sets keys in the string maps (labels, annotations, selectors) that field specs reach.
enum MapFieldSetter {
    static func set(
        _ entries: [(key: String, value: String)],
        specs: [FieldSpec],
        at location: SourceLocation?,
        in resources: inout [Resource]
    ) {
        for index in resources.indices {
            for spec in specs.matching(resources[index]) {
                spec.walk(&resources[index].node, leaf: .mapping, location: location) { map in
                    if map.isNull { map = YAMLNode(.mapping([]), location: location ?? map.location) }
                    guard map.isMapping else { return }
                    for (key, value) in entries {
                        map.setEntry(key, .string(value, at: location))
                    }
                }
            }
        }
    }
}
