import ArgumentParser
import Foundation
import SkiffAPI

/// `skiffctl validate PATH...`: reads manifest files and folders offline, as the daemon would, and prints every
/// error as `FILE:LINE:COLUMN: message`. Exit status 0 when everything is valid, 1 otherwise.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check manifest files and folders offline (no daemon needed)."
    )

    @Argument(help: "Files or folders to check.")
    var paths: [String]

    @Flag(name: .long, help: "Do not print warnings.")
    var quiet = false

    func run() throws {
        let report = ManifestValidator(decoder: .standard).validate(paths)
        for line in report.lines(includeWarnings: !quiet) { print(line) }
        if !report.errors.isEmpty { throw ExitCode.failure }
        if report.errors.isEmpty && report.files > 0 {
            printError("\(report.files) files, \(report.objects) objects: valid")
        }
        if report.files == 0 {
            printError("no manifest files (.yaml, .yml, .json) found in \(paths.joined(separator: " "))")
            throw ExitCode.failure
        }
    }
}
