import Foundation
import SkiffControllers
import Testing

/// Every compute cluster fixture of the shared folder loads and reconciles to a steady cluster of its
/// `min_instances` nodes, or is refused with a precise error.
extension ControlPlaneSuite {
    @Suite struct AutoscalerFixtureTests {
        static let fixtures = [
            "amlcompute-cluster-basic.yml",
            "amlcompute-cluster-low-priority.yml",
            "amlcompute-cluster-minimal.yml",
            "amlcompute-cluster-user-identity.yml",
            "rest-amlcompute-get.json",
        ]

        /// Fixtures that are refused, with the error each gets.
        static let refused: [String: String] = [:]

        @Test(arguments: fixtures) func aFixtureReconcilesOrIsRefusedPrecisely(_ name: String) async throws {
            let path = SharedFolder.path + "/fixtures/azureml/" + name
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let result = ManifestDecoder.standard.decode(bytes: bytes, file: name)
            if let expected = Self.refused[name] {
                #expect(result.errors.map(\.description).contains { $0.contains(expected) }, "\(result.errors)")
                return
            }
            #expect(result.errors.isEmpty, "\(result.errors)")
            let h = try await ControlPlaneSuite.AutoscalerTests.harness()
            for item in result.objects { _ = try h.store.create(item.object) }
            await h.settle()
            let clusters = (try? h.store.list(AmlCompute.self)) ?? []
            #expect(clusters.count == 1)
            for cluster in clusters {
                #expect(cluster.status.conditions[type: "Ready"]?.status == .true)
                #expect(cluster.status.provisioningState == "Succeeded")
                #expect(cluster.status.currentNodeCount == cluster.spec.minInstances)
                #expect(cluster.status.allocationState == .steady)
                let nodes = ((try? h.store.list(Node.self)) ?? [])
                    .filter { $0.metadata.labels["skiff.dev/compute"] == cluster.metadata.name }
                #expect(nodes.count == cluster.spec.minInstances)
            }
        }

        @Test func bothIdentityKindsAtOnceAreRefusedWithTheSeedsWording() {
            let text = """
                $schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json
                name: both
                type: amlcompute
                identity:
                  type: system_assigned,user_assigned
                  user_assigned_identities:
                    - resource_id: /subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u
                """
            let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: "both.yml")
            #expect(
                result.errors.contains {
                    $0.message.contains("a compute has one system-assigned identity or user-assigned identities, not both")
                },
                "\(result.errors)"
            )
        }
    }
}
