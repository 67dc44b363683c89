public import StrataCore
public import StrataYAML

/// kustomize's `replicas:` field.
public enum ReplicaTransformer {
    /// Sets `spec.replicas` of the Deployments, ReplicationControllers, ReplicaSets and StatefulSets
    /// (``BuiltinFieldSpecs/replicas``) whose current or any earlier name is the entry's `name`.
    ///
    /// An entry that matches no object is an error, as in kustomize. The count carries the location of
    /// the entry's `count`.
    public static func apply(_ replicas: YAMLNode, to resources: inout [Resource], sink: some DiagnosticSink) {
        guard let items = replicas.items else {
            if !replicas.isNull {
                sink.emit("kustomize/invalid-replicas", .error, "'replicas' must be a list", at: replicas.location)
            }
            return
        }
        for item in items {
            guard let name = item["name"]?.string else {
                sink.emit("kustomize/invalid-replicas", .error, "a 'replicas' entry needs a 'name'", at: item.location)
                continue
            }
            let countNode = item["count"]
            guard let count = countNode.map({ $0.isNull ? 0 : $0.int }) ?? 0 else {
                sink.emit(
                    "kustomize/invalid-replicas",
                    .error,
                    "the 'count' of replicas entry '\(name)' must be an integer",
                    at: countNode?.location
                )
                continue
            }
            var found = false
            for spec in BuiltinFieldSpecs.replicas {
                for index in resources.indices {
                    let resource = resources[index]
                    guard resource.allIDs.contains(where: { $0.name == name }), spec.matches(resource) else { continue }
                    found = true
                    spec.walk(&resources[index].node, leaf: .scalar, location: countNode?.location ?? item.location) {
                        $0 = YAMLNode(.scalar(YAMLScalar(String(count))), location: countNode?.location ?? $0.location)
                    }
                }
            }
            if !found {
                let kinds = BuiltinFieldSpecs.replicas.map(\.kind).joined(separator: ", ")
                sink.emit(
                    "kustomize/replicas-target-not-found",
                    .error,
                    "no \(kinds) named '\(name)' for the replicas entry",
                    at: item["name"]?.location ?? item.location
                )
            }
        }
    }
}
