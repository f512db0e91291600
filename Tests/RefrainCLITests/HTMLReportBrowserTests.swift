import Foundation
import Testing

/// Loads the report in a real browser (headless Chromium, installed by
/// scripts/lib/deps.sh) and fails on console errors or missing sections.
/// Without Chromium the test is skipped, unless REFRAIN_REQUIRE_BROWSER=1
/// (scripts/test sets it) turns that into a failure.
@Suite("HTML report in Chromium")
struct HTMLReportBrowserTests {
    static let browser: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func reportLoadsWithoutConsoleErrorsAndHasEverySection() throws {
        guard let browser = Self.browser else {
            let required = ProcessInfo.processInfo.environment["REFRAIN_REQUIRE_BROWSER"] == "1"
            #expect(!required, "Chromium is required (REFRAIN_REQUIRE_BROWSER=1) but not installed; run scripts/setup")
            return
        }
        let folder = try CLIRunner.temporaryDirectory()
        let page = folder.appendingPathComponent("report.html").path
        let result = try CLIRunner.run(["report", "seeds/", "-o", page])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("wrote"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--dump-dom", "file://\(page)"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errors = Data()
        let reader = Thread { errors = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        let log = String(decoding: errors, as: UTF8.self)

        let consoleLines = log.split(separator: "\n").filter { $0.contains("CONSOLE") }
        #expect(consoleLines.isEmpty, "console: \(consoleLines)")
        for section in ["overview", "map", "clusters", "heatmap", "talking-points", "speakers"] {
            #expect(dom.contains("<section id=\"\(section)\""), "missing section \(section)")
        }
        #expect(dom.components(separatedBy: "<circle").count - 1 >= 5, "map and timelines should draw points")
        #expect(dom.contains("interference in China"), "talking points should be on the page")
        #expect(!dom.contains("http://") && !dom.contains("https://"), "the page must not reference the network")
    }
}
