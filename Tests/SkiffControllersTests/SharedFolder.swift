import Foundation

/// The workspace's `shared/` folder (fixtures and data), read in place, never copied: `$SKIFF_SHARED_DIR` when
/// set, else the nearest `shared/` beside a folder above this file (`../shared` from the repository), else
/// `/work/shared` (where a clone elsewhere on these machines still finds it).
enum SharedFolder {
    static let path: String = {
        if let env = ProcessInfo.processInfo.environment["SKIFF_SHARED_DIR"], !env.isEmpty { return env }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/fixtures/azureml")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return directory.appendingPathComponent("shared").path
            }
            directory.deleteLastPathComponent()
        }
        return "/work/shared"
    }()
}
