public import StrataCore
public import StrataYAML

/// RFC 6902 JSON patches as kustomize 5 applies them (through evanphx/json-patch v5).
///
/// The library's leniencies are kept because repositories rely on them: `replace` of a missing object key
/// adds it, negative array indices count from the end (`add` at `-1` appends), a path that does not start
/// with `/` loses its first segment, and `copy` from a missing key copies `null`. Values inserted by the patch
/// keep the patch's locations; everything else keeps the target's.
public enum JSONPatch {
    /// One operation of a patch.
    public struct Operation: Sendable {
        /// The six RFC 6902 operations.
        public enum Kind: String, Sendable, CaseIterable {
            /// Inserts a value (replacing an object member).
            case add
            /// Removes a value.
            case remove
            /// Replaces a value.
            case replace
            /// Moves a value from `from` to `path`.
            case move
            /// Copies a value from `from` to `path`.
            case copy
            /// Fails the patch unless the value at `path` equals `value`.
            case test
        }

        /// The operation.
        public var op: Kind
        /// The JSON pointer the operation applies to.
        public var path: String
        /// The operand of `add`, `replace` and `test`; `nil` means JSON `null`.
        public var value: YAMLNode?
        /// The source pointer of `move` and `copy`.
        public var from: String?
        /// Where the operation is written, for error messages.
        public var location: SourceLocation?

        /// Creates an operation.
        public init(
            op: Kind,
            path: String,
            value: YAMLNode? = nil,
            from: String? = nil,
            location: SourceLocation? = nil
        ) {
            self.op = op
            self.path = path
            self.value = value
            self.from = from
            self.location = location
        }
    }

    /// Parses a JSON 6902 patch given as YAML or JSON (a sequence of {op, path, value, from}).
    public static func parse(_ node: YAMLNode) throws(PatchError) -> [Operation] {
        guard let items = node.items else {
            throw PatchError("a JSON patch must be a list of operations", at: node.location)
        }
        var operations: [Operation] = []
        for item in items {
            guard item.isMapping else {
                throw PatchError("a JSON patch operation must be a mapping with 'op' and 'path'", at: item.location)
            }
            let location = item.location
            guard let opText = try stringField("op", of: item) else {
                throw PatchError("JSON patch operation has no 'op'", at: location)
            }
            guard let op = Operation.Kind(rawValue: opText) else {
                throw PatchError(
                    "unknown JSON patch operation '\(opText)' (expected add, remove, replace, move, copy or test)",
                    at: item["op"]?.location ?? location
                )
            }
            guard let path = try stringField("path", of: item) else {
                throw PatchError("JSON patch '\(opText)' operation has no 'path'", at: location)
            }
            let from = try stringField("from", of: item)
            if from == nil, op == .move || op == .copy {
                throw PatchError("JSON patch '\(opText)' operation has no 'from'", at: location)
            }
            operations.append(Operation(op: op, path: path, value: item["value"], from: from, location: location))
        }
        return operations
    }

    /// Applies the operations in order and returns the patched object.
    public static func apply(_ operations: [Operation], to target: YAMLNode) throws(PatchError) -> YAMLNode {
        var document = target
        for operation in operations {
            try apply(operation, to: &document)
        }
        guard document.isMapping else {
            throw PatchError("the JSON patch leaves something other than an object", at: operations.last?.location)
        }
        return document
    }

    // MARK: - Operations

    private static func apply(_ operation: Operation, to document: inout YAMLNode) throws(PatchError) {
        let path = operation.path
        let location = operation.location
        let value = (operation.value ?? .null).locatedDefaulting(to: location)
        switch operation.op {
        case .add:
            try add(value, at: path, in: &document, location: location, op: "add")
        case .remove:
            _ = try remove(at: path, in: &document, location: location, op: "remove")
        case .replace:
            if path.isEmpty {
                document = value
                return
            }
            let found = try withContainer(of: path, in: &document, location: location) {
                (container, key) throws(PatchError) in
                if container.isSequence {
                    guard let index = arrayIndex(key, count: container.items?.count ?? 0) else {
                        throw PatchError("replace: '\(path)' does not exist in the target", at: location)
                    }
                    container.modifyItems(at: index) { $0 = value }
                } else {
                    container.setMember(key, value, at: location)
                }
            }
            if !found {
                throw PatchError("replace: the parent of '\(path)' does not exist in the target", at: location)
            }
        case .move:
            let from = operation.from ?? ""
            let moved = try remove(at: from, in: &document, location: location, op: "move")
            try add(moved, at: path, in: &document, location: location, op: "move")
        case .copy:
            let from = operation.from ?? ""
            let copied = try lookup(at: from, in: document, location: location, op: "copy") ?? .null
            try add(copied.locatedDefaulting(to: location), at: path, in: &document, location: location, op: "copy")
        case .test:
            let actual: YAMLNode?
            if path.isEmpty {
                actual = document
            } else {
                actual = try lookup(at: path, in: document, location: location, op: "test")
            }
            let expected = operation.value ?? .null
            let passed: Bool
            if let actual {
                passed = actual == expected
            } else {
                passed = expected.isNull
            }
            if !passed {
                throw PatchError("test: the value at '\(path)' is not the expected one", at: location)
            }
        }
    }

    private static func add(
        _ value: YAMLNode,
        at path: String,
        in document: inout YAMLNode,
        location: SourceLocation?,
        op: String
    ) throws(PatchError) {
        let found = try withContainer(of: path, in: &document, location: location) {
            (container, key) throws(PatchError) in
            guard let items = container.items else {
                container.setMember(key, value, at: location)
                return
            }
            if key == "-" {
                container.insertItem(value, at: items.count)
                return
            }
            guard var index = Int(key) else {
                throw PatchError("\(op): '\(key)' in '\(path)' is not an array index", at: location)
            }
            let size = items.count + 1
            guard index < size, index >= -size else {
                throw PatchError("\(op): index \(key) in '\(path)' is out of range", at: location)
            }
            if index < 0 { index += size }
            container.insertItem(value, at: index)
        }
        if !found { throw PatchError("\(op): the parent of '\(path)' does not exist in the target", at: location) }
    }

    /// Removes and returns the value at `path`.
    private static func remove(
        at path: String,
        in document: inout YAMLNode,
        location: SourceLocation?,
        op: String
    ) throws(PatchError) -> YAMLNode {
        var removed = YAMLNode.null
        let found = try withContainer(of: path, in: &document, location: location) {
            (container, key) throws(PatchError) in
            if let items = container.items {
                guard var index = Int(key) else {
                    throw PatchError("\(op): '\(key)' in '\(path)' is not an array index", at: location)
                }
                guard index < items.count, index >= -items.count else {
                    throw PatchError("\(op): index \(key) in '\(path)' is out of range", at: location)
                }
                if index < 0 { index += items.count }
                removed = items[index]
                container.removeItem(at: index)
                return
            }
            guard let member = container[key] else {
                throw PatchError("\(op): '\(path)' does not exist in the target", at: location)
            }
            removed = member
            container.remove(key)
        }
        if !found { throw PatchError("\(op): the parent of '\(path)' does not exist in the target", at: location) }
        return removed
    }

    /// The value at `path`, or nil when its object member is missing (a bad array index is an error).
    private static func lookup(
        at path: String,
        in document: YAMLNode,
        location: SourceLocation?,
        op: String
    ) throws(PatchError) -> YAMLNode? {
        guard let (parents, key) = split(path) else {
            throw PatchError("\(op): '\(path)' does not exist in the target", at: location)
        }
        var node = document
        for part in parents {
            guard let child = child(part, of: node) else {
                throw PatchError("\(op): the parent of '\(path)' does not exist in the target", at: location)
            }
            node = child
        }
        if let items = node.items {
            guard let index = arrayIndex(key, count: items.count) else {
                throw PatchError("\(op): index \(key) in '\(path)' is out of range", at: location)
            }
            return items[index]
        }
        guard node.isMapping else {
            throw PatchError("\(op): the parent of '\(path)' does not exist in the target", at: location)
        }
        return node[key]
    }

    // MARK: - Pointers

    /// Splits a pointer into its parent segments and last segment, unescaping `~1` and `~0`.
    ///
    /// Like the Go library, the text before the first `/` is dropped, and a pointer without `/` addresses
    /// nothing.
    private static func split(_ path: String) -> ([String], String)? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            // Unescaping is slow even when there is nothing to unescape, and escapes are rare.
            let segment = String(part)
            guard segment.utf8.contains(UInt8(ascii: "~")) else { return segment }
            return segment.replacing("~1", with: "/").replacing("~0", with: "~")
        }
        guard segments.count >= 2, let last = segments.last else { return nil }
        return (Array(segments[1..<(segments.count - 1)]), last)
    }

    /// A valid index into an array of `count` items; negative indices count from the end.
    private static func arrayIndex(_ key: String, count: Int) -> Int? {
        guard var index = Int(key) else { return nil }
        if index < 0 {
            guard index >= -count else { return nil }
            index += count
        }
        return index < count ? index : nil
    }

    private static func child(_ key: String, of node: YAMLNode) -> YAMLNode? {
        if let items = node.items {
            guard let index = arrayIndex(key, count: items.count) else { return nil }
            return items[index]
        }
        guard node.isMapping, let value = node[key], value.isMapping || value.isSequence else { return nil }
        return value
    }

    /// Runs `body` on the container of the last segment of `path`; returns false when it does not exist.
    private static func withContainer(
        of path: String,
        in document: inout YAMLNode,
        location: SourceLocation?,
        _ body: (inout YAMLNode, String) throws(PatchError) -> Void
    ) throws(PatchError) -> Bool {
        guard let (parents, key) = split(path) else { return false }
        return try descend(parents[...], in: &document) { (container) throws(PatchError) in
            try body(&container, key)
        }
    }

    private static func descend(
        _ parents: ArraySlice<String>,
        in node: inout YAMLNode,
        _ body: (inout YAMLNode) throws(PatchError) -> Void
    ) throws(PatchError) -> Bool {
        guard let first = parents.first else {
            guard node.isMapping || node.isSequence else { return false }
            try body(&node)
            return true
        }
        guard child(first, of: node) != nil else { return false }
        var found = false
        var failure: PatchError?
        if node.isSequence, let index = arrayIndex(first, count: node.items?.count ?? 0) {
            node.modifyItems(at: index) { item in
                do throws(PatchError) {
                    found = try descend(parents.dropFirst(), in: &item, body)
                } catch {
                    failure = error
                }
            }
        } else {
            node.modify(first) { value in
                do throws(PatchError) {
                    found = try descend(parents.dropFirst(), in: &value, body)
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
        return found
    }

    /// Reads a string field of an operation; a present non-string value is an error.
    private static func stringField(_ name: String, of item: YAMLNode) throws(PatchError) -> String? {
        guard let node = item[name], !node.isNull else { return nil }
        guard let scalar = node.scalar, case .string = scalar.resolved else {
            throw PatchError("JSON patch field '\(name)' must be a string", at: node.location)
        }
        return scalar.text
    }
}

extension YAMLNode {
    /// Sets a mapping member with a string key (JSON object keys are strings).
    fileprivate mutating func setMember(_ key: String, _ value: YAMLNode, at location: SourceLocation?) {
        guard case .mapping(var pairs) = content else { return }
        if let index = pairs.lastIndex(where: { $0.key.scalar?.text == key }) {
            pairs[index].value = value
        } else {
            pairs.append(YAMLPair(key: .string(key, at: location), value: value))
        }
        content = .mapping(pairs)
    }

    fileprivate mutating func insertItem(_ value: YAMLNode, at index: Int) {
        guard case .sequence(var items) = content else { return }
        items.insert(value, at: index)
        content = .sequence(items)
    }

    fileprivate mutating func removeItem(at index: Int) {
        guard case .sequence(var items) = content else { return }
        items.remove(at: index)
        content = .sequence(items)
    }

    fileprivate mutating func modifyItems(at index: Int, _ body: (inout YAMLNode) -> Void) {
        guard case .sequence(var items) = content, items.indices.contains(index) else { return }
        content = .scalar(YAMLScalar(""))
        body(&items[index])
        content = .sequence(items)
    }
}
