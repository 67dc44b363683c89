/// A compiled CEL expression, such as a CRD's `x-kubernetes-validations` rule, ready to evaluate many times.
///
/// The variable `self` is bound to the value the rule sits on. A rule that mentions `oldSelf` is a transition
/// rule: with no previous object to compare with, it is reported as skipped rather than evaluated.
///
/// Implemented: the whole CEL grammar except message construction; the standard macros (`has`, `all`,
/// `exists`, `exists_one`, `map`, `filter`) and the two-variable comprehensions; the standard functions with
/// CEL's overflow, division and error-absorbing `&&`/`||` rules; the strings extension (version 2); optional
/// values; and the Kubernetes libraries for lists, regular expressions, URLs, quantities, IPs, CIDRs and sets.
/// Anything else is refused at compile time as unsupported. There is no static type check: a type mismatch
/// that the API server would reject when the CRD is created shows up here as an evaluation error instead.
public struct CELProgram: Sendable {
    /// The expression's source text.
    public let source: String
    /// Whether the rule references `oldSelf`, which makes it a transition rule.
    public let isTransitionRule: Bool
    /// The evaluation step budget; past it, evaluation stops with an error so no rule can run away.
    public var stepBudget: Int = 1_000_000

    private let root: CELExpr
    private let regexCache = CELRegexCache()

    /// Parses and checks an expression against the features this interpreter implements.
    ///
    /// A syntax error yields `unsupported == false`; valid CEL that the interpreter does not implement (an
    /// unknown function or overload, message construction) yields `unsupported == true`.
    public static func compile(_ source: String) -> Result<CELProgram, CELCompileError> {
        let parsed: CELExpr
        switch CELParser.parse(source) {
        case .failure(let e): return .failure(e)
        case .success(let e): parsed = e
        }
        var checker = CELChecker(variables: ["self", "oldSelf"])
        do throws(CELCompileError) {
            let checked = try checker.check(parsed)
            return .success(CELProgram(source: source, root: checked, isTransitionRule: references(checked, "oldSelf")))
        } catch {
            return .failure(error)
        }
    }

    private init(source: String, root: CELExpr, isTransitionRule: Bool) {
        self.source = source
        self.root = root
        self.isTransitionRule = isTransitionRule
    }

    /// Evaluates the program with `self` bound to `value`.
    public func evaluate(self value: CELValue) -> CELEvaluation {
        if isTransitionRule {
            return .skipped("transition rule: it compares with oldSelf and there is no previous object")
        }
        var interpreter = CELInterpreter(variables: [("self", value)], budget: stepBudget, regexCache: regexCache)
        do throws(CELEvalError) {
            return .value(try interpreter.eval(root))
        } catch {
            return .error(error.message)
        }
    }

    private static func references(_ e: CELExpr, _ name: String) -> Bool {
        switch e {
        case .literal: return false
        case .ident(let n, _): return n == name
        case .select(let a, _, _, _), .has(let a, _), .not(let a), .negate(let a): return references(a, name)
        case .index(let a, let b, _), .and(let a, let b), .or(let a, let b), .binary(_, let a, let b):
            return references(a, name) || references(b, name)
        case .conditional(let a, let b, let c): return references(a, name) || references(b, name) || references(c, name)
        case .list(let items, _): return items.contains { references($0, name) }
        case .map(let entries): return entries.contains { references($0.key, name) || references($0.value, name) }
        case .call(_, let target, let args, _):
            return (target.map { references($0, name) } ?? false) || args.contains { references($0, name) }
        case .regexCall(_, let target, _, let args):
            return references(target, name) || args.contains { references($0, name) }
        case .comprehension(_, let range, let first, let second, let args):
            // A macro variable of the same name shadows the outer one inside the body.
            if references(range, name) { return true }
            return first != name && second != name && args.contains { references($0, name) }
        }
    }
}
