import Foundation

/// Locations inside the package checkout, found from this source file so
/// tests run the same from any working directory.
public enum PackagePaths {
    /// The package root (the directory holding Package.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The `seeds/` directory of the five seed articles.
    public static var seeds: URL { root.appendingPathComponent("seeds") }

    /// The seed article files, sorted by name.
    public static func seedFiles() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { seeds.appendingPathComponent($0) }
    }

    /// The raw UTF-8 contents of the seed articles, in file-name order.
    public static func seedTexts() throws -> [String] {
        try seedFiles().map { try String(contentsOf: $0, encoding: .utf8) }
    }
}
