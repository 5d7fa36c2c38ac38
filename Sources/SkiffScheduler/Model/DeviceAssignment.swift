/// The device indices a pod holds, per device resource (`nvidia.com/gpu: [0, 1]`).
///
/// Recorded on a bound pod in the ``SchedulingAnnotations/devices`` annotation as `nvidia.com/gpu=0,1` (resources
/// separated by `;`, in name order), which node runtimes turn into `CUDA_VISIBLE_DEVICES` and
/// `NVIDIA_VISIBLE_DEVICES`, and from which the scheduler rebuilds its ledger after a restart.
public struct DeviceAssignment: Sendable, Hashable, CustomStringConvertible {
    /// Sorted indices per resource; resources with no devices are absent.
    public private(set) var indices: [ResourceName: [Int]]

    /// No devices.
    public init() {
        indices = [:]
    }

    /// The given indices (sorted and de-duplicated; empty lists dropped).
    public init(_ indices: [ResourceName: [Int]]) {
        self.indices = [:]
        for (resource, list) in indices {
            self[resource] = list
        }
    }

    /// Whether no device is held.
    public var isEmpty: Bool { indices.isEmpty }

    /// The indices of one resource, sorted; empty when none.
    public subscript(resource: ResourceName) -> [Int] {
        get { indices[resource] ?? [] }
        set {
            let sorted = Array(Set(newValue)).sorted()
            indices[resource] = sorted.isEmpty ? nil : sorted
        }
    }

    /// The resources with devices, in name order.
    public var resources: [ResourceName] { indices.keys.sorted() }

    /// The annotation value: `nvidia.com/gpu=0,1`, resources in name order separated by `;`; empty when no device
    /// is held.
    public var annotationValue: String {
        resources.map { resource in
            "\(resource.rawValue)=" + self[resource].map(String.init).joined(separator: ",")
        }.joined(separator: ";")
    }

    /// Reads an annotation value written by ``annotationValue``; nil when it is malformed (a missing `=`, an index
    /// that is not a non-negative integer).
    public init?(annotationValue text: String) {
        self.init()
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let name = part[..<equals].trimmingSpaces
            guard !name.isEmpty else { return nil }
            var list: [Int] = []
            for item in part[part.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: true) {
                guard let index = Int(item.trimmingSpaces), index >= 0 else { return nil }
                list.append(index)
            }
            self[ResourceName(name)] = self[ResourceName(name)] + list
        }
    }

    /// The devices recorded on `pod`, empty when it carries none (or a malformed annotation).
    public init(pod: Pod) {
        guard let text = pod.metadata.annotations[SchedulingAnnotations.devices] else {
            self.init()
            return
        }
        self = DeviceAssignment(annotationValue: text) ?? DeviceAssignment()
    }

    /// The value a process gets in `CUDA_VISIBLE_DEVICES` and `NVIDIA_VISIBLE_DEVICES` for `resource`: the indices
    /// joined by commas; empty when none is held (runtimes give such a pod `NVIDIA_VISIBLE_DEVICES=void`).
    public func visibleDevices(_ resource: ResourceName = .nvidiaGPU) -> String {
        self[resource].map(String.init).joined(separator: ",")
    }

    /// The annotation value, or `<none>`.
    public var description: String { isEmpty ? "<none>" : annotationValue }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
