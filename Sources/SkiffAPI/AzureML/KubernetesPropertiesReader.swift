/// Reads Azure ML's REST `KubernetesProperties` — `namespace`, `defaultInstanceType`, `instanceTypes` and the
/// connection plumbing Skiff has no use for — wherever they appear: a REST body's `properties.properties`, the CLI
/// v2 `properties:` block, or the 2021 attach configuration (which is just these keys). Instance type names are
/// converted to Kubernetes names (`defaultInstanceType` becomes `defaultinstancetype`).
enum KubernetesPropertiesReader {
    /// What was read beyond the spec, for cross-checks by the caller.
    struct Result {
        var namespace: Located<String>?
    }

    /// The REST fields that configure Azure's relay, service bus and extension identity.
    static let plumbing = [
        "relayConnectionString", "serviceBusConnectionString", "extensionPrincipalId",
        "extensionInstanceReleaseTrain", "vcName",
    ]

    static func read(_ r: MappingReader, into spec: inout KubernetesCompute.Spec) -> Result {
        for key in plumbing { _ = r.node(key) }
        let namespace = r.located("namespace", r.string("namespace"))
        if let namespace {
            spec.namespace = KubernetesCompute.checkNamespace(namespace, context: r.context) ?? namespace.value
        }
        var defaultType = r.located("defaultInstanceType", r.string("defaultInstanceType"))
        if let written = defaultType {
            let converted = AzureMLNames.convert(
                written.value,
                path: written.path,
                mark: written.mark,
                context: r.context
            )
            defaultType?.value = converted ?? written.value
            spec.defaultInstanceType = converted
        }
        let instanceTypes = KubernetesCompute.readInstanceTypes(r, key: "instanceTypes", convertNames: true)
        spec.instanceTypes = instanceTypes ?? [:]
        KubernetesCompute.checkDefault(
            defaultType,
            in: spec.instanceTypes,
            given: instanceTypes != nil,
            context: r.context
        )
        return Result(namespace: namespace)
    }
}
