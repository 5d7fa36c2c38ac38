import Foundation

/// Reads the output of `nvidia-smi --query-gpu=index,uuid,name,memory.total --format=csv,noheader,nounits`.
///
/// One line per GPU: `0, GPU-5f8e…, NVIDIA A100-SXM4-80GB, 81920`. Lines that do not have that shape (a warning
/// the driver prints, `[N/A]` or `[Unknown Error]` in a field, a repeated index) are skipped and described in
/// ``problems``, so that one bad line never hides the good devices and never advertises a device that may not
/// exist.
public struct NvidiaSMIOutput: Sendable, Hashable {
    /// The arguments that produce the output this type reads.
    public static let arguments = [
        "--query-gpu=index,uuid,name,memory.total",
        "--format=csv,noheader,nounits",
    ]

    /// The devices read, in index order.
    public var devices: [GPUDevice]
    /// One sentence per skipped line.
    public var problems: [String]

    /// Parses `text`.
    public init(parsing text: String) {
        var devices: [GPUDevice] = []
        var problems: [String] = []
        var seen = Set<Int>()
        for (number, rawLine) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            switch Self.device(from: line) {
            case .success(let device):
                if seen.insert(device.index).inserted {
                    devices.append(device)
                } else {
                    problems.append("line \(number + 1): index \(device.index) repeated; skipped")
                }
            case .failure(let problem):
                problems.append("line \(number + 1): \(problem.text) in \"\(Self.excerpt(line))\"")
            }
        }
        self.devices = devices.sorted { $0.index < $1.index }
        self.problems = problems
    }

    private struct LineProblem: Error {
        var text: String
    }

    /// A GPU name may in principle hold a comma, so the name is everything between the second field and the last.
    private static func device(from line: String) -> Result<GPUDevice, LineProblem> {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard fields.count >= 4 else {
            return .failure(LineProblem(text: "expected 4 comma-separated fields, found \(fields.count)"))
        }
        guard let index = Int(fields[0]), index >= 0 else {
            return .failure(LineProblem(text: "index \"\(fields[0])\" is not a non-negative integer"))
        }
        let uuid = fields[1]
        guard !uuid.isEmpty, !uuid.hasPrefix("[") else {
            return .failure(LineProblem(text: "uuid \"\(uuid)\" is not available"))
        }
        let name = fields[2..<(fields.count - 1)].joined(separator: ", ")
        guard !name.isEmpty, !name.hasPrefix("[") else {
            return .failure(LineProblem(text: "name \"\(name)\" is not available"))
        }
        guard let memory = Int64(fields[fields.count - 1]), memory >= 0 else {
            return .failure(LineProblem(text: "memory.total \"\(fields[fields.count - 1])\" is not a number of MiB"))
        }
        return .success(GPUDevice(index: index, uuid: uuid, name: name, memoryMiB: memory))
    }

    private static func excerpt(_ line: String) -> String {
        line.count <= 120 ? line : String(line.prefix(117)) + "..."
    }
}
