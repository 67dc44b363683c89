import ArgumentParser

struct Get: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Not yet")
    mutating func run() throws {}
}
