import SkiffControllers
import Testing

/// The `compute:` section of `skiffd.yaml` and how it reaches the control plane.
struct AutoscalerConfigurationTests {
    @Test func theComputeSectionIsReadAndPassedToTheControlPlane() throws {
        let text = """
            compute:
              provisioningDelaySeconds: 90
              quotas: {standardDSv2Family: 24, "Standard NCSv3 Family": 12}
              preemptionRate: 0.5
              provider: exec
              exec: {create: /usr/local/bin/make-node, delete: /usr/local/bin/drop-node, attempts: 4}
            """
        let configuration = try DaemonConfiguration.parse(text, file: "skiffd.yaml")
        let compute = configuration.compute
        #expect(compute.provisioningDelaySeconds == 90)
        #expect(compute.quota(family: "standardDSv2Family") == 24)
        #expect(compute.quota(family: "StandardNCSv3Family") == 12)
        #expect(compute.quota(family: "standardNDv2Family") == nil)
        #expect(compute.preemptionRate == 0.5)
        #expect(compute.provider == "exec")
        #expect(compute.execCreate == "/usr/local/bin/make-node")
        #expect(compute.execDelete == "/usr/local/bin/drop-node")
        #expect(compute.execAttempts == 4)
        #expect(ControlPlane.Options(daemon: configuration).compute == compute)
    }

    @Test func badComputeSettingsAreRefusedWithTheirPlace() {
        let text = "compute:\n  provisioningDelaySeconds: -1\n  preemptionRate: often\n  provider: cloud\n"
        #expect(throws: ConfigurationError.self) { try DaemonConfiguration.parse(text, file: "skiffd.yaml") }
        do {
            _ = try DaemonConfiguration.parse(text, file: "skiffd.yaml")
        } catch {
            let lines = error.errors.map(\.description)
            #expect(lines.count == 3, "\(lines)")
            #expect(lines.contains { $0.contains("compute.provisioningDelaySeconds") }, "\(lines)")
        }
    }
}
