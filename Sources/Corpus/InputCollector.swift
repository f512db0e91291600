import Foundation

/// Expands the paths given to the loader into files.
///
/// `-` is JSONL on standard input. A file is read by its extension (unknown
/// extensions as a text article). A folder is walked (into subfolders when
/// `recursive`), its article files sorted by path (byte order, so the result does
/// not depend on the file system or locale); every other entry — other
/// extensions, hidden files and folders, subfolders when not recursive — is
/// skipped with a warning. A folder without articles is an error. Symbolic links
/// are followed once (a folder reached twice is skipped with a warning).
///
/// - Complexity: O(entries · log entries) per folder plus the file-system calls.
enum InputCollector {
    static func collect(_ paths: [String], recursive: Bool,
                        warnings: inout [CorpusWarning]) throws(CorpusError) -> [InputFile] {
        var files: [InputFile] = []
        for path in paths {
            if path == "-" {
                files.append(InputFile(path: "-", format: .jsonl))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .missingPath(path)
            }
            if isDirectory.boolValue {
                files += try walk(path, recursive: recursive, warnings: &warnings)
            } else {
                let format = CorpusFileFormat(fileExtension: CorpusFileFormat.fileExtension(of: path)) ?? .text
                files.append(InputFile(path: path, format: format))
            }
        }
        return files
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func walk(_ root: String, recursive: Bool,
                             warnings: inout [CorpusWarning]) throws(CorpusError) -> [InputFile] {
        var found: [InputFile] = []
        var skipped: [(path: String, why: String)] = []
        var visited = Set<String>()
        var pending = [root]
        while let folder = pending.popLast() {
            let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            guard visited.insert(real).inserted else {
                skipped.append((folder, "skipped: this folder was already read through another path"))
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                throw .unreadableFile(path: folder, reason: error.localizedDescription)
            }
            for name in names {
                let path = join(folder, name)
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                if name.hasPrefix(".") {
                    skipped.append((path, isDirectory.boolValue ? "skipped: hidden folder" : "skipped: hidden file"))
                } else if !exists {
                    skipped.append((path, "skipped: broken link"))
                } else if isDirectory.boolValue {
                    if recursive {
                        pending.append(path)
                    } else {
                        skipped.append((path, "skipped: subfolder (recursive loading is off)"))
                    }
                } else if let format = CorpusFileFormat(fileExtension: CorpusFileFormat.fileExtension(of: path)) {
                    found.append(InputFile(path: path, format: format))
                } else {
                    skipped.append((path, "skipped: not an article file (.txt, .md, .jsonl or .csv); "
                        + "name it explicitly to read it as a text article"))
                }
            }
        }
        skipped.sort { precedes($0.path, $1.path) }
        for entry in skipped {
            warnings.append(CorpusWarning(kind: .skippedFile, path: entry.path, message: entry.why))
        }
        if found.isEmpty { throw .folderWithoutArticles(path: root, skipped: skipped.count) }
        found.sort { precedes($0.path, $1.path) }
        return found
    }
}
