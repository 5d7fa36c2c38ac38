import Foundation
import SkiffYAML
import Testing

/// Parse -> emit -> parse over the Azure ML examples in the shared fixtures folder (read in place, not copied).
struct YAMLRoundTripTests {
    /// `shared/fixtures/azureml` in the nearest folder above this file that has one: the repository's parent in
    /// CI (`shared/` beside the clone), the workspace root for a worktree.
    static let fixturesDirectory: URL? = {
        if let env = ProcessInfo.processInfo.environment["SKIFF_SHARED_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env).appendingPathComponent("fixtures/azureml")
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/fixtures/azureml")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        // A clone elsewhere on these machines: the workspace's shared folder.
        let workspace = URL(fileURLWithPath: "/work/shared/fixtures/azureml")
        return FileManager.default.fileExists(atPath: workspace.path) ? workspace : nil
    }()

    static let fixtureNames: [String] = {
        guard let directory = fixturesDirectory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { [".yml", ".yaml", ".json"].contains(where: $0.hasSuffix) }.sorted()
    }()

    @Test func fixturesAreThere() throws {
        let directory = try #require(Self.fixturesDirectory, "shared/fixtures/azureml not found above \(#filePath)")
        #expect(Self.fixtureNames.count >= 13, "fixtures in \(directory.path): \(Self.fixtureNames)")
        #expect(Self.fixtureNames.contains("rest-amlcompute-get.json"))
        #expect(Self.fixtureNames.contains("job-pytorch-distributed.yml"))
    }

    @Test(arguments: fixtureNames)
    func fixtureSurvivesEmitAndParse(name: String) throws {
        let directory = try #require(Self.fixturesDirectory)
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
        let documents = try YAMLParser().parse(bytes: bytes, file: name)
        try #require(documents.count == 1)
        let root = try #require(documents[0].root)
        #expect(root.pairs != nil, "\(name) holds a mapping")
        let emitted = try YAMLEmitter.emit(documents.compactMap(\.root))
        let reparsed = try YAMLParser().parse(emitted, file: "\(name) (emitted)")
        #expect(reparsed.compactMap { $0.root?.removingMarks() } == [root.removingMarks()], "\(emitted)")
    }

    @Test func readsFixtureValuesWithTheirKinds() throws {
        let directory = try #require(Self.fixturesDirectory)
        let job = try YAMLParser().parse(
            bytes: [UInt8](Data(contentsOf: directory.appendingPathComponent("job-pytorch-distributed.yml")))
        )
        let root = try #require(job.first?.root)
        #expect(root["inputs"]?["epochs"]?.scalar?.kind == .int(1))
        #expect(root["inputs"]?["learning_rate"]?.scalar?.kind == .float("0.2"))
        #expect(root["resources"]?["instance_count"]?.scalar?.kind == .int(2))
        #expect(
            root["command"]?.scalar?.value
                == "python train.py --epochs ${{inputs.epochs}} --learning-rate ${{inputs.learning_rate}} "
                + "--data-dir ${{inputs.cifar}}"
        )
        #expect(root["command"]?.mark == Mark(line: 4, column: 10))

        let rest = try YAMLParser().parse(
            bytes: [UInt8](Data(contentsOf: directory.appendingPathComponent("rest-amlcompute-get.json")))
        )
        let properties = try #require(rest.first?.root?["responses"]?["200"]?["body"]?["properties"]?["properties"])
        #expect(properties["vmSize"]?.scalar?.kind == .string)
        #expect(properties["isolatedNetwork"]?.scalar?.kind == .bool(false))
        #expect(properties["virtualMachineImage"]?.scalar?.kind == .null)
        #expect(properties["scaleSettings"]?["maxNodeCount"]?.scalar?.kind == .int(1))
        #expect(properties["scaleSettings"]?["maxNodeCount"]?.mark == Mark(line: 32, column: 31))
    }

    @Test func readsJSONIndentedWithTabs() throws {
        let json = "{\n\t\"name\": \"x\",\n\t\"items\": [\n\t\t1,\n\t\t{\"a\": null}\n\t],\n\t\"ok\": true\n}\n"
        let root = try #require(try YAMLParser().parse(json).first?.root)
        #expect(root["name"]?.scalar?.kind == .string)
        #expect(root["items"]?.items?.first?.scalar?.kind == .int(1))
        #expect(root["items"]?.items?.last?["a"]?.scalar?.kind == .null)
        #expect(root["items"]?.items?.last?.mark == Mark(line: 5, column: 3))
        #expect(root["ok"]?.scalar?.kind == .bool(true))
        let emitted = try YAMLEmitter.emit(root)
        #expect(emitted == "\"name\": \"x\"\n\"items\":\n- 1\n- \"a\": null\n\"ok\": true\n")
        #expect(try YAMLParser().parse(emitted).first?.root?.removingMarks() == root.removingMarks())
    }
}
