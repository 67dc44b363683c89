import StrataCore
import StrataYAML
import Testing

@testable import StrataCEL

@Suite("CEL functions and libraries")
struct CELLibraryTests {
    @Test(
        "string functions count code points and follow the strings extension",
        arguments: [
            ("'hello'.startsWith('he') && 'hello'.endsWith('lo') && 'hello'.contains('ll')", CELValue.bool(true)),
            ("'héllo'.charAt(1)", .string("é")), ("'abc'.charAt(3)", .string("")),
            ("'hello'.indexOf('l')", .int(2)), ("'hello'.indexOf('l', 3)", .int(3)), ("'hello'.indexOf('')", .int(0)),
            ("'hello'.lastIndexOf('l')", .int(3)), ("'hello'.lastIndexOf('l', 2)", .int(2)),
            ("'hello'.lastIndexOf('x')", .int(-1)),
            ("'MiXed é'.lowerAscii()", .string("mixed é")), ("'MiXed é'.upperAscii()", .string("MIXED é")),
            ("'  a b \\t\\n'.trim()", .string("a b")), ("'a.b.c'.replace('.', '/')", .string("a/b/c")),
            ("'a.b.c'.replace('.', '/', 1)", .string("a/b.c")), ("'ab'.replace('', '-')", .string("-a-b-")),
            ("'a/b/c'.split('/')", .list([.string("a"), .string("b"), .string("c")])),
            ("'a/b/c'.split('/', 2)", .list([.string("a"), .string("b/c")])), ("'a/b'.split('/', 0)", .list([])),
            ("'héllo'.substring(1, 3)", .string("él")), ("'hello'.substring(3)", .string("lo")),
            ("['a', 'b'].join('-')", .string("a-b")), ("['a', 'b'].join()", .string("ab")),
            ("'%s is %d years, %.2f%%'.format([dyn('x'), dyn(3), dyn(1.5)])", .string("x is 3 years, 1.50%")),
            ("'%x/%o/%b'.format([255, 8, 5])", .string("ff/10/101")),
            ("strings.quote('a\"b')", .string("\"a\\\"b\"")),
        ] as [(String, CELValue)]
    )
    func strings(source: String, expected: CELValue) {
        #expect(evaluate(source) == .value(expected))
    }

    @Test(
        "RE2 patterns keep their meaning when run by NSRegularExpression",
        arguments: [
            ("'abc'.matches('^a.c$')", CELValue.bool(true)), ("'abc\\n'.matches('^abc$')", .bool(false)),
            ("'x\\nabc'.matches('(?m)^abc$')", .bool(true)), ("'٣'.matches('\\\\d')", .bool(false)),
            ("'é'.matches('^\\\\w$')", .bool(false)), ("'a b'.matches('a\\\\sb')", .bool(true)),
            ("'a\\nb'.matches('a.b')", .bool(false)), ("'a\\nb'.matches('(?s)a.b')", .bool(true)),
            ("'x]'.matches('[]x]+')", .bool(true)), ("'[a'.matches('^[a[]+$')", .bool(true)),
            ("'Ab9'.matches('^[[:alpha:]]+[[:digit:]]$')", .bool(true)), ("'ab'.matches('(?P<n>a)b')", .bool(true)),
            ("matches('abc', 'b')", .bool(true)), ("'abc'.matches(self)", .bool(true)),
            ("'a1b22'.find('[0-9]+')", .string("1")),
            ("'a1b22c333'.findAll('[0-9]+')", .list([.string("1"), .string("22"), .string("333")])),
            ("'a1b22c333'.findAll('[0-9]+', 2)", .list([.string("1"), .string("22")])),
            ("'abc'.find('z')", .string("")),
        ] as [(String, CELValue)]
    )
    func regex(source: String, expected: CELValue) {
        #expect(evaluate(source, self: .string("^a")) == .value(expected))
    }

    @Test("a regex built at run time is checked when it runs")
    func dynamicRegex() {
        #expect(evaluate("'a'.matches(self)", self: .string("(")) == .error("invalid regular expression '('"))
    }

    @Test(
        "conversions between types",
        arguments: [
            ("int('-42')", CELValue.int(-42)), ("int(3.9)", .int(3)), ("int(-3.9)", .int(-3)), ("int(7u)", .int(7)),
            ("uint(42)", .uint(42)), ("double(2)", .double(2)), ("double('1e3')", .double(1000)),
            ("string(12)", .string("12")), ("string(1.0)", .string("1")), ("string(0.1)", .string("0.1")),
            ("string(1e21)", .string("1e+21")), ("string(123456.0)", .string("123456")),
            ("string(1234567.0)", .string("1.234567e+06")),
            ("string(0.00001)", .string("1e-05")), ("string(true)", .string("true")), ("string(b'ok')", .string("ok")),
            ("bool('true') && !bool('0')", .bool(true)), ("bytes('é')", .bytes([0xC3, 0xA9])),
            ("type(1) == int && type('a') == string && type([]) == list && type({}) == map", .bool(true)),
            ("type(1u) != type(1)", .bool(true)), ("dyn(1) + 2", .int(3)), ("type(null) == null_type", .bool(true)),
        ] as [(String, CELValue)]
    )
    func conversions(source: String, expected: CELValue) {
        #expect(evaluate(source) == .value(expected))
    }

    @Test(
        "durations and timestamps parse, compare, combine and print",
        arguments: [
            ("duration('1h30m') == duration('90m')", CELValue.bool(true)),
            ("duration('1.5s') < duration('2s')", .bool(true)),
            ("string(duration('1h'))", .string("3600s")), ("string(duration('-1.5s'))", .string("-1.5s")),
            ("string(duration('300ms'))", .string("0.3s")), ("duration('2h').getMinutes()", .int(120)),
            ("timestamp('2024-01-02T03:04:05Z') < timestamp('2024-01-02T03:04:06Z')", .bool(true)),
            ("timestamp('2024-01-02T03:04:05+01:00') == timestamp('2024-01-02T02:04:05Z')", .bool(true)),
            ("string(timestamp('2024-01-02T03:04:05.120Z'))", .string("2024-01-02T03:04:05.12Z")),
            ("string(timestamp('2024-01-31T23:00:00Z') + duration('2h'))", .string("2024-02-01T01:00:00Z")),
            ("timestamp('2024-01-02T00:00:10Z') - timestamp('2024-01-02T00:00:00Z') == duration('10s')", .bool(true)),
            ("timestamp('2024-03-01T00:00:00Z').getDayOfYear()", .int(60)),
            ("timestamp('2024-03-01T00:00:00Z').getMonth()", .int(2)),
            ("timestamp('2024-03-01T00:00:00Z').getDayOfWeek()", .int(5)),
            ("timestamp('1969-12-31T23:59:59Z').getFullYear()", .int(1969)),
            ("timestamp('2024-03-01T00:30:00Z').getHours('-01:00')", .int(23)),
            ("timestamp('2024-07-01T12:00:00Z').getHours('Europe/Paris')", .int(14)),
            ("int(timestamp('1970-01-01T00:01:00Z'))", .int(60)),
        ] as [(String, CELValue)]
    )
    func time(source: String, expected: CELValue) {
        #expect(evaluate(source) == .value(expected))
    }

    @Test(
        "Kubernetes list, set, URL, quantity, IP and CIDR libraries",
        arguments: [
            ("[1, 2, 3].isSorted() && ![2, 1].isSorted()", CELValue.bool(true)), ("[1, 2, 3].sum()", .int(6)),
            ("[1.5, 2.0].sum()", .double(3.5)), ("[3, 1, 2].min()", .int(1)), ("['b', 'c', 'a'].max()", .string("c")),
            ("[1, 2, 1].indexOf(1)", .int(0)), ("[1, 2, 1].lastIndexOf(1)", .int(2)), ("[].sum()", .int(0)),
            ("sets.contains([1, 2, 3], [2, 3]) && !sets.contains([1], [2])", .bool(true)),
            ("sets.equivalent([1, 2], [2, 1, 2]) && sets.intersects([1, 2], [2, 9])", .bool(true)),
            ("isURL('https://example.com:8443/a/b?x=1&x=2') && !isURL('not a url') && isURL('/abs/path')", .bool(true)),
            ("url('https://example.com:8443/a%20b?x=1&x=2').getHost()", .string("example.com:8443")),
            ("url('https://[::1]:80/').getHostname()", .string("::1")),
            ("url('https://example.com/p').getPort()", .string("")),
            ("url('https://example.com/a%20b').getEscapedPath()", .string("/a%20b")),
            (
                "url('https://e.com/?x=1&x=2&y=a+b').getQuery()",
                .map(CELMap(strings: [("x", .list([.string("1"), .string("2")])), ("y", .list([.string("a b")]))]))
            ),
            ("quantity('1Gi').isGreaterThan(quantity('1G'))", .bool(true)),
            ("quantity('500m').compareTo(quantity('0.5'))", .int(0)),
            ("quantity('1k') == quantity('1000')", .bool(true)), ("quantity('1.5').isInteger()", .bool(false)),
            ("quantity('2Ki').asInteger()", .int(2048)), ("quantity('1').add(2).asInteger()", .int(3)),
            ("quantity('-1m').sign()", .int(-1)),
            ("isQuantity('1.5Gi') && !isQuantity('1.5GiB') && !isQuantity('abc')", .bool(true)),
            ("quantity('250m').asApproximateFloat()", .double(0.25)),
            ("isIP('10.0.0.1') && !isIP('10.0.0.01') && !isIP('::ffff:1.2.3.4') && !isIP('fe80::1%eth0')", .bool(true)),
            ("ip('2001:db8:0:0:0:0:0:1').family()", .int(6)),
            ("string(ip('2001:DB8:0:0:1:0:0:1'))", .string("2001:db8::1:0:0:1")),
            (
                "ip('127.0.0.1').isLoopback() && ip('169.254.1.1').isLinkLocalUnicast() && ip('10.0.0.1').isGlobalUnicast()",
                .bool(true)
            ),
            (
                "cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP(ip('11.0.0.1'))",
                .bool(true)
            ),
            (
                "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && !cidr('10.1.0.0/16').containsCIDR('10.0.0.0/8')",
                .bool(true)
            ),
            ("string(cidr('10.1.2.3/8').masked())", .string("10.0.0.0/8")),
            ("cidr('fd00::/64').prefixLength()", .int(64)),
            ("isCIDR('10.0.0.0/33')", .bool(false)),
            (
                "isSemver('1.2.3-rc.1+build.5') && !isSemver('v1.2') && isSemver('v1.2', true) && !isSemver('01.2.3')",
                .bool(true)
            ),
            ("semver('v1.02', true).minor()", .int(2)), ("isSemver('1.0-rc.1', true)", .bool(false)),
            ("semver('1.2.3').major() + semver('1.2.3').patch()", .int(4)),
            ("semver('1.0.0-alpha').isLessThan(semver('1.0.0-alpha.1'))", .bool(true)),
            ("semver('1.0.0-alpha.beta').compareTo(semver('1.0.0-beta'))", .int(-1)),
            ("semver('1.0.0-rc.1').isLessThan(semver('1.0.0')) && semver('1.0.0+a') == semver('1.0.0+b')", .bool(true)),
            (
                "semver('1.0.0-2').isLessThan(semver('1.0.0-10')) && semver('1.0.0-a').isGreaterThan(semver('1.0.0-10'))",
                .bool(true)
            ),
            ("format.dns1123Label().validate('my-name').hasValue()", .bool(false)),
            ("format.dns1123Label().validate('My_Name').value().size()", .int(1)),
            ("format.dns1123LabelPrefix().validate('my-prefix-').hasValue()", .bool(false)),
            (
                "format.dns1123Subdomain().validate('a.b-c.example').hasValue() || format.dns1035Label().validate('1abc').hasValue()",
                .bool(true)
            ),
            ("format.qualifiedName().validate('example.com/My.Name_1').hasValue()", .bool(false)),
            ("format.qualifiedName().validate('/x').value()", .list([.string("prefix part must be non-empty")])),
            (
                "format.labelValue().validate('').hasValue() || format.uuid().validate('123e4567-e89b-12d3-a456-426614174000').hasValue()",
                .bool(false)
            ),
            ("format.named('datetime').value().validate('2024-01-02').value()", .list([.string("invalid datetime")])),
            ("format.named('nope').hasValue()", .bool(false)),
            ("format.date().validate('2024-02-30').hasValue()", .bool(true)),
        ] as [(String, CELValue)]
    )
    func kubernetes(source: String, expected: CELValue) {
        #expect(evaluate(source) == .value(expected))
    }

    @Test("YAML converts with CEL types, guided by the schema when one is given")
    func yamlConversion() throws {
        let object = yamlValue("i: 3\nf: 1.5\ns: '3'\nb: true\nn: null\nl: [a]\n")
        #expect(
            evaluate(
                "self.i == 3 && type(self.i) == int && self.f == 1.5 && self.s == '3' && self.b && self.l == ['a']",
                self: object
            ) == .value(.bool(true))
        )
        #expect(evaluate("has(self.n)", self: object) == .value(.bool(false)))

        let docs = YAMLLoader.load(
            """
            type: object
            properties:
              ratio: {type: number}
              count: {type: integer}
              version: {type: string}
              when: {type: string, format: date-time}
              period: {type: string, format: duration}
              port: {x-kubernetes-int-or-string: true}
              note: {type: string, nullable: true}
              labels: {type: object, additionalProperties: {type: string}}
            """,
            path: "s.yaml",
            into: DiagnosticCollector()
        )
        let schema = try #require(docs.first?.root)
        let node = try #require(
            YAMLLoader.load(
                "ratio: 1\ncount: 2.0\nversion: \"1.10\"\nwhen: 2024-01-02T03:04:05Z\nperiod: 1h\nport: 80\nnote: null\nlabels: {tier: \"1\"}\n",
                path: "o.yaml",
                into: DiagnosticCollector()
            ).first?.root
        )
        let value = CELValue(node: node, schema: schema)
        #expect(
            evaluate("type(self.ratio) == double && type(self.count) == int && self.version == '1.10'", self: value)
                == .value(.bool(true))
        )
        #expect(
            evaluate("self.when < timestamp('2025-01-01T00:00:00Z') && self.period == duration('60m')", self: value)
                == .value(.bool(true))
        )
        #expect(
            evaluate("self.port == 80 && has(self.note) && self.note == null && self.labels.tier == '1'", self: value)
                == .value(.bool(true))
        )
    }
}
