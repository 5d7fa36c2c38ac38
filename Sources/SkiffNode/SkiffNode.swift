// SkiffNode: node providers (local, virtual, exec hook) and pod runtimes (processes, simulated).
@_exported import SkiffRuntime
