import SkiffNode
import Testing

struct KubernetesArchitectureTests {
    @Test(arguments: [
        ("x86_64", "amd64"), ("aarch64", "arm64"), ("armv7l", "arm"), ("i686", "386"), ("ppc64le", "ppc64le"),
        ("s390x", "s390x"), ("riscv64", "riscv64"), ("sparc64", "sparc64"),
    ])
    func namesMachinesAsGo(machine: String, expected: String) {
        #expect(KubernetesArchitecture.name(forMachine: machine) == expected)
    }
}
