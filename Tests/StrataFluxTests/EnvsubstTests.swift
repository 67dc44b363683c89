import Testing

@testable import StrataFlux

/// One substitution case: variables, input, and the expected output or error message.
struct EnvsubstCase: CustomTestStringConvertible, Sendable {
    var variables: [String: String]
    var input: String
    var output: String?
    var error: String?

    init(_ input: String, _ variables: [String: String] = [:], gives output: String) {
        self.variables = variables
        self.input = input
        self.output = output
    }

    init(_ input: String, _ variables: [String: String] = [:], fails error: String) {
        self.variables = variables
        self.input = input
        self.error = error
    }

    var testDescription: String { input }

    func run(strict: Bool) {
        do {
            let result = try Envsubst.substitute(input, strict: strict) { variables[$0] }
            #expect(error == nil, "expected \(error ?? "") for \(input)")
            #expect(result == output, "\(input)")
        } catch {
            #expect(error.message == self.error, "\(input)")
        }
    }
}

@Suite("Flux envsubst expression language")
struct EnvsubstTests {
    static let sample = "abcdEFGH28ij"
    static let path = "/home/bozo/ideas/thoughts.for.today"
    static let stringZ = "abcABC123ABCabc"

    /// Cases from the upstream evaluation table (tldp.org examples) and the escaping tests.
    static let upstream: [EnvsubstCase] = [
        EnvsubstCase("abcdEFGH28ij", gives: "abcdEFGH28ij"),
        EnvsubstCase("${#var01}", ["var01": sample], gives: "12"),
        EnvsubstCase("${var01^}", ["var01": sample], gives: "AbcdEFGH28ij"),
        EnvsubstCase("${var01^^}", ["var01": sample], gives: "ABCDEFGH28IJ"),
        EnvsubstCase("${var01,}", ["var01": "ABCDEFGH28IJ"], gives: "aBCDEFGH28IJ"),
        EnvsubstCase("${var01,,}", ["var01": "ABCDEFGH28IJ"], gives: "abcdefgh28ij"),
        EnvsubstCase("${path_name:11}", ["path_name": path], gives: "ideas/thoughts.for.today"),
        EnvsubstCase("${path_name:11:5}", ["path_name": path], gives: "ideas"),
        EnvsubstCase("${var=xyz}", ["var": "abc"], gives: "abc"),
        EnvsubstCase("${var=xyz}", gives: "xyz"),
        EnvsubstCase("something ${var=${default_var}}", ["default_var": "foo"], gives: "something foo"),
        EnvsubstCase("foo: ${var=${default_var}-suffix}", ["default_var": "foo1"], gives: "foo: foo1-suffix"),
        EnvsubstCase(
            "foo: ${var=prefix${default_var}-suffix}",
            ["default_var": "foo1"],
            gives: "foo: prefixfoo1-suffix"
        ),
        EnvsubstCase("${var:=xyz}", gives: "xyz"),
        EnvsubstCase("${stringZ/%abc/XYZ}", ["stringZ": stringZ], gives: "abcABC123ABCXYZ"),
        EnvsubstCase("${stringZ/#abc/XYZ}", ["stringZ": stringZ], gives: "XYZABC123ABCabc"),
        EnvsubstCase("${stringZ//abc/xyz}", ["stringZ": stringZ], gives: "xyzABC123ABCxyz"),
        EnvsubstCase("${stringZ/abc/xyz}", ["stringZ": stringZ], gives: "xyzABC123ABCabc"),
        EnvsubstCase("${filename#*.}", ["filename": "bash.string.txt"], gives: "string.txt"),
        EnvsubstCase("${filename#*/}", ["filename": "path/to/file"], gives: "to/file"),
        EnvsubstCase("${filename#*/}", ["filename": "/path/to/file"], gives: "path/to/file"),
        EnvsubstCase("${filename##*.}", ["filename": "bash.string.txt"], gives: "txt"),
        EnvsubstCase("${filename##*/}", ["filename": "path/to/file"], gives: "file"),
        EnvsubstCase("${filename##*/}", ["filename": "/path/to/file"], gives: "file"),
        EnvsubstCase("${filename%.*}", ["filename": "bash.string.txt"], gives: "bash.string"),
        EnvsubstCase("${filename%%.*}", ["filename": "bash.string.txt"], gives: "bash"),
        EnvsubstCase("${var=${var01^^}}", ["var01": sample], gives: "ABCDEFGH28IJ"),
        EnvsubstCase("$${var01}", ["var01": sample], gives: "${var01}"),
        EnvsubstCase(
            "some text ${var01}$${var$${var01}$var01${var01}",
            ["var01": sample],
            gives: "some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij"
        ),
        EnvsubstCase("something $${var=${default_var}}", ["default_var": "foo"], gives: "something ${var=foo}"),
        EnvsubstCase(#"${stringZ/\//-}"#, ["stringZ": "foo/bar"], gives: "foo-bar"),
        EnvsubstCase(#"${stringZ//\//-}"#, ["stringZ": "foo/bar/baz"], gives: "foo-bar-baz"),
        EnvsubstCase(#"\\something ${var=${default_var}}"#, ["default_var": "foo"], gives: #"\\something foo"#),
        EnvsubstCase("${stringZ/./}", ["stringZ": "foo.bar"], gives: "foobar"),
    ]

    @Test("upstream evaluation cases expand as in Flux", arguments: upstream)
    func upstreamCases(_ c: EnvsubstCase) {
        c.run(strict: false)
    }

    /// Every row of the syntax table in the Flux semantics reference.
    static let syntaxTable: [EnvsubstCase] = [
        EnvsubstCase("${v}", ["v": "x"], gives: "x"),
        // Defaults: value if non-empty, else the default; unset and empty are not distinguished.
        EnvsubstCase("${v:=d}", ["v": "x"], gives: "x"),
        EnvsubstCase("${v:=d}", ["v": ""], gives: "d"),
        EnvsubstCase("${v:-d}", ["v": ""], gives: "d"),
        EnvsubstCase("${v:-d}", gives: "d"),
        EnvsubstCase("${v=d}", ["v": ""], gives: "d"),
        // `:+` behaves like `:-`, and `:?` never raises.
        EnvsubstCase("${v:+alt}", ["v": "x"], gives: "x"),
        EnvsubstCase("${v:+alt}", gives: "alt"),
        EnvsubstCase("${v:?msg}", ["v": "x"], gives: "x"),
        EnvsubstCase("${v:?msg}", gives: "msg"),
        // No-colon forms other than `=` are parse errors.
        EnvsubstCase("${v-d}", ["v": "x"], fails: "missing closing brace"),
        EnvsubstCase("${v+d}", ["v": "x"], fails: "missing closing brace"),
        EnvsubstCase("${v?d}", ["v": "x"], fails: "missing closing brace"),
        // Length in bytes.
        EnvsubstCase("${#v}", ["v": "héllo"], gives: "6"),
        EnvsubstCase("${#v}", ["v": ""], gives: "0"),
        // Byte substrings; a negative offset counts from the end; a non-numeric argument keeps the value.
        EnvsubstCase("${v:2}", ["v": "abcdef"], gives: "cdef"),
        EnvsubstCase("${v:2:3}", ["v": "abcdef"], gives: "cde"),
        EnvsubstCase("${v:4:10}", ["v": "abcdef"], gives: "ef"),
        EnvsubstCase("${v:9}", ["v": "abcdef"], gives: ""),
        EnvsubstCase("${v:9:1}", ["v": "abcdef"], gives: ""),
        EnvsubstCase("${v:${o}}", ["v": "abcdef", "o": "-2"], gives: "ef"),
        EnvsubstCase("${v:${o}:1}", ["v": "abcdef", "o": "-9"], gives: "a"),
        EnvsubstCase("${v: -2}", ["v": "abcdef"], gives: "abcdef"),
        EnvsubstCase("${v:x:1}", ["v": "abcdef"], gives: "abcdef"),
        EnvsubstCase("${v:1:y}", ["v": "abcdef"], gives: "abcdef"),
        EnvsubstCase("${v:+2}", ["v": "abcdef"], gives: "abcdef"),
        EnvsubstCase(
            "${v:1:${l}}",
            ["v": "abcdef", "l": "-1"],
            fails: "panic: runtime error: slice bounds out of range [1:0]"
        ),
        // Case operators work on code points with Go's one-to-one mapping.
        EnvsubstCase("${v^}", ["v": "éa"], gives: "Éa"),
        EnvsubstCase("${v^^}", ["v": "straße"], gives: "STRAßE"),
        EnvsubstCase("${v,,}", ["v": "ÀÉÎ"], gives: "àéî"),
        EnvsubstCase("${v,}", ["v": ""], gives: ""),
        EnvsubstCase("${v^,}", ["v": "abc"], gives: "abc"),
        // Glob prefix and suffix strip.
        EnvsubstCase("${v#a*}", ["v": "abcabc"], gives: "bcabc"),
        EnvsubstCase("${v##a*c}", ["v": "abcabc"], gives: ""),
        EnvsubstCase("${v#[a-b]?}", ["v": "abcabc"], gives: "cabc"),
        EnvsubstCase("${v#[^a]}", ["v": "abc"], gives: "abc"),
        EnvsubstCase("${v#[!a]}", ["v": "abc"], gives: "bc"),
        EnvsubstCase("${v##*/}", ["v": "a/b/c"], gives: "c"),
        // Prefixes are tried byte by byte, so `?` can strip half of a two-byte character.
        EnvsubstCase("${v#?}", ["v": "éa"], gives: "\u{FFFD}a"),
        EnvsubstCase("${v%c}", ["v": "abcabc"], gives: "abcab"),
        EnvsubstCase("${v%%b*}", ["v": "abcabc"], gives: "a"),
        EnvsubstCase("${v%[b-c]}", ["v": "abc"], gives: "abc"),
        EnvsubstCase("${v#x}", ["v": "abc"], gives: "abc"),
        EnvsubstCase("${v#[}", ["v": "abc"], gives: "abc"),
        // Replacement of a literal, not a glob.
        EnvsubstCase("${v/*/x}", ["v": "a*b*c"], gives: "axb*c"),
        EnvsubstCase("${v//*/x}", ["v": "a*b*c"], gives: "axbxc"),
        EnvsubstCase("${v/#a/x}", ["v": "bab"], gives: "bab"),
        EnvsubstCase("${v/%b/x}", ["v": "bab"], gives: "bax"),
        EnvsubstCase("${v/%a/x}", ["v": "bab"], gives: "bab"),
        EnvsubstCase("${v/#b/}", ["v": "bab"], gives: "bab"),
        EnvsubstCase("${v//b/}", ["v": "bab"], gives: "a"),
        EnvsubstCase("${v/a//x}", ["v": "bab"], gives: "bxb"),
        EnvsubstCase(#"${v//\\/-}"#, ["v": #"a\b\c"#], gives: "a-b-c"),
        EnvsubstCase("${v//$$/-}", ["v": "a$b"], gives: "a-b"),
        EnvsubstCase("${v/${p}/x}", ["v": "ab", "p": ""], gives: "xab"),
        EnvsubstCase("${v//${p}/-}", ["v": "ab", "p": ""], gives: "-a-b-"),
        EnvsubstCase("${v/#/p}", ["v": "ab"], fails: "unable to parse substitution within function"),
        // Nested defaults.
        EnvsubstCase("${a:=${b}-x}", ["b": "B"], gives: "B-x"),
        EnvsubstCase("${a:=${b:=${c}}}", ["c": "C"], gives: "C"),
        EnvsubstCase("${a:-pre${b}${c}post}", ["b": "B", "c": "C"], gives: "preBCpost"),
        EnvsubstCase("${a:-$${b}}", ["b": "B"], gives: "$B"),
        EnvsubstCase("${a:-x}y}", gives: "xy}"),
        // `$var` is left alone; `$$` is `$` everywhere outside expressions.
        EnvsubstCase("$v and $v2", ["v": "x"], gives: "$v and $v2"),
        EnvsubstCase("$$HOME", gives: "$HOME"),
        EnvsubstCase("$$$", gives: "$$"),
        EnvsubstCase("$$$$", gives: "$$"),
        EnvsubstCase("$$${v}", ["v": "x"], gives: "$x"),
        EnvsubstCase("a$", gives: "a$"),
        EnvsubstCase("cost: 5$ {x}", gives: "cost: 5$ {x}"),
        EnvsubstCase("$${v=${d}}", ["d": "foo"], gives: "${v=foo}"),
        // Parse errors.
        EnvsubstCase("${foo.bar}", fails: "missing closing brace"),
        EnvsubstCase("${foo-bar}", fails: "missing closing brace"),
        EnvsubstCase("${foo bar}", fails: "missing closing brace"),
        EnvsubstCase("${foo", fails: "missing closing brace"),
        EnvsubstCase("${}", fails: "unable to parse variable name"),
        EnvsubstCase("${ x}", fails: "unable to parse variable name"),
        EnvsubstCase("${", fails: "unable to parse variable name"),
        EnvsubstCase("${#}", fails: "bad substitution"),
        EnvsubstCase("${#v:1}", fails: "bad substitution"),
        EnvsubstCase("${v^^^}", fails: "bad substitution"),
        EnvsubstCase("${v:}", fails: "unable to parse substitution within function"),
        EnvsubstCase("${v:-abc", fails: "unable to parse substitution within function"),
        EnvsubstCase("${v#}", fails: "unable to parse substitution within function"),
        EnvsubstCase("${v:1${x}}", fails: "bad substitution"),
        EnvsubstCase("${v:1x2}", ["v": "abc"], gives: "abc"),
        // Unicode letters and leading digits make names.
        EnvsubstCase("${1x}", ["1x": "one"], gives: "one"),
        EnvsubstCase("${café}", ["café": "crème"], gives: "crème"),
        EnvsubstCase("${café:-thé}", gives: "thé"),
        EnvsubstCase("→${v}←", ["v": "😀"], gives: "→😀←"),
    ]

    @Test("the syntax table behaves as Flux's envsubst v1.7.0", arguments: syntaxTable)
    func syntax(_ c: EnvsubstCase) {
        c.run(strict: false)
    }

    static let strictCases: [EnvsubstCase] =
        [
            EnvsubstCase("abcdEFGH28ij", gives: "abcdEFGH28ij"),
            EnvsubstCase("${foo}", ["foo": "bar"], gives: "bar"),
            EnvsubstCase("${foo}", ["foo": ""], gives: ""),
            EnvsubstCase("${missing}", fails: #"variable not set (strict mode): "missing""#),
            EnvsubstCase("${missing:=default}", ["foo": "bar"], gives: "default"),
            EnvsubstCase("${missing:-fallback}", gives: "fallback"),
            EnvsubstCase("${missing=assigned}", gives: "assigned"),
            EnvsubstCase("${missing:+alt}", gives: "alt"),
            EnvsubstCase("${missing:?msg}", gives: "msg"),
            EnvsubstCase("${missing:=}", gives: ""),
            EnvsubstCase("${set:-${missing}}", ["set": "x"], fails: #"variable not set (strict mode): "missing""#),
            EnvsubstCase("${café}", fails: #"variable not set (strict mode): "café""#),
            EnvsubstCase("$${missing}", gives: "${missing}"),
        ]
        + [
            "#missing", "missing^", "missing^^", "missing,", "missing,,", "missing:0", "missing:0:10",
            "missing/pattern/replacement", "missing//pattern/replacement", "missing/#pattern/replacement",
            "missing/%pattern/replacement", "missing#pattern", "missing##pattern", "missing%pattern",
            "missing%%pattern",
        ].map { EnvsubstCase("${\($0)}", fails: #"variable not set (strict mode): "missing""#) }

    @Test("strict mode fails on undefined variables except under default operators", arguments: strictCases)
    func strict(_ c: EnvsubstCase) {
        c.run(strict: true)
    }

    @Test("non-strict mode makes undefined variables empty under every operator")
    func nonStrictUndefined() throws {
        let text = "[${a}|${#a}|${a^^}|${a:0:2}|${a/x/y}|${a#x}]"
        #expect(try Envsubst.substitute(text, strict: false) { _ in nil } == "[|0||||]")
    }

    @Test("text without ${ or $$ is returned as it is")
    func untouched() throws {
        for text in ["", "plain", "$", "a$b", "price: $5", "ends with $", "${", "$ {x}"] where !text.contains("${") {
            #expect(try Envsubst.substitute(text, strict: true) { _ in nil } == text)
        }
    }

    @Test("references list every variable, with whether its use has a default")
    func references() {
        let refs = Envsubst.references(in: "${a} ${b:=x} ${c:-${d}} $${e} ${#f} ${g=1} ${a} ${h:+y} ${i:?z} ${j/k/l}")
        #expect(
            refs == [
                VariableReference(name: "a", hasDefault: false),
                VariableReference(name: "b", hasDefault: true),
                VariableReference(name: "c", hasDefault: true),
                VariableReference(name: "d", hasDefault: false),
                VariableReference(name: "f", hasDefault: false),
                VariableReference(name: "g", hasDefault: true),
                VariableReference(name: "h", hasDefault: true),
                VariableReference(name: "i", hasDefault: true),
                VariableReference(name: "j", hasDefault: false),
            ]
        )
        #expect(Envsubst.references(in: "$${x} $y plain").isEmpty)
        #expect(Envsubst.references(in: "${broken").isEmpty)
    }

    @Test(
        "variable names follow Flux's ASCII rule",
        arguments: [
            ("cluster_env", true), ("_x", true), ("A1", true), ("x_1_", true),
            ("1x", false), ("my-var", false), ("app.name", false), ("", false), ("café", false), ("a b", false),
        ]
    )
    func names(_ name: String, _ valid: Bool) {
        #expect(VariableSubstitution.isValidName(name) == valid)
    }
}
