/// Checks an extension's configuration settings as the `az k8s-extension` CLI does for
/// `Microsoft.AzureML.Kubernetes` (reference §2.4), reporting each problem at the setting it concerns.
public struct ExtensionSettingsValidator {
    /// One of the two settings maps, with where each key was written.
    public struct LocatedSettings {
        /// The settings.
        public var values: [String: String]
        /// Where each key's value was written (missing keys fall back to ``mark``).
        public var marks: [String: Mark]
        /// The map's path (`spec.configurationSettings`).
        public var path: FieldPath
        /// Where the map is (or, when absent, its parent).
        public var mark: Mark

        public init(values: [String: String], marks: [String: Mark], path: FieldPath, mark: Mark) {
            self.values = values
            self.marks = marks
            self.path = path
            self.mark = mark
        }

        func mark(of key: String) -> Mark { marks[key] ?? mark }
    }

    /// `configurationSettings`.
    public var plain: LocatedSettings
    /// `configurationProtectedSettings`.
    public var protected: LocatedSettings
    /// Where problems are recorded.
    public var context: DecodeContext

    public init(plain: LocatedSettings, protected: LocatedSettings, context: DecodeContext) {
        self.plain = plain
        self.protected = protected
        self.context = context
    }

    /// Where a key is set: the plain settings first, as the CLI reads them.
    private func site(_ key: String) -> (FieldPath, Mark) {
        if plain.values[key] != nil { return (plain.path.key(key), plain.mark(of: key)) }
        if protected.values[key] != nil { return (protected.path.key(key), protected.mark(of: key)) }
        return (plain.path.key(key), plain.mark)
    }

    private func value(_ key: String) -> String? { plain.values[key] ?? protected.values[key] }

    /// Records every problem; `spec` must hold the same settings.
    public func validate(_ spec: Extension.Spec) {
        let duplicates = Set(plain.values.keys).intersection(protected.values.keys)
        for key in duplicates.sorted() {
            context.error(
                protected.path.key(key),
                protected.mark(of: key),
                "Duplicate value: \(FieldError.quote(key)): also set in \(plain.path)"
            )
        }
        var booleansOK = true
        for settings in [plain, protected] {
            for key in settings.values.keys.sorted() {
                let text = settings.values[key] ?? ""
                if ExtensionSettingKeys.booleans.contains(key), ExtensionSettingKeys.parseBool(text) == nil {
                    context.invalid(
                        settings.path.key(key),
                        settings.mark(of: key),
                        value: text,
                        "must be True or False"
                    )
                    booleansOK = false
                }
                if key.hasPrefix(ExtensionSettingKeys.nodeSelectorPrefix) {
                    checkNodeSelector(key, text, settings)
                }
            }
        }
        if let purpose = value(ExtensionSettingKeys.clusterPurpose),
            !ExtensionSettingKeys.clusterPurposes.contains(where: { $0.lowercased() == purpose.lowercased() })
        {
            let (path, mark) = site(ExtensionSettingKeys.clusterPurpose)
            context.notSupported(path, mark, value: purpose, supported: ExtensionSettingKeys.clusterPurposes)
        }
        if let type = value(ExtensionSettingKeys.inferenceRouterServiceType), spec.inferenceRouterServiceType == nil {
            let (path, mark) = site(ExtensionSettingKeys.inferenceRouterServiceType)
            context.notSupported(path, mark, value: type, supported: ExtensionSettingKeys.routerServiceTypes)
        }
        guard booleansOK else { return }
        if !spec.enableTraining && !spec.enableInference {
            context.required(
                plain.path,
                plain.mark,
                "set \(ExtensionSettingKeys.enableTraining) or \(ExtensionSettingKeys.enableInference) to True"
            )
        }
        if spec.enableInference { validateInference(spec) }
        let unknownPlain = plain.values.keys.filter { !ExtensionSettingKeys.isKnown($0) }.sorted()
        let unknownProtected = protected.values.keys.filter { !ExtensionSettingKeys.isKnown($0) }.sorted()
        for (settings, unknown) in [(plain, unknownPlain), (protected, unknownProtected)] where !unknown.isEmpty {
            context.warning(
                settings.path,
                settings.marks[unknown[0]] ?? settings.mark,
                "settings unknown to the Azure ML extension are kept as given (keys are case-sensitive): "
                    + unknown.joined(separator: ", ")
            )
        }
    }

    private func validateInference(_ spec: Extension.Spec) {
        let ssl = spec.sslEnabled
        if !ssl && !spec.allowInsecureConnections {
            let key =
                value(ExtensionSettingKeys.allowInsecureConnections) != nil
                ? ExtensionSettingKeys.allowInsecureConnections : ExtensionSettingKeys.enableInference
            let (path, mark) = site(key)
            context.error(
                path,
                mark,
                "Required value: inference needs HTTPS: set sslSecret (or sslCertPemFile and sslKeyPemFile in "
                    + "\(protected.path)), or set allowInsecureConnections to True"
            )
        }
        if ssl && spec.sslCname == nil {
            let (path, mark) = site(ExtensionSettingKeys.sslCname)
            context.required(path, mark, "HTTPS inference endpoints need the certificate's host name")
        }
        if value(ExtensionSettingKeys.inferenceRouterServiceType) == nil {
            let (path, mark) = site(ExtensionSettingKeys.inferenceRouterServiceType)
            context.required(path, mark, "inference needs LoadBalancer, NodePort or ClusterIP")
        }
        if spec.inferenceRouterServiceType == "NodePort", spec.internalLoadBalancerProvider?.lowercased() == "azure" {
            let (path, mark) = site(ExtensionSettingKeys.internalLoadBalancerProvider)
            context.forbidden(
                path,
                mark,
                "an internal load balancer and inferenceRouterServiceType NodePort are mutually exclusive"
            )
        }
    }

    private func checkNodeSelector(_ key: String, _ value: String, _ settings: LocatedSettings) {
        let label = String(key.dropFirst(ExtensionSettingKeys.nodeSelectorPrefix.count))
        let path = settings.path.key(key)
        let mark = settings.mark(of: key)
        if label.isEmpty {
            context.invalid(path, mark, value: key, "a node selector setting names a label: nodeSelector.<label>")
            return
        }
        for problem in NameValidation.isQualifiedName(label) {
            context.invalid(path, mark, value: label, problem)
        }
        for problem in NameValidation.isValidLabelValue(value) {
            context.invalid(path, mark, value: value, problem)
        }
    }
}
