import Foundation

/// Where output goes, and whether it may be coloured.
enum Terminal {
    /// Writes to standard output.
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Ends the process with status 0 at once, without releasing what the
    /// caller still holds. For the end of a command whose output is written
    /// (standard output and error are unbuffered here): large object graphs
    /// are left for the kernel to reclaim instead of being freed piece by piece.
    static func exitWithoutTeardown() -> Never {
        exit(RefrainExitCode.success.rawValue)
    }

    /// Writes to standard error.
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    static var colorEnabled: Bool {
        if let value = ProcessInfo.processInfo.environment["NO_COLOR"], !value.isEmpty { return false }
        if ProcessInfo.processInfo.environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) != 0
    }
}
