/// The Azure ML cluster extension (`Microsoft.AzureML.Kubernetes`) and its configuration settings, as
/// `az k8s-extension create` or an ARM template declares it. Cluster-scoped. Its `nodeSelector.*` settings apply to
/// every ML workload; `enableTraining`/`enableInference` say what the cluster runs.
public struct Extension: APIObject {
    /// The only extension type Skiff implements, as Azure shows it (compared case-insensitively).
    public static let azureMLExtensionType = "microsoft.azureml.kubernetes"

    /// The extension as `az k8s-extension create` declares it.
    public struct Spec: Sendable, Equatable {
        /// Always ``Extension/azureMLExtensionType``.
        public var extensionType: String
        /// Default `stable`.
        public var releaseTrain: String
        /// A pinned version; only with `autoUpgradeMinorVersion: false`.
        public var version: String?
        /// Default true, or false when a version is pinned.
        public var autoUpgradeMinorVersion: Bool
        /// Settings as strings (ARM's `configurationSettings`); see the typed accessors.
        public var configurationSettings: [String: String]
        /// Secret settings (certificates, keys, connection strings).
        public var configurationProtectedSettings: [String: String]

        public init(
            extensionType: String = Extension.azureMLExtensionType,
            releaseTrain: String = "stable",
            version: String? = nil,
            autoUpgradeMinorVersion: Bool = true,
            configurationSettings: [String: String] = [:],
            configurationProtectedSettings: [String: String] = [:]
        ) {
            self.extensionType = extensionType
            self.releaseTrain = releaseTrain
            self.version = version
            self.autoUpgradeMinorVersion = autoUpgradeMinorVersion
            self.configurationSettings = configurationSettings
            self.configurationProtectedSettings = configurationProtectedSettings
        }
    }

    /// How the installation went.
    public typealias Status = ProvisioningStatus

    public static let resource = ResourceType(
        group: "skiff.dev",
        version: "v1alpha1",
        kind: "Extension",
        plural: "extensions",
        shortNames: ["ext"],
        namespaced: false,
        categories: ["skiff"]
    )

    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: Status

    public init(metadata: ObjectMeta, spec: Spec, status: Status = Status()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public static func decodeSpec(from root: MappingReader) -> Spec? {
        root.mapping("spec", required: true) { r in
            let typeText = r.string("extensionType", required: true)
            let releaseTrain = r.string("releaseTrain")
            let version = r.string("version")
            let autoUpgrade = r.bool("autoUpgradeMinorVersion")
            let plain = readSettings(r, "configurationSettings")
            let protected = readSettings(r, "configurationProtectedSettings")
            return build(
                extensionType: r.located("extensionType", typeText),
                releaseTrain: releaseTrain,
                version: r.located("version", version),
                autoUpgradeMinorVersion: r.located("autoUpgradeMinorVersion", autoUpgrade),
                plain: plain,
                protected: protected,
                context: r.context
            )
        }
    }

    /// Reads a settings map, keeping where each key was written. Values may be any scalar (its text is kept:
    /// `enableTraining: true` is `"true"`); a key repeated in the same map is an error.
    public static func readSettings(_ r: MappingReader, _ key: String) -> ExtensionSettingsValidator.LocatedSettings {
        var settings = ExtensionSettingsValidator.LocatedSettings(
            values: [:],
            marks: [:],
            path: r.path.child(key),
            mark: r.mark(key)
        )
        guard let node = r.node(key) else { return settings }
        guard let pairs = node.pairs else {
            r.context.error(settings.path, node.mark, "expected a mapping, found \(node.kindDescription)")
            return settings
        }
        for pair in pairs {
            guard let name = pair.key.scalar?.value else {
                r.context.error(
                    settings.path,
                    pair.key.mark,
                    "expected a string key, found \(pair.key.kindDescription)"
                )
                continue
            }
            if settings.values[name] != nil {
                r.context.error(settings.path.key(name), pair.key.mark, "Duplicate value: \(FieldError.quote(name))")
                continue
            }
            guard
                let value = MappingReader.string(
                    pair.value,
                    path: settings.path.key(name),
                    context: r.context,
                    lenient: true
                )
            else { continue }
            settings.values[name] = value
            settings.marks[name] = pair.value.mark
        }
        return settings
    }

    /// Builds a spec from its parts wherever they were read (Skiff's kind, an ARM template), applying defaults
    /// and the CLI's validation. Each part carries its value, path and position.
    public static func build(
        extensionType: Located<String>?,
        releaseTrain: String?,
        version: Located<String>?,
        autoUpgradeMinorVersion: Located<Bool>?,
        plain: ExtensionSettingsValidator.LocatedSettings,
        protected: ExtensionSettingsValidator.LocatedSettings,
        context: DecodeContext
    ) -> Spec? {
        let errorsBefore = context.errors.count
        guard let extensionType else { return nil }
        if extensionType.value.lowercased() != azureMLExtensionType {
            context.notSupported(
                extensionType.path,
                extensionType.mark,
                value: extensionType.value,
                supported: [azureMLExtensionType]
            )
        }
        var spec = Spec(
            releaseTrain: releaseTrain ?? "stable",
            version: version?.value,
            autoUpgradeMinorVersion: autoUpgradeMinorVersion?.value ?? (version == nil),
            configurationSettings: plain.values,
            configurationProtectedSettings: protected.values
        )
        if let version, let autoUpgradeMinorVersion, autoUpgradeMinorVersion.value {
            context.forbidden(
                autoUpgradeMinorVersion.path,
                autoUpgradeMinorVersion.mark,
                "must be false when version \(FieldError.quote(version.value)) is set"
            )
        }
        spec.extensionType = azureMLExtensionType
        ExtensionSettingsValidator(plain: plain, protected: protected, context: context).validate(spec)
        return context.errors.count == errorsBefore ? spec : nil
    }

    public static func decodeStatus(from root: MappingReader) -> Status? {
        ProvisioningStatus.decode(from: root)
    }

    public func encodeSpec(into object: inout JSONObject) {
        var spec = JSONObject()
        spec["extensionType"] = .string(self.spec.extensionType)
        spec["releaseTrain"] = .string(self.spec.releaseTrain)
        spec.put("version", nonEmpty: self.spec.version)
        spec["autoUpgradeMinorVersion"] = .bool(self.spec.autoUpgradeMinorVersion)
        spec.put("configurationSettings", nonEmpty: self.spec.configurationSettings)
        spec.put("configurationProtectedSettings", nonEmpty: self.spec.configurationProtectedSettings)
        object["spec"] = .object(spec)
    }

    public func encodeStatus(into object: inout JSONObject) {
        status.encode(into: &object)
    }
}
