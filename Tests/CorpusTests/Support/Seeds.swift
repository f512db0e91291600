import Foundation

/// The five seed articles of the package, found relative to this source file.
enum Seeds {
    /// The package root: the nearest folder above this file holding `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The `seeds/` folder.
    static let folder = packageRoot.appendingPathComponent("seeds")

    /// The path of the seed whose file name starts with `prefix` (`"000"`).
    static func path(_ prefix: String) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard let name = names.sorted().first(where: { $0.hasPrefix(prefix) }) else {
            fatalError("no seed \(prefix) in \(folder.path)")
        }
        return folder.appendingPathComponent(name).path
    }

    /// The raw text of a seed.
    static func text(_ prefix: String) -> String {
        (try? String(contentsOfFile: path(prefix), encoding: .utf8)) ?? ""
    }
}
