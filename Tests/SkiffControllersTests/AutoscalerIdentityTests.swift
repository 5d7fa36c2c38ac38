import Foundation
import Testing

@testable import SkiffControllers

/// A compute cluster's managed identity reaches the pods of its jobs.
struct AutoscalerIdentityTests {
    static let identityID =
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/trainer"

    static func cluster(identity: String) -> String {
        """
        $schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json
        name: id-cluster
        type: amlcompute
        size: Standard_DS3_v2
        max_instances: 2
        identity:
        \(identity)
        """
    }

    static let job = """
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        name: train
        command: python train.py
        environment: {image: python:3.12}
        compute: azureml:id-cluster
        """

    static func variable(_ pod: Pod, _ name: String) -> String? {
        pod.spec.containers.first?.env.first { $0.name == name }?.value
    }

    @Test func theFirstUserAssignedIdentityIsTheDefault() throws {
        let h = try JobHarness()
        try h.apply(
            Self.cluster(
                identity: """
                      type: user_assigned
                      user_assigned_identities:
                        - resource_id: \(Self.identityID)
                          client_id: 00000000-0000-0000-0000-000000000001
                        - resource_id: \(Self.identityID)-2
                    """
            )
        )
        try h.apply(Self.job)
        try h.reconcile("train")
        let pod = try #require(h.pods(of: "train").first)
        #expect(Self.variable(pod, "DEFAULT_IDENTITY_CLIENT_ID") == "00000000-0000-0000-0000-000000000001")
        #expect(pod.metadata.annotations["skiff.dev/identity-resource-id"] == Self.identityID)
        #expect(pod.metadata.annotations["skiff.dev/identity-type"] == "user_assigned")
    }

    @Test func anIdentityWithoutClientIDIsNamedByItsResourceID() throws {
        let h = try JobHarness()
        try h.apply(
            Self.cluster(
                identity: """
                      type: user_assigned
                      user_assigned_identities:
                        - resource_id: \(Self.identityID)
                    """
            )
        )
        try h.apply(Self.job)
        try h.reconcile("train")
        let pod = try #require(h.pods(of: "train").first)
        #expect(Self.variable(pod, "DEFAULT_IDENTITY_CLIENT_ID") == Self.identityID)
    }

    @Test func aSystemAssignedIdentityIsTheCompute() throws {
        let h = try JobHarness()
        let objects = try h.apply(Self.cluster(identity: "  type: system_assigned"))
        try h.apply(Self.job)
        try h.reconcile("train")
        let pod = try #require(h.pods(of: "train").first)
        #expect(Self.variable(pod, "DEFAULT_IDENTITY_CLIENT_ID") == objects.first?.metadata.uid)
        #expect(pod.metadata.annotations["skiff.dev/identity-type"] == "system_assigned")
        #expect(pod.metadata.annotations["skiff.dev/identity-resource-id"] == nil)
    }

    @Test func aClusterWithoutIdentityGivesNone() throws {
        let h = try JobHarness()
        try h.apply(JobHarness.amlCompute("id-cluster", size: "Standard_DS3_v2"))
        try h.apply(Self.job)
        try h.reconcile("train")
        let pod = try #require(h.pods(of: "train").first)
        #expect(Self.variable(pod, "DEFAULT_IDENTITY_CLIENT_ID") == nil)
    }
}
