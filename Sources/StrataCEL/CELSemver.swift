/// A semantic version as the Kubernetes `semver()` function parses it (strict SemVer 2.0.0, optionally
/// normalised from `v1.2` style text).
public struct CELSemver: Sendable, Hashable, Comparable {
    /// The major version.
    public var major: UInt64
    /// The minor version.
    public var minor: UInt64
    /// The patch version.
    public var patch: UInt64
    /// The dot-separated pre-release identifiers.
    public var prerelease: [String]
    /// The dot-separated build metadata identifiers (ignored for ordering).
    public var build: [String]

    /// Parses a version; with `normalize`, a leading `v`, missing minor or patch parts and leading zeros in
    /// the numeric parts are accepted, as `semver(s, true)` does.
    public init?(parsing text: String, normalize: Bool = false) {
        var s = Substring(text)
        if normalize, s.hasPrefix("v") { s = s.dropFirst() }
        var build: [String] = []
        if let plus = s.firstIndex(of: "+") {
            build = s[s.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard build.allSatisfy({ !$0.isEmpty && $0.allSatisfy(CELSemver.isIdentifierCharacter) }) else {
                return nil
            }
            s = s[..<plus]
        }
        var prerelease: [String] = []
        if let dash = s.firstIndex(of: "-") {
            prerelease = s[s.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(
                String.init
            )
            for p in prerelease {
                guard !p.isEmpty, p.allSatisfy(CELSemver.isIdentifierCharacter) else { return nil }
                if p.allSatisfy(\.isASCII), p.allSatisfy(\.isNumber), p.count > 1, p.hasPrefix("0") { return nil }
            }
            s = s[..<dash]
        }
        var parts = s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if normalize {
            // A shortened version cannot carry pre-release or build parts.
            if parts.count < 3, !prerelease.isEmpty || !build.isEmpty { return nil }
            while parts.count < 3 { parts.append("0") }
            parts = parts.map { p in
                let trimmed = p.drop { $0 == "0" }
                return trimmed.isEmpty && !p.isEmpty ? "0" : String(trimmed)
            }
        }
        guard parts.count == 3 else { return nil }
        var numbers: [UInt64] = []
        for p in parts {
            guard !p.isEmpty, p.allSatisfy({ $0.isASCII && $0.isNumber }), p == "0" || !p.hasPrefix("0"),
                let n = UInt64(p)
            else {
                return nil
            }
            numbers.append(n)
        }
        major = numbers[0]
        minor = numbers[1]
        patch = numbers[2]
        self.prerelease = prerelease
        self.build = build
    }

    private static func isIdentifierCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-")
    }

    /// The version text in canonical form.
    public var text: String {
        var out = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { out += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { out += "+" + build.joined(separator: ".") }
        return out
    }

    /// SemVer precedence: numbers first, then a pre-release sorts before the release.
    public static func < (lhs: CELSemver, rhs: CELSemver) -> Bool { compare(lhs, rhs) < 0 }

    static func compare(_ a: CELSemver, _ b: CELSemver) -> Int {
        for (x, y) in [(a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)] where x != y {
            return x < y ? -1 : 1
        }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, true): return 0
        case (true, false): return 1
        case (false, true): return -1
        case (false, false): break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (UInt64(x), UInt64(y)) {
            case (let m?, let n?): return m < n ? -1 : 1
            case (.some, nil): return -1
            case (nil, .some): return 1
            case (nil, nil): return x < y ? -1 : 1
            }
        }
        return a.prerelease.count == b.prerelease.count ? 0 : (a.prerelease.count < b.prerelease.count ? -1 : 1)
    }

    func call(_ name: String, _ args: [CELValue], _ fail: () -> CELEvalError) throws(CELEvalError) -> CELValue {
        switch (name, args.first) {
        case ("major", nil): return .int(Int64(clamping: major))
        case ("minor", nil): return .int(Int64(clamping: minor))
        case ("patch", nil): return .int(Int64(clamping: patch))
        case ("compareTo", .semver(let other)?): return .int(Int64(CELSemver.compare(self, other)))
        case ("isGreaterThan", .semver(let other)?): return .bool(CELSemver.compare(self, other) > 0)
        case ("isLessThan", .semver(let other)?): return .bool(CELSemver.compare(self, other) < 0)
        default: throw fail()
        }
    }
}
