import ArgumentParser
import Foundation
import Refrain

// Parse, run, and map every failure to a documented exit code with a message
// that says what was wrong, where, and what to do.
do {
    var command = try RefrainCommand.parseAsRoot()
    try command.run()
} catch let error as RefrainFailure {
    Terminal.standardError("refrain: error: \(error.message)\n")
    exit(error.exitCode.rawValue)
} catch {
    let code = RefrainCommand.exitCode(for: error)
    if code == .success {
        RefrainCommand.exit(withError: error)  // --help, --version
    }
    let message = RefrainCommand.fullMessage(for: error)
    Terminal.standardError(message.hasSuffix("\n") ? message : message + "\n")
    exit(code == .validationFailure ? RefrainExitCode.usage.rawValue : RefrainExitCode.internalError.rawValue)
}
