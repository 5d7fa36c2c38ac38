import SkiffRuntime
import Testing

/// `skiffd.yaml`: every key read, every problem reported with its line and column.
struct DaemonConfigurationTests {
    @Test func anEmptyFileGivesTheDefaults() throws {
        let config = try DaemonConfiguration.parse("", file: "skiffd.yaml")
        #expect(config == DaemonConfiguration())
        #expect(config.node.enabled && config.node.cgroups && !config.node.devicePluginPresent)
        #expect(config.node.maxPods == 110 && config.node.name == nil)
        #expect(config.scheduler.scoringStrategy == "LeastAllocated" && config.scheduler.preemption)
    }

    @Test func theNodeAndSchedulerSectionsAreRead() throws {
        let config = try DaemonConfiguration.parse(
            """
            workers: 3
            node:
              enabled: true
              name: gpu-box-1
              labels: {pool: ml, example.com/team: vision}
              systemReserved: {cpu: 500m, memory: 1Gi}
              maxPods: 50
              devicePluginPresent: true
              cgroups: false
            scheduler:
              scoringStrategy: MostAllocated
              preemption: false
            """,
            file: "skiffd.yaml"
        )
        #expect(config.workers == 3)
        #expect(config.node.name == "gpu-box-1")
        #expect(config.node.labels == ["pool": "ml", "example.com/team": "vision"])
        #expect(config.node.systemReserved[.cpu] == Quantity(milli: 500))
        #expect(config.node.systemReserved[.memory] == Quantity(1 << 30))
        #expect(config.node.maxPods == 50)
        #expect(config.node.devicePluginPresent)
        #expect(!config.node.cgroups)
        #expect(config.scheduler.scoringStrategy == "MostAllocated")
        #expect(!config.scheduler.preemption)
    }

    @Test func theLocalNodeCanBeTurnedOff() throws {
        let config = try DaemonConfiguration.parse("node: {enabled: false}\n", file: "skiffd.yaml")
        #expect(!config.node.enabled)
    }

    @Test func everyProblemIsReportedWithItsPosition() {
        let text = """
            node:
              name: Not_A_Name
              labels: {"bad key!": ok, pool: "bad value!"}
              systemReserved: {cpu: lots, memory: -1Gi}
              maxPods: 0
              cgroups: maybe
              colour: blue
            scheduler:
              scoringStrategy: Packed
            """
        #expect {
            _ = try DaemonConfiguration.parse(text, file: "skiffd.yaml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            let lines = error.errors.map { "\($0.mark.line):\($0.mark.column) \($0.path)" }
            let expected = [
                "2:9 node.name",
                "3:12 node.labels.bad key!",
                "3:34 node.labels.pool",
                "4:25 node.systemReserved.cpu",
                "4:39 node.systemReserved.memory",
                "5:12 node.maxPods",
                "6:12 node.cgroups",
                "9:20 scheduler.scoringStrategy",
            ]
            for item in expected where !lines.contains(item) {
                Issue.record("missing \(item) in \(lines)")
            }
            #expect(error.errors.contains { $0.message.contains("unknown field \"node.colour\"") })
            #expect(error.description.contains("Packed"))
            return true
        }
    }
}
