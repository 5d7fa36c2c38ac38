import Foundation
import SkiffNode
import Testing

/// A process runtime over a temporary state directory, with a manual clock and a change signal.
struct RuntimeHarness {
    let dir: TemporaryDirectory
    let clock: ManualClock
    let changes: ChangeSignal
    let runtime: ProcessPodRuntime

    init(
        cgroups: CgroupManager? = nil,
        clock: ManualClock = ManualClock(),
        maxLogBytes: Int64 = 10 << 20,
        stateDirectory: String? = nil
    ) throws {
        dir = try TemporaryDirectory("skiff-runtime")
        self.clock = clock
        changes = ChangeSignal()
        runtime = ProcessPodRuntime(
            configuration: ProcessPodRuntimeConfiguration(
                stateDirectory: stateDirectory ?? dir.path,
                maxLogBytes: maxLogBytes
            ),
            cgroups: cgroups,
            clock: clock,
            onChange: changes.handler
        )
    }

    /// A pod with one container per command, each run as `sh -c <command>`.
    static func pod(
        _ uid: String = UUID().uuidString.lowercased(),
        name: String = "p",
        restartPolicy: RestartPolicy = .never,
        containers: [Container],
        initContainers: [Container] = []
    ) -> Pod {
        var meta = ObjectMeta(name: name, namespace: "default")
        meta.uid = uid
        return Pod(
            metadata: meta,
            spec: PodSpec(initContainers: initContainers, containers: containers, restartPolicy: restartPolicy)
        )
    }

    static func shell(_ name: String, _ script: String, limits: ResourceList = [:]) -> Container {
        Container(
            name: name,
            command: ["/bin/sh", "-c", script],
            resources: ResourceRequirements(limits: limits)
        )
    }

    /// Waits until no container of the pod runs, failing the test after a generous deadline.
    func waitUntilStopped(_ uid: String) async {
        await changes.wait { [runtime] in
            guard let status = runtime.status(podUID: uid) else { return true }
            return !(status.initContainerStatuses + status.containerStatuses).contains { $0.state.running != nil }
        }
        await runtime.waitUntilStopped(podUID: uid)
    }

    /// The whole log of a container, as text.
    func log(_ uid: String, _ container: String, tail: Int? = nil) async throws -> String {
        var bytes: [UInt8] = []
        for try await chunk in try runtime.logs(podUID: uid, container: container, options: LogOptions(tailLines: tail))
        {
            bytes += chunk
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func remove() {
        for uid in runtime.podUIDs { runtime.remove(podUID: uid) }
        dir.remove()
    }
}
