import Foundation

/// Finds the built `skiffd` and `skiffctl` executables: they sit in the build products folder next to the test
/// bundle (`.build/debug/`), which `swift test` names as the test runner's own path.
enum ProductLocator {
    /// A missing executable, explained so that the fix is obvious.
    struct MissingProduct: Error, CustomStringConvertible {
        var name: String
        var searched: [String]

        var description: String {
            "cannot find the \(name) executable (searched \(searched.joined(separator: ", "))); build it first "
                + "with `SKIFF_FULL=1 swift build --build-tests`, or point SKIFF_PRODUCTS_DIR at the folder holding it"
        }
    }

    /// The absolute path of the executable `name`.
    static func path(of name: String) throws -> String {
        let candidates = folders().map { $0 + "/" + name }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw MissingProduct(name: name, searched: candidates)
    }

    /// Folders that may hold the products, most specific first.
    private static func folders() -> [String] {
        var folders: [String] = []
        if let override = ProcessInfo.processInfo.environment["SKIFF_PRODUCTS_DIR"], !override.isEmpty {
            folders.append(override)
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath()
        folders.append(contentsOf: productFolders(around: runner))
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(contentsOf: productFolders(around: executable))
        }
        folders.append(contentsOf: productFolders(around: Bundle.main.bundleURL.resolvingSymlinksInPath()))
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    /// The folders up the path from `url` until a `.xctest` bundle's parent: on Linux the runner is
    /// `.build/debug/skiffPackageTests.xctest` itself; on Darwin it lies inside the bundle.
    private static func productFolders(around url: URL) -> [String] {
        var result: [String] = []
        var current = url
        for _ in 0..<5 {
            let parent = current.deletingLastPathComponent()
            result.append(parent.path)
            if current.pathExtension == "xctest" { break }
            current = parent
        }
        return result
    }
}
