import StrataCore

/// The BGP part of a Juniper Junos configuration written as `set` commands, with the position of every word.
///
/// Only the flat `set` form is read (`show configuration | display set`); other lines, comments included,
/// are skipped.
package struct JunosConfig: Sendable {
    /// A word of a command and where it is.
    package struct Word: Sendable {
        package var text: String
        package var location: SourceLocation
    }

    /// A BGP neighbor.
    package struct Neighbor: Sendable {
        package var address: Word
        package var parsedAddress: IPAddress?
        package var peerAS: Word?
    }

    /// A BGP group.
    package struct Group: Sendable {
        /// The group's name where it first appears.
        package var name: Word
        package var type: Word?
        package var peerAS: Word?
        package var localAS: Word?
        package var localAddress: Word?
        package var multihop: Word?
        package var neighbors: [Neighbor] = []
        package var exports: [Word] = []
        package var imports: [Word] = []
    }

    /// A term of a policy statement.
    struct Term: Sendable {
        var name: String
        var hasFrom = false
        /// The `accept` word of `then accept`.
        var accept: Word?
    }

    /// The repository-relative file.
    package var path: String
    /// `routing-options autonomous-system`.
    package var autonomousSystem: Word?
    /// `routing-options router-id`.
    var routerID: Word?
    /// `protocols bgp local-as`.
    package var localAS: Word?
    /// Groups in order of first appearance.
    package var groups: [Group] = []
    /// Policy statements' terms, in order, by policy name.
    var policies: [String: [Term]] = [:]

    private static let extensions: Set<String> = ["conf", "set", "txt", "cfg", "junos", "config"]

    /// The run's router configurations, read once and shared by every rule.
    static func shared(in context: AnalysisContext) -> [JunosConfig] {
        context.shared("JunosConfig") { JunosConfig.all(in: context.files) }
    }

    /// Every Junos configuration among the repository's files: text files with `set protocols bgp` lines.
    package static func all(in files: RepositoryFiles) -> [JunosConfig] {
        files.paths.compactMap { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let ext = name.split(separator: ".").last.map { String($0).lowercased() } ?? ""
            guard name.contains("."), extensions.contains(ext), let text = files.text(path),
                ByteSearch.contains(text, "set protocols bgp")
            else { return nil }
            return parse(text, path: path)
        }
    }

    /// Reads the `set` lines of a file.
    static func parse(_ text: String, path: String) -> JunosConfig {
        var config = JunosConfig(path: path)
        var groupIndex: [String: Int] = [:]
        // "\r\n" is one Character, so it is a separator of its own.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (offset, rawLine) in lines.enumerated() {
            let words = split(rawLine, line: offset + 1, path: path)
            guard words.count > 2, words[0].text == "set" else { continue }
            let rest = Array(words.dropFirst())
            let texts = rest.map(\.text)
            if texts.starts(with: ["routing-options", "autonomous-system"]), rest.count > 2 {
                config.autonomousSystem = rest[2]
            } else if texts.starts(with: ["routing-options", "router-id"]), rest.count > 2 {
                config.routerID = rest[2]
            } else if texts.starts(with: ["protocols", "bgp", "local-as"]), rest.count > 3 {
                config.localAS = rest[3]
            } else if texts.starts(with: ["protocols", "bgp", "group"]), rest.count > 3 {
                let name = rest[3]
                let index: Int
                if let known = groupIndex[name.text] {
                    index = known
                } else {
                    index = config.groups.count
                    groupIndex[name.text] = index
                    config.groups.append(Group(name: name))
                }
                config.groups[index].apply(Array(rest.dropFirst(4)))
            } else if texts.starts(with: ["policy-options", "policy-statement"]), rest.count > 4, texts[3] == "term" {
                let policy = texts[2]
                let termName = texts[4]
                var terms = config.policies[policy] ?? []
                if !terms.contains(where: { $0.name == termName }) { terms.append(Term(name: termName)) }
                if let i = terms.firstIndex(where: { $0.name == termName }), rest.count > 5 {
                    if texts[5] == "from" { terms[i].hasFrom = true }
                    if texts[5] == "then", rest.count > 6, texts[6] == "accept" { terms[i].accept = rest[6] }
                }
                config.policies[policy] = terms
            }
        }
        return config
    }

    /// The words of a line, honouring double quotes, with 1-based columns in Unicode scalars.
    private static func split(_ line: Substring, line number: Int, path: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        var column = 0
        var quoted = false
        for scalar in line.unicodeScalars {
            column += 1
            if scalar == "\r" { continue }
            if scalar == "\"" {
                quoted.toggle()
                if current.isEmpty { start = column }
                continue
            }
            if !quoted, scalar == " " || scalar == "\t" {
                if !current.isEmpty {
                    words.append(Word(text: current, location: SourceLocation(path: path, line: number, column: start)))
                    current = ""
                }
                continue
            }
            if current.isEmpty { start = column }
            current.unicodeScalars.append(scalar)
        }
        if !current.isEmpty {
            words.append(Word(text: current, location: SourceLocation(path: path, line: number, column: start)))
        }
        return words
    }

    /// The router's own addresses: BGP local addresses and the router id.
    var ownAddresses: [Word] {
        groups.compactMap(\.localAddress) + [routerID].compactMap { $0 }
    }

    /// The router's AS number for a group: the group's `local-as`, else the global one.
    func localAS(of group: Group) -> Word? {
        group.localAS ?? localAS ?? autonomousSystem
    }
}

extension JunosConfig.Group {
    fileprivate mutating func apply(_ words: [JunosConfig.Word]) {
        guard let first = words.first else { return }
        let value = words.count > 1 ? words[1] : nil
        switch first.text {
        case "type": type = value
        case "peer-as": peerAS = value
        case "local-as": localAS = value
        case "local-address": localAddress = value
        case "multihop": multihop = first
        case "export": if let value { exports.append(value) }
        case "import": if let value { imports.append(value) }
        case "neighbor":
            guard let value else { return }
            var index = neighbors.firstIndex { $0.address.text == value.text }
            if index == nil {
                neighbors.append(
                    JunosConfig.Neighbor(address: value, parsedAddress: IPAddress(value.text), peerAS: nil)
                )
                index = neighbors.count - 1
            }
            if let index, words.count > 3, words[2].text == "peer-as" { neighbors[index].peerAS = words[3] }
        default: break
        }
    }
}
