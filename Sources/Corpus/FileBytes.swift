#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reads a whole regular file straight into a byte array with POSIX calls: one
/// allocation and no intermediate copy.
enum FileBytes {
    /// The file's bytes, or `nil` when it is not a regular file or cannot be read
    /// this way (the caller then takes the general path, which also explains failures).
    /// - Complexity: O(file size).
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let n = systemRead(fd, buffer.baseAddress! + initialized, size - initialized)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    complete = n == 0
                    return
                }
                initialized += n
            }
        }
        // A file that changed size while being read is left to the general path.
        var probe: UInt8 = 0
        guard complete, bytes.count == size, systemRead(fd, &probe, 1) == 0 else { return nil }
        return bytes
    }
}
