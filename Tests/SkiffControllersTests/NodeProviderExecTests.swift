import Foundation
import SkiffControllers
import Testing

/// The `exec` node provider: a compute cluster's nodes come from the configured commands.
extension ControlPlaneSuite {
    @Suite struct NodeProviderExecTests {
        /// A create command that fails `failures` times (counting in `dir/count`), then succeeds and reports a
        /// label; it records the node's environment in `dir/env`.
        static func createScript(_ dir: TemporaryFolder, failures: Int) throws -> String {
            try dir.write(
                "create.sh",
                """
                #!/bin/sh
                n=$(cat "\(dir.path)/count" 2>/dev/null || echo 0)
                n=$((n + 1))
                echo $n > "\(dir.path)/count"
                echo "$SKIFF_NODE_NAME $SKIFF_NODE_SIZE $SKIFF_NODE_CPU $SKIFF_COMPUTE" > "\(dir.path)/env"
                if [ $n -le \(failures) ]; then echo "no capacity in the rack" >&2; exit 1; fi
                echo '{"labels": {"example.com/rack": "r1"}}'

                """,
                executable: true
            )
        }

        static func harness(create: String, delete: String = "", attempts: Int = 3) async throws
            -> ControlPlaneHarness
        {
            try await ControlPlaneSuite.AutoscalerTests.harness(
                .init(provider: "exec", execCreate: create, execDelete: delete, execAttempts: attempts)
            )
        }

        @Test func aCreateThatFailsTwiceIsRetriedWithBackoffAndThenTheNodeIsReady() async throws {
            let dir = try TemporaryFolder("skiff-exec")
            defer { dir.remove() }
            let script = try Self.createScript(dir, failures: 2)
            let deleted = dir.child("deleted")
            let h = try await Self.harness(create: script, delete: "echo $SKIFF_NODE_NAME >> \(deleted)")
            try h.apply(ControlPlaneSuite.AutoscalerTests.cluster(min: 1, max: 1))
            await h.settle()
            var node = try #require(ControlPlaneSuite.AutoscalerTests.nodes(h).first)
            #expect(try String(contentsOfFile: dir.child("count"), encoding: .utf8) == "1\n")
            #expect(node.metadata.annotations["skiff.dev/node-state-message"]?.contains("no capacity") == true)
            #expect(try ControlPlaneSuite.AutoscalerTests.compute(h).status.nodeStateCounts.preparingNodeCount == 1)
            // The first retry waits 5 s, the second 10 s.
            await h.advance(by: .seconds(4))
            await h.settle()
            #expect(try String(contentsOfFile: dir.child("count"), encoding: .utf8) == "1\n")
            await h.advance(by: .seconds(1))
            await h.settle()
            #expect(try String(contentsOfFile: dir.child("count"), encoding: .utf8) == "2\n")
            await h.advance(by: .seconds(10))
            await h.settle()
            #expect(try String(contentsOfFile: dir.child("count"), encoding: .utf8) == "3\n")
            node = try #require(ControlPlaneSuite.AutoscalerTests.nodes(h).first)
            #expect(node.metadata.labels["example.com/rack"] == "r1")
            #expect(node.status.conditions[type: .ready]?.status == .true)
            let env = try String(contentsOfFile: dir.child("env"), encoding: .utf8)
            #expect(env == "\(node.metadata.name) Standard_DS3_v2 4 cpu-cluster\n", "\(env)")
            #expect(try ControlPlaneSuite.AutoscalerTests.compute(h).status.nodeStateCounts.idleNodeCount == 1)
            // Removing the cluster runs the delete command.
            _ = try h.store.delete(ObjectKey(AmlCompute.resource.groupKind, name: "cpu-cluster"))
            await h.settle()
            #expect(try String(contentsOfFile: deleted, encoding: .utf8) == "\(node.metadata.name)\n")
        }

        @Test func aCreateThatKeepsFailingLeavesTheNodeUnusableWithItsStderr() async throws {
            let dir = try TemporaryFolder("skiff-exec")
            defer { dir.remove() }
            let script = try Self.createScript(dir, failures: 100)
            let h = try await Self.harness(create: script, attempts: 2)
            try h.apply(ControlPlaneSuite.AutoscalerTests.cluster(min: 1, max: 1))
            await h.settle()
            await h.advance(by: .seconds(5))
            await h.settle()
            let node = try #require(ControlPlaneSuite.AutoscalerTests.nodes(h).first)
            #expect(node.metadata.annotations["skiff.dev/node-state"] == "unusable")
            #expect(
                node.metadata.annotations["skiff.dev/node-state-message"]
                    == "create command failed 2 times (exit 1): no capacity in the rack"
            )
            let status = try ControlPlaneSuite.AutoscalerTests.compute(h).status
            #expect(status.nodeStateCounts.unusableNodeCount == 1)
        }
    }
}
