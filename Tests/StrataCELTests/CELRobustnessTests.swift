import Testing

@testable import StrataCEL

@Suite("CEL robustness")
struct CELRobustnessTests {
    @Test(
        "deep nesting and long operator chains are evaluated or refused, never crash",
        arguments: [100, 180, 1000, 5000]
    )
    func depth(n: Int) async {
        let parens = String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
        let chain = Array(repeating: "1", count: n).joined(separator: " + ")
        let lists = String(repeating: "[", count: n) + String(repeating: "]", count: n)
        for source in [parens, chain, lists] {
            _ = evaluate(source)
        }
    }

    @Test("expressions just inside the limits still evaluate on a concurrent thread")
    func nearLimits() async {
        let chain = Array(repeating: "1", count: 110).joined(separator: " + ")
        #expect(evaluate(chain) == .value(.int(110)))
        let parens = String(repeating: "(", count: 38) + "2" + String(repeating: ")", count: 38)
        #expect(evaluate(parens) == .value(.int(2)))
        let macros = String(repeating: "[1].all(x, ", count: 30) + "true" + String(repeating: ")", count: 30)
        #expect(evaluate(macros) == .value(.bool(true)))
    }

    @Test("beyond the limits, compilation refuses the expression as unsupported")
    func beyondLimits() throws {
        let chain = Array(repeating: "1", count: 500).joined(separator: " + ")
        let error = try #require(CELProgram.compile(chain).failureValue)
        #expect(error.unsupported)
    }

    @Test("truncated and mangled real rules never crash the compiler or the evaluator")
    func mangled() {
        let rule =
            "self.all(l1, self.exists_one(l2, l1.port == l2.port && (has(l1.hostname) ? l1.hostname.matches('^[a-z]+$') : true)))"
        let scalars = Array(rule.unicodeScalars)
        let object = CELValue.list([.map(CELMap(strings: [("port", .int(80)), ("hostname", .string("a"))]))])
        for cut in 0...scalars.count {
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: scalars[..<cut])
            if case .success(let program) = CELProgram.compile(prefix) { _ = program.evaluate(self: object) }
            var dropped = prefix
            dropped.unicodeScalars.append(contentsOf: scalars[min(cut + 1, scalars.count)...])
            if case .success(let program) = CELProgram.compile(dropped) { _ = program.evaluate(self: object) }
        }
        #expect(evaluate(rule, self: object) == .value(.bool(true)))
    }
}
