#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole regular file straight into a byte array with POSIX calls: one
/// allocation and no intermediate copy.
enum FileBytes {
    /// Files at least this large are read in pieces in parallel.
    static let parallelThreshold = 4 << 20

    /// The file's bytes, or `nil` when it is not a regular file or cannot be read
    /// this way (the caller then takes the general path, which also explains failures).
    /// Large files are read in pieces on up to `threads` threads, which also share
    /// the work of mapping the fresh buffer's pages.
    /// - Complexity: O(file size).
    static func read(_ path: String, threads: Int = 1) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let pieces = ParallelChunks.ranges(of: size, into: size < parallelThreshold || threads <= 1 ? 1 : 4 * threads)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let target = Destination(base: base)
            let done = ParallelChunks.map(pieces.count, threads: threads) { k in
                readFully(fd, into: target.base + pieces[k].lowerBound, count: pieces[k].count, at: pieces[k].lowerBound)
            }
            complete = !done.contains(false)
            initialized = complete ? size : 0
        }
        // A file that changed size while being read is left to the general path.
        var probe: UInt8 = 0
        guard complete, pread(fd, &probe, 1, off_t(size)) == 0 else { return nil }
        return bytes
    }

    /// Reads `count` bytes at file offset `offset`; false on an error or an early end of file.
    private static func readFully(_ fd: Int32, into target: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) -> Bool {
        var done = 0
        while done < count {
            let n = pread(fd, target + done, count - done, off_t(offset + done))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    /// The buffer being filled; each piece writes only its own range.
    private struct Destination: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>
    }
}
