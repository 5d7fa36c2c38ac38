import SkiffAPI

// libFuzzer target for the YAML parser and the manifest decoder (Kubernetes kinds and the Azure ML adapters):
// any bytes must come back as objects or errors, never as a crash, a hang or unbounded memory.
//
//   SKIFF_FUZZ=1 swift build --scratch-path .build-fuzz --sanitize=fuzzer --product fuzz-manifests
//   SWIFT_BACKTRACE=enable=no .build-fuzz/debug/fuzz-manifests -max_total_time=60 CORPUS_DIR SEED_DIRS...
//
// The system libyaml is not instrumented: coverage guides through the Swift side (SkiffYAML, SkiffAPI) only.

/// One decoder for every input: building the kind registry per input would dominate the run.
private let decoder = ManifestDecoder(registry: .builtIn, adapters: AzureMLAdapters.all, limits: .default)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifests(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = decoder.decode(bytes: bytes, file: "fuzz.yaml")
    return 0
}
