import SkiffNode
import Testing

struct GPUProbeTests {
    /// How long a fake `nvidia-smi` may take: generous, because a loaded machine under ThreadSanitizer can take
    /// seconds to spawn and reap a shell script (the probe's own default is 10 s).
    static let generous = Duration.seconds(120)

    static let twoGPUs = """
        #!/bin/sh
        [ "$1" = "--query-gpu=index,uuid,name,memory.total" ] || exit 9
        [ "$2" = "--format=csv,noheader,nounits" ] || exit 9
        echo "0, GPU-aaaa, NVIDIA A100-SXM4-80GB, 81920"
        echo "1, GPU-bbbb, NVIDIA A100-SXM4-80GB, 81920"
        """

    @Test func findsTwoGPUsFromAFakeNvidiaSMI() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("bin/nvidia-smi", Self.twoGPUs, executable: true)
        let result = await GPUProbe(searchPath: "/nonexistent:\(dir.child("bin"))", timeout: Self.generous).probe()
        #expect(result.problem == nil)
        #expect(result.devices.map(\.uuid) == ["GPU-aaaa", "GPU-bbbb"])
        #expect(result.devices.map(\.memoryMiB) == [81920, 81920])
    }

    @Test func missingNvidiaSMIMeansNoGPUs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let result = await GPUProbe(searchPath: dir.path, timeout: Self.generous).probe()
        #expect(result.devices.isEmpty)
        #expect(result.problem == "nvidia-smi is not on PATH")
    }

    @Test func aFileThatIsNotExecutableIsNotFound() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("nvidia-smi", Self.twoGPUs, executable: false)
        let result = await GPUProbe(searchPath: dir.path, timeout: Self.generous).probe()
        #expect(result.devices.isEmpty)
        #expect(result.problem == "nvidia-smi is not on PATH")
    }

    @Test func failingNvidiaSMIMeansNoGPUs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let script = """
            #!/bin/sh
            echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." >&2
            exit 1
            """
        let path = try dir.write("nvidia-smi", script, executable: true)
        let result = await GPUProbe(searchPath: dir.path, timeout: Self.generous).probe()
        #expect(result.devices.isEmpty)
        #expect(
            result.problem
                == "\(path) exited with status 1: NVIDIA-SMI has failed because it couldn't communicate with the "
                + "NVIDIA driver."
        )
    }

    @Test func malformedOutputMeansNoGPUs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("nvidia-smi", "#!/bin/sh\necho 'garbage without commas'\necho '1;2;3;4'\n", executable: true)
        let result = await GPUProbe(searchPath: dir.path, timeout: Self.generous).probe()
        #expect(result.devices.isEmpty)
        let problem = try #require(result.problem)
        #expect(problem.hasPrefix("nvidia-smi output unreadable: line 1: expected 4 comma-separated fields"))
    }

    @Test func partlyMalformedOutputKeepsTheGoodDevices() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("nvidia-smi", "#!/bin/sh\necho '0, GPU-a, Tesla T4, 15360'\necho '1, GPU-b'\n", executable: true)
        let result = await GPUProbe(searchPath: dir.path, timeout: Self.generous).probe()
        #expect(result.devices.map(\.index) == [0])
        #expect(result.problem?.hasPrefix("nvidia-smi output partly unreadable: line 2") == true)
    }

    @Test func aHangingNvidiaSMIIsKilledAndMeansNoGPUs() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("nvidia-smi", "#!/bin/sh\nexec sleep 600\n", executable: true)
        let result = await GPUProbe(searchPath: dir.path, timeout: .milliseconds(300)).probe()
        #expect(result.devices.isEmpty)
        #expect(result.problem?.hasSuffix("did not answer within 0.3 seconds") == true)
    }
}
