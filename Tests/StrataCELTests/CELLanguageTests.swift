import Testing

@testable import StrataCEL

@Suite("CEL language")
struct CELLanguageTests {
    @Test(
        "literals evaluate to their values",
        arguments: [
            ("42", CELValue.int(42)), ("-9223372036854775808", .int(Int64.min)), ("0x1F", .int(31)), ("7u", .uint(7)),
            ("1.5", .double(1.5)), ("1e3", .double(1000)), (".5", .double(0.5)), ("'a\\nb'", .string("a\nb")),
            ("\"\\u00e9\\x41\\101\"", .string("éAA")), ("r'a\\nb'", .string("a\\nb")), ("'''x'y'''", .string("x'y")),
            ("\"\"\"two\nlines\"\"\"", .string("two\nlines")), ("b'\\xff\\x00'", .bytes([255, 0])),
            ("true", .bool(true)),
            ("null", .null), ("['a', 'b']", .list([.string("a"), .string("b")])),
            ("{'k': 1}['k']", .int(1)), ("{1: 'x'}[1u]", .string("x")),
        ] as [(String, CELValue)]
    )
    func literals(source: String, expected: CELValue) {
        #expect(evaluate(source) == .value(expected))
    }

    @Test(
        "operators follow CEL arithmetic, comparison and membership",
        arguments: [
            ("1 + 2 * 3 - 4 / 2", CELValue.int(5)), ("7 % 3", .int(1)), ("-7 / 2", .int(-3)), ("5u - 2u", .uint(3)),
            ("1.0 / 4.0", .double(0.25)), ("'ab' + 'c'", .string("abc")), ("[1] + [2]", .list([.int(1), .int(2)])),
            ("1 == 1.0", .bool(true)), ("1u == 1", .bool(true)), ("1 < 1.5", .bool(true)), ("2u > 1", .bool(true)),
            ("'a' < 'b'", .bool(true)), ("[1, 2] == [1, 2]", .bool(true)), ("{'a': 1} == {'a': 1.0}", .bool(true)),
            ("1 == 'a'", .bool(false)), ("2 in [1, 2]", .bool(true)), ("'k' in {'k': 1}", .bool(true)),
            ("!true", .bool(false)), ("true ? 1 : 2", .int(1)), ("false ? 1 : 2 + 3", .int(5)),
            ("size('héllo')", .int(5)), ("'héllo'.size()", .int(5)), ("size([1,2,3])", .int(3)),
            ("size({'a': 1})", .int(1)),
            ("size(b'ab')", .int(2)), ("0.0 / 0.0 == 0.0 / 0.0", .bool(false)),
        ] as [(String, CELValue)]
    )
    func operators(source: String, expected: CELValue) {
        #expect(evaluate(source) == .value(expected))
    }

    @Test(
        "runtime errors: overflow, division by zero, bad index, missing key, bad overload",
        arguments: [
            "9223372036854775807 + 1", "-9223372036854775807 - 2", "9223372036854775807 * 2", "1 / 0", "1 % 0",
            "0u - 1u", "-(-9223372036854775808)", "[1][1]", "[1][-1]", "{'a': 1}['b']", "{'a': 1}.b", "1 + 1u",
            "'a' < 1", "!1", "1 ? 2 : 3", "int('x')", "int(1e19)", "uint(-1)", "duration(self)", "timestamp(self)",
            "{'a': 1, 'a': 2}", "'abc'.substring(2, 1)", "'abc'.charAt(4)",
        ]
    )
    func errors(source: String) {
        guard case .error = evaluate(source) else {
            Issue.record("expected an error from \(source), got \(evaluate(source))")
            return
        }
    }

    @Test("&& and || absorb an error when the other side decides, in either order")
    func commutativeLogic() {
        let err = "{'a': 1}.b == 1"
        #expect(evaluate("true || \(err)") == .value(.bool(true)))
        #expect(evaluate("\(err) || true") == .value(.bool(true)))
        #expect(evaluate("false && \(err)") == .value(.bool(false)))
        #expect(evaluate("\(err) && false") == .value(.bool(false)))
        #expect(evaluate("false || \(err)") == .error("no such key: b"))
        #expect(evaluate("\(err) || false") == .error("no such key: b"))
        #expect(evaluate("true && \(err)") == .error("no such key: b"))
        #expect(evaluate("[1, 0].all(x, 1 / x > 0)") == .error("division by zero"))
        #expect(evaluate("[0, -1].all(x, 1 / x > 0)") == .value(.bool(false)))
        #expect(evaluate("[0, 1].exists(x, 1 / x > 0)") == .value(.bool(true)))
    }

    @Test("has() tests presence of object fields and map keys, including escaped property names")
    func presence() {
        let obj = CELValue.map(
            CELMap(strings: [
                ("a", .int(1)), ("namespace", .string("ns")), ("x-y", .int(2)),
                ("m", .map(CELMap(strings: [("k", .int(1))]))),
            ])
        )
        #expect(evaluate("has(self.a)", self: obj) == .value(.bool(true)))
        #expect(evaluate("has(self.b)", self: obj) == .value(.bool(false)))
        #expect(evaluate("has(self.m.k) && !has(self.m.z)", self: obj) == .value(.bool(true)))
        #expect(evaluate("self.__namespace__ == 'ns' && has(self.__namespace__)", self: obj) == .value(.bool(true)))
        #expect(evaluate("self.x__dash__y", self: obj) == .value(.int(2)))
        #expect(evaluate("self.b", self: obj) == .error("no such key: b"))
        #expect(evaluate("has(self.a.b)", self: obj) != .value(.bool(false)))
    }

    @Test("macros: all, exists, exists_one, map with and without a filter, filter, two-variable forms")
    func macros() {
        #expect(evaluate("[1, 2, 3].all(x, x > 0)") == .value(.bool(true)))
        #expect(evaluate("[1, 2, 3].exists(x, x > 2)") == .value(.bool(true)))
        #expect(evaluate("[1, 2, 3].exists_one(x, x > 1)") == .value(.bool(false)))
        #expect(evaluate("[1, 2, 3].map(x, x * 2)") == .value(.list([.int(2), .int(4), .int(6)])))
        #expect(evaluate("[1, 2, 3].map(x, x > 1, x * 10)") == .value(.list([.int(20), .int(30)])))
        #expect(evaluate("[1, 2, 3].filter(x, x != 2)") == .value(.list([.int(1), .int(3)])))
        #expect(evaluate("{'a': 1, 'b': 2}.all(k, k.size() == 1)") == .value(.bool(true)))
        #expect(evaluate("{'a': 1, 'b': 2}.filter(k, k == 'b')") == .value(.list([.string("b")])))
        #expect(evaluate("[5, 6].all(i, v, v == i + 5)") == .value(.bool(true)))
        #expect(
            evaluate("[1, 2].map(x, [1, 2].map(x, x))")
                == .value(.list([.list([.int(1), .int(2)]), .list([.int(1), .int(2)])]))
        )
    }

    @Test("compile errors separate syntax errors from unsupported features")
    func compileErrors() throws {
        let syntax = try #require(CELProgram.compile("1 +").failureValue)
        #expect(!syntax.unsupported)
        #expect(syntax.offset == 3)
        for bad in [
            "[1, 'a']", "[1, 2.0]", "{'a': 1, 'b': 'c'}", "duration('1x')", "timestamp('2024-13-01T00:00:00Z')",
            "9223372036854775808", "'unterminated", "a = 1", "'\\q'", "1 ? 2", "[1, 2", "self.", "self..x",
        ] {
            let error = try #require(CELProgram.compile(bad).failureValue, "\(bad) should not compile")
            #expect(!error.unsupported, "\(bad)")
        }
        let reserved = try #require(CELProgram.compile("self.if").failureValue)
        #expect(!reserved.unsupported)
        let undeclared = try #require(CELProgram.compile("foo == 1").failureValue)
        #expect(!undeclared.unsupported)
        let badHas = try #require(CELProgram.compile("has(self)").failureValue)
        #expect(!badHas.unsupported)
        let unknown = try #require(CELProgram.compile("self.frobnicate()").failureValue)
        #expect(unknown.unsupported)
        #expect(unknown.offset == 5)
        let message = try #require(CELProgram.compile("Foo{a: 1}").failureValue)
        #expect(message.unsupported)
        let badRegex = try #require(CELProgram.compile("'a'.matches('(a')").failureValue)
        #expect(!badRegex.unsupported)
        let backref = try #require(CELProgram.compile("'aa'.matches('(a)\\\\1')").failureValue)
        #expect(!backref.unsupported)
        for pattern in ["a*+", "(?=a)", "(?>a)", "[a"] {
            let error = try #require(CELProgram.compile("'a'.matches('\(pattern)')").failureValue, "\(pattern)")
            #expect(!error.unsupported, "\(pattern)")
        }
        #expect(try #require(CELProgram.compile("'a'.matches('(?U)a+')").failureValue).unsupported)
        #expect(evaluate("'a1+'.matches('^a*\\\\d+\\\\+$')") == .value(.bool(true)))
    }

    @Test("rules that read oldSelf are transition rules and are skipped")
    func transitionRules() throws {
        let program = try CELProgram.compile("self == oldSelf").get()
        #expect(program.isTransitionRule)
        guard case .skipped = program.evaluate(self: .int(1)) else {
            Issue.record("a transition rule must be skipped")
            return
        }
        #expect(try !CELProgram.compile("[1].all(oldSelf, oldSelf > 0)").get().isTransitionRule)
    }

    @Test("the step budget stops runaway expressions")
    func budget() throws {
        var program = try CELProgram.compile(
            "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, a + b + c > 0)))"
        ).get()
        #expect(program.evaluate(self: .null) == .value(.bool(true)))
        program.stepBudget = 500
        guard case .error(let message) = program.evaluate(self: .null) else {
            Issue.record("expected the budget to run out")
            return
        }
        #expect(message.contains("budget"))
        program.stepBudget = 10
        let absorbed = try CELProgram.compile("true || [1,2,3,4,5,6,7,8,9,10].all(x, x > 0)").get()
        #expect(absorbed.evaluate(self: .null) == .value(.bool(true)))
    }

    @Test("optional values: ?. and [?] selection, orValue, hasValue")
    func optionals() {
        let obj = yamlValue("a: {b: 1}\nl: [1]\n")
        #expect(evaluate("self.?a.?b.orValue(0)", self: obj) == .value(.int(1)))
        #expect(evaluate("self.?x.?b.orValue(0)", self: obj) == .value(.int(0)))
        #expect(evaluate("self.l[?3].hasValue()", self: obj) == .value(.bool(false)))
        #expect(evaluate("optional.of(2).value() + optional.none().orValue(3)") == .value(.int(5)))
        #expect(evaluate("[?optional.none(), ?optional.of(1)]") == .value(.list([.int(1)])))
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

@Suite("CEL names")
struct CELNameTests {
    @Test("qualified type names resolve, and a variable of the same root shadows them")
    func qualifiedTypes() {
        #expect(evaluate("type(duration('1s')) == google.protobuf.Duration") == .value(.bool(true)))
        #expect(evaluate("type(timestamp('2024-01-01T00:00:00Z')) == google.protobuf.Timestamp") == .value(.bool(true)))
        #expect(evaluate("[{'protobuf': 1}].all(google, google.protobuf == 1)") == .value(.bool(true)))
    }
}
