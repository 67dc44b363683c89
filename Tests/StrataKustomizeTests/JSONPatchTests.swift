import StrataCore
import StrataYAML
import Testing

@testable import StrataKustomize

@Suite("JSON 6902 patches")
struct JSONPatchTests {
    private let target = PatchYAML.parse(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          annotations: {a/b: x, "c~d": w}
        data:
          k: v
        list: [a, b, c]
        """,
        path: "target.yaml"
    )

    private func patch(_ text: String) throws -> YAMLNode {
        try JSONPatch.apply(JSONPatch.parse(PatchYAML.parse(text, path: "patch.yaml")), to: target)
    }

    private func list(_ node: YAMLNode) -> [String] {
        node["list"]?.items?.compactMap(\.string) ?? []
    }

    @Test("YAML and JSON spellings parse to the same operations")
    func parsing() throws {
        let yaml = try JSONPatch.parse(
            PatchYAML.parse("- op: move\n  from: /a\n  path: /b\n- op: add\n  path: /c\n  value: {x: 1}\n")
        )
        let json = try JSONPatch.parse(
            PatchYAML.parse(
                #"[{"op": "move", "from": "/a", "path": "/b"}, {"op": "add", "path": "/c", "value": {"x": 1}}]"#
            )
        )
        #expect(yaml.map(\.op) == [.move, .add])
        #expect(json.map(\.op) == yaml.map(\.op))
        #expect(json.map(\.path) == ["/b", "/c"])
        #expect(json[0].from == "/a")
        #expect(json[1].value == yaml[1].value)
    }

    @Test(
        "malformed patches are rejected with the operation's position",
        arguments: [
            "op: add\npath: /x\n",
            "- op: squash\n  path: /x\n",
            "- path: /x\n",
            "- op: add\n",
            "- op: move\n  path: /x\n",
            "- op: add\n  path: 5\n",
            "- just a string\n",
        ]
    )
    func malformed(_ text: String) {
        let error = #expect(throws: PatchError.self) { try JSONPatch.parse(PatchYAML.parse(text, path: "patch.yaml")) }
        #expect(error?.location?.path == "patch.yaml")
    }

    @Test("add inserts into objects and arrays, '-' appends and negative indices count from the end")
    func add() throws {
        #expect(list(try patch(#"[{"op": "add", "path": "/list/-", "value": "d"}]"#)) == ["a", "b", "c", "d"])
        #expect(list(try patch(#"[{"op": "add", "path": "/list/1", "value": "z"}]"#)) == ["a", "z", "b", "c"])
        #expect(list(try patch(#"[{"op": "add", "path": "/list/-1", "value": "n"}]"#)) == ["a", "b", "c", "n"])
        #expect(list(try patch(#"[{"op": "add", "path": "/list/-4", "value": "n"}]"#)) == ["n", "a", "b", "c"])
        let added = try patch(#"[{"op": "add", "path": "/data/new", "value": {"x": [1]}}]"#)
        #expect(added[path: ["data", "new"]] == PatchYAML.parse("{x: [1]}"))
        #expect(added[path: ["data", "k"]]?.string == "v")
    }

    @Test("remove, replace, move and copy, with ~0 and ~1 escapes")
    func otherOperations() throws {
        #expect(list(try patch(#"[{"op": "remove", "path": "/list/-1"}]"#)) == ["a", "b"])
        #expect(list(try patch(#"[{"op": "replace", "path": "/list/0", "value": "q"}]"#)) == ["q", "b", "c"])
        let moved = try patch(#"[{"op": "move", "from": "/metadata/annotations/a~1b", "path": "/data/moved"}]"#)
        #expect(moved[path: ["data", "moved"]]?.string == "x")
        #expect(moved[path: ["metadata", "annotations", "a/b"]] == nil)
        let copied = try patch(#"[{"op": "copy", "from": "/metadata/annotations/c~0d", "path": "/data/copied"}]"#)
        #expect(copied[path: ["data", "copied"]]?.string == "w")
        #expect(copied[path: ["metadata", "annotations", "c~d"]]?.string == "w")
    }

    @Test("kustomize's library is lenient: replace adds a missing key, copy of a missing key copies null")
    func leniencies() throws {
        #expect(
            try patch(#"[{"op": "replace", "path": "/data/missing", "value": 1}]"#)[path: ["data", "missing"]]?.int == 1
        )
        #expect(
            try patch(#"[{"op": "copy", "from": "/data/missing", "path": "/data/z"}]"#)[path: ["data", "z"]]?.isNull
                == true
        )
        #expect(
            try patch(#"[{"op": "add", "path": "data/top", "value": 1}]"#)["top"]?.int == 1,
            "the first segment is dropped"
        )
        #expect(try patch(#"[{"op": "add", "path": "/data/x"}]"#)[path: ["data", "x"]]?.isNull == true)
    }

    @Test("test compares content and passes for a missing key only against null")
    func test() throws {
        _ = try patch(#"[{"op": "test", "path": "/metadata/annotations", "value": {"c~d": "w", "a/b": "x"}}]"#)
        _ = try patch(#"[{"op": "test", "path": "/data/missing", "value": null}]"#)
        #expect(throws: PatchError.self) { try patch(#"[{"op": "test", "path": "/data/k", "value": "w"}]"#) }
        #expect(throws: PatchError.self) { try patch(#"[{"op": "test", "path": "/list/0", "value": 1}]"#) }
    }

    @Test(
        "failures carry the failing operation's position",
        arguments: [
            #"[{"op": "add", "path": "/data/ok", "value": 1},"# + "\n"
                + #" {"op": "remove", "path": "/data/missing"}]"#,
            #"[{"op": "add", "path": "/data/ok", "value": 1},"# + "\n"
                + #" {"op": "add", "path": "/nope/x", "value": 1}]"#,
            #"[{"op": "add", "path": "/data/ok", "value": 1},"# + "\n"
                + #" {"op": "add", "path": "/list/9", "value": 1}]"#,
            #"[{"op": "add", "path": "/data/ok", "value": 1},"# + "\n"
                + #" {"op": "replace", "path": "/list/3", "value": 1}]"#,
        ]
    )
    func failures(_ text: String) throws {
        let error = try #require(throws: PatchError.self) { try patch(text) }
        #expect(error.location == SourceLocation(path: "patch.yaml", line: 2, column: 2))
    }

    @Test("inserted values keep the patch's locations, untouched nodes the target's")
    func locations() throws {
        let result = try patch("- op: add\n  path: /data/new\n  value:\n    deep: 1\n")
        #expect(
            result[path: ["data", "new", "deep"]]?.location == SourceLocation(path: "patch.yaml", line: 4, column: 11)
        )
        #expect(result[path: ["data", "k"]]?.location?.path == "target.yaml")
        let null = try patch("- op: add\n  path: /data/n\n")
        #expect(null[path: ["data", "n"]]?.location == SourceLocation(path: "patch.yaml", line: 1, column: 3))
    }

    @Test("a patch that leaves no object is an error")
    func nonObject() {
        #expect(throws: PatchError.self) { try patch(#"[{"op": "replace", "path": "", "value": [1]}]"#) }
    }
}
