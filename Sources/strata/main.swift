import Foundation
import StrataCLI

exit(StrataCommand.run(arguments: Array(CommandLine.arguments.dropFirst()), exitsAfter: true))
