import Foundation
import _TestSupport

/// The result of one `refrain` run.
struct CLIResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs the `refrain` executable built next to the test bundle.
enum CLIRunner {
    /// The build products directory (where SwiftPM put the test bundle and `refrain`).
    static let productsDirectory: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var url = runner.deletingLastPathComponent()
        // On Linux the runner is `.build/<triple>/debug/RefrainPackageTests.xctest`.
        while url.path != "/" {
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("refrain").path) { return url }
            url.deleteLastPathComponent()
        }
        return PackagePaths.root.appendingPathComponent(".build/debug")
    }()

    /// Runs `refrain arguments…` in the package root with `stdin` as standard input.
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> CLIResult {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("refrain")
        process.arguments = arguments
        process.currentDirectoryURL = PackagePaths.root
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return CLIResult(status: process.terminationStatus,
                         standardOutput: String(decoding: outputData, as: UTF8.self),
                         standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("refrain-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Parses JSON output into a dictionary.
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }
}
