import SkiffNode
import Testing

struct NvidiaSMIOutputTests {
    @Test func readsTwoGPUs() {
        let output = NvidiaSMIOutput(
            parsing: """
                0, GPU-11111111-2222-3333-4444-555555555555, NVIDIA A100-SXM4-80GB, 81920
                1, GPU-66666666-7777-8888-9999-000000000000, NVIDIA A100-SXM4-80GB, 81920

                """
        )
        #expect(output.problems.isEmpty)
        #expect(
            output.devices == [
                GPUDevice(
                    index: 0,
                    uuid: "GPU-11111111-2222-3333-4444-555555555555",
                    name: "NVIDIA A100-SXM4-80GB",
                    memoryMiB: 81920
                ),
                GPUDevice(
                    index: 1,
                    uuid: "GPU-66666666-7777-8888-9999-000000000000",
                    name: "NVIDIA A100-SXM4-80GB",
                    memoryMiB: 81920
                ),
            ]
        )
    }

    @Test func sortsByIndexAndKeepsCommasInNames() {
        let output = NvidiaSMIOutput(parsing: "1, GPU-b, Tesla T4, 15360\n0, GPU-a, Odd, Name, 1024\n")
        #expect(output.devices.map(\.index) == [0, 1])
        #expect(output.devices[0].name == "Odd, Name")
        #expect(output.devices[1].memoryMiB == 15360)
    }

    @Test func skipsMalformedLinesAndSaysWhy() {
        let output = NvidiaSMIOutput(
            parsing: """
                WARNING: infoROM is corrupted at gpu 0000:00:1E.0
                x, GPU-a, Tesla T4, 15360
                1, [N/A], Tesla T4, 15360
                2, GPU-c, Tesla T4, [N/A]
                3, GPU-d, Tesla T4, 15360
                3, GPU-e, Tesla T4, 15360
                4, GPU-f
                """
        )
        #expect(output.devices.map(\.uuid) == ["GPU-d"])
        #expect(output.problems.count == 6)
        #expect(output.problems[0].hasPrefix("line 1: expected 4 comma-separated fields, found 1"))
        #expect(output.problems[1].contains("index \"x\""))
        #expect(output.problems[2].contains("uuid \"[N/A]\""))
        #expect(output.problems[3].contains("memory.total \"[N/A]\""))
        #expect(output.problems[4] == "line 6: index 3 repeated; skipped")
    }

    @Test func emptyOutputMeansNoDevices() {
        let output = NvidiaSMIOutput(parsing: "\n  \n")
        #expect(output.devices.isEmpty)
        #expect(output.problems.isEmpty)
    }

    @Test func asksForTheDocumentedQuery() {
        #expect(
            NvidiaSMIOutput.arguments == ["--query-gpu=index,uuid,name,memory.total", "--format=csv,noheader,nounits"]
        )
    }
}
