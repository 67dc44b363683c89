import ArgumentParser

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Not yet")
    mutating func run() throws {}
}
