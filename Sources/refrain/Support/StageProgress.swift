import Dispatch
import Foundation

/// Progress on standard error for work that can take more than a second:
/// a spinner with the stage, its item count and the elapsed time while it
/// runs, then a line with the rate. Only on a terminal; `--quiet` silences it,
/// `--verbose` prints every stage's timing even when short or not on a terminal.
final class StageProgress: @unchecked Sendable {
    private let enabled: Bool
    private let verbose: Bool
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    private var stage = ""
    private var count = 0
    private var unit = ""
    private var started = DispatchTime.now()
    private var startedCPU = 0.0
    private var drawn = false

    init(quiet: Bool, verbose: Bool) {
        self.verbose = verbose && !quiet
        enabled = !quiet && isatty(STDERR_FILENO) != 0
    }

    /// Starts a stage over `count` items of `unit` (e.g. 1,200 "documents").
    func begin(_ stage: String, count: Int, unit: String) {
        lock.lock()
        self.stage = stage
        self.count = count
        self.unit = unit
        started = DispatchTime.now()
        startedCPU = ProcessUsage.now.cpuSeconds
        drawn = false
        lock.unlock()
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: .milliseconds(120))
        var frame = 0
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock()
            defer { self.lock.unlock() }
            let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"][frame % 10]
            frame += 1
            let line = "\r\(spinner) \(self.stage) \(self.count.formatted()) \(self.unit)  \(String(format: "%.1f", self.elapsed)) s\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
            self.drawn = true
        }
        self.timer = timer
        timer.resume()
    }

    /// Ends the current stage.
    func end() {
        timer?.cancel()
        timer = nil
        lock.lock()
        defer { lock.unlock() }
        let usage = ProcessUsage.now
        let summary = Self.summary(stage, count: count, unit: unit, seconds: elapsed,
                                   measured: (usage.cpuSeconds - startedCPU, usage.peakMegabytes))
        if drawn {
            FileHandle.standardError.write(Data("\r✓ \(summary)\u{1B}[K\n".utf8))
        } else if verbose {
            FileHandle.standardError.write(Data("refrain: \(summary)\n".utf8))
        }
    }

    /// With `--verbose`, the timing line of a stage that ran off the stage
    /// line (alongside another one) and took `seconds`.
    func report(_ stage: String, count: Int, unit: String, seconds: Double) {
        guard verbose else { return }
        FileHandle.standardError.write(Data("refrain: \(Self.summary(stage, count: count, unit: unit, seconds: seconds))\n".utf8))
    }

    /// "placing 1,000 documents in 0.12 s (0.20 CPU s, 8,333 documents/s, peak RSS 412 MB)";
    /// the CPU seconds (all threads of the process, user + system) and the
    /// process's peak resident memory so far only for stages timed on the stage line.
    private static func summary(_ stage: String, count: Int, unit: String, seconds: Double,
                                measured: (cpuSeconds: Double, peakMegabytes: Int)? = nil) -> String {
        let rate = seconds > 0 ? Double(count) / seconds : 0
        let cpu = measured.map { String(format: "%.2f CPU s, ", $0.cpuSeconds) } ?? ""
        let peak = measured.map { ", peak RSS \($0.peakMegabytes) MB" } ?? ""
        return "\(stage) \(count.formatted()) \(unit) in \(String(format: "%.2f", seconds)) s (\(cpu)\(Int(rate).formatted()) \(unit)/s\(peak))"
    }

    /// Runs `body` as one stage.
    func stage<T, E: Error>(_ name: String, count: Int, unit: String, _ body: () throws(E) -> T) throws(E) -> T {
        begin(name, count: count, unit: unit)
        defer { end() }
        return try body()
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9 }
}

/// One `getrusage` reading of this process: user + system CPU seconds of all
/// its threads, and its largest resident set so far in MB (Linux reports
/// kilobytes); zeros when the reading fails.
private struct ProcessUsage {
    var cpuSeconds = 0.0
    var peakMegabytes = 0

    static var now: ProcessUsage {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return ProcessUsage() }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return ProcessUsage(cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakMegabytes: usage.ru_maxrss / 1024)
    }
}
