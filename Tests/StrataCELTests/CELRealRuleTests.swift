import StrataCEL
import Testing

/// Rules copied from published CRDs, evaluated against hand-written objects whose verdict follows from the rule.
@Suite("Real CRD rules")
struct CELRealRuleTests {
    private func verdict(_ rule: String, _ yaml: String) -> CELEvaluation {
        evaluate(rule, self: yamlValue(yaml))
    }

    @Test("Flux HelmRelease: exactly one of chart and chartRef")
    func helmReleaseChart() {
        let rule = "(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))"
        #expect(verdict(rule, "chart: {spec: {chart: podinfo}}\ninterval: 5m\n") == .value(.bool(true)))
        #expect(verdict(rule, "chartRef: {kind: OCIRepository, name: podinfo}\n") == .value(.bool(true)))
        #expect(
            verdict(rule, "chart: {spec: {chart: podinfo}}\nchartRef: {kind: OCIRepository, name: p}\n")
                == .value(.bool(false))
        )
        #expect(verdict(rule, "interval: 5m\n") == .value(.bool(false)))
        // A null entry counts as absent, as the API server prunes it.
        #expect(verdict(rule, "chart: null\nchartRef: {kind: OCIRepository, name: p}\n") == .value(.bool(true)))
    }

    @Test("Cilium BGP peer config: keepalive must not exceed hold time")
    func ciliumTimers() {
        let rule = "self.keepAliveTimeSeconds <= self.holdTimeSeconds"
        #expect(
            verdict(rule, "connectRetryTimeSeconds: 120\nholdTimeSeconds: 90\nkeepAliveTimeSeconds: 30\n")
                == .value(.bool(true))
        )
        #expect(verdict(rule, "holdTimeSeconds: 9\nkeepAliveTimeSeconds: 30\n") == .value(.bool(false)))
        #expect(verdict(rule, "holdTimeSeconds: 9\n") == .error("no such key: keepAliveTimeSeconds"))
    }

    @Test("Gateway HTTPRoute path match: the value must be an absolute path of allowed characters")
    func httpRoutePath() {
        let rule =
            #"(self.type in ['Exact','PathPrefix']) ? self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""") : true"#
        #expect(verdict(rule, "type: PathPrefix\nvalue: /api/v1\n") == .value(.bool(true)))
        #expect(verdict(rule, "type: PathPrefix\nvalue: /a b\n") == .value(.bool(false)))
        #expect(verdict(rule, "type: Exact\nvalue: \"/ok%2F\"\n") == .value(.bool(true)))
        #expect(verdict(rule, "type: Exact\nvalue: \"/bad%zz\"\n") == .value(.bool(false)))
        #expect(verdict(rule, "type: RegularExpression\nvalue: \"/a b\"\n") == .value(.bool(true)))
        // RE2's `$` does not match before a trailing newline.
        #expect(verdict(rule, "type: Exact\nvalue: \"/x\\n\"\n") == .value(.bool(false)))
    }

    @Test("Gateway HTTPRoute filters: a redirect and a rewrite cannot be combined, and each type appears once")
    func httpRouteFilters() {
        let combined = "!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))"
        let once = "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1"
        let filters =
            "- type: RequestHeaderModifier\n  requestHeaderModifier: {set: [{name: a, value: b}]}\n- type: URLRewrite\n  urlRewrite: {hostname: x}\n"
        #expect(verdict(combined, filters) == .value(.bool(true)))
        #expect(
            verdict(combined, filters + "- type: RequestRedirect\n  requestRedirect: {statusCode: 301}\n")
                == .value(.bool(false))
        )
        #expect(verdict(once, filters) == .value(.bool(true)))
        #expect(
            verdict(once, filters + "- type: RequestHeaderModifier\n  requestHeaderModifier: {}\n")
                == .value(.bool(false))
        )
    }

    @Test("Gateway parentRefs: the same parent may not be listed twice (uses the escaped __namespace__)")
    func parentRefs() {
        let rule =
            "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"
        let one = "- {group: gateway.networking.k8s.io, kind: Gateway, name: gw, namespace: infra}\n"
        let other = "- {group: gateway.networking.k8s.io, kind: Gateway, name: gw, namespace: apps}\n"
        #expect(verdict(rule, one + other) == .value(.bool(true)))
        #expect(verdict(rule, one + one) == .value(.bool(false)))
    }

    @Test("Gateway timeouts: backendRequest may not exceed request, compared as durations")
    func timeouts() {
        let rule =
            "!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))"
        #expect(verdict(rule, "request: 10s\nbackendRequest: 2s\n") == .value(.bool(true)))
        #expect(verdict(rule, "request: 1m\nbackendRequest: 90s\n") == .value(.bool(false)))
        #expect(verdict(rule, "request: 0s\nbackendRequest: 90s\n") == .value(.bool(true)))
    }

    @Test("external-secrets: exactly one auth method, counted with filter().size()")
    func externalSecrets() {
        let rule = "[has(self.appRole),has(self.tokenSecretRef),has(self.userPass)].filter(x,x==true).size() == 1"
        #expect(verdict(rule, "tokenSecretRef: {name: t, key: k}\n") == .value(.bool(true)))
        #expect(verdict(rule, "tokenSecretRef: {name: t}\nuserPass: {username: u}\n") == .value(.bool(false)))
        #expect(verdict(rule, "{}\n") == .value(.bool(false)))
    }
}
