import SkiffControllers
import SkiffNode
import Testing

/// `skiffd.yaml` turned into control plane options.
struct ControlPlaneOptionsTests {
    @Test func theNodeSectionBecomesTheLocalNode() throws {
        let config = try DaemonConfiguration.parse(
            """
            stateDir: /tmp/skiff-state
            node:
              name: box
              labels: {pool: ml}
              systemReserved: {cpu: 500m}
              maxPods: 20
              devicePluginPresent: true
              cgroups: false
            """,
            file: "skiffd.yaml"
        )
        let options = ControlPlane.Options(daemon: config)
        let local = try #require(options.localNode)
        #expect(local.nodeName == "box")
        #expect(local.labels == ["pool": "ml"])
        #expect(local.systemReserved[.cpu] == Quantity(milli: 500))
        #expect(local.maxPods == 20)
        #expect(local.advertiseGPUs)
        #expect(local.ephemeralStoragePath == "/tmp/skiff-state")
        #expect(options.cgroups?.support.isAnyAvailable == false)
        #expect(options.runsScheduler)
    }

    @Test func noLocalNodeWhenDisabled() throws {
        let config = try DaemonConfiguration.parse("node: {enabled: false}\n", file: "skiffd.yaml")
        #expect(ControlPlane.Options(daemon: config).localNode == nil)
    }

    @Test func theDaemonMovesIntoALeafCgroupOnlyAsASystemdService() {
        #expect(ControlPlane.Options.isSystemdService(environment: ["INVOCATION_ID": "0f3c5e1d9a"]))
        #expect(!ControlPlane.Options.isSystemdService(environment: ["INVOCATION_ID": ""]))
        #expect(!ControlPlane.Options.isSystemdService(environment: ["NOTIFY_SOCKET": "/run/systemd/notify"]))
    }
}
