/// Go's `GOARCH` names, which Kubernetes uses for `kubernetes.io/arch` and `nodeInfo.architecture`.
public enum KubernetesArchitecture {
    /// The `GOARCH` name for a kernel machine name (`uname -m`): `x86_64` is `amd64`, `aarch64` is `arm64`.
    /// Names Go does not know are passed through.
    public static func name(forMachine machine: String) -> String {
        switch machine {
        case "x86_64", "amd64": return "amd64"
        case "aarch64", "arm64", "aarch64_be": return "arm64"
        case "i386", "i486", "i586", "i686": return "386"
        case "armv5l", "armv6l", "armv7l", "armv8l", "arm": return "arm"
        case "ppc64le": return "ppc64le"
        case "ppc64": return "ppc64"
        case "s390x": return "s390x"
        case "riscv64": return "riscv64"
        case "loongarch64": return "loong64"
        case "mips64": return "mips64"
        default: return machine
        }
    }
}
