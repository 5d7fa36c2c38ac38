/// An ARM deployment template that installs the Azure ML extension (a `Microsoft.KubernetesConfiguration/extensions`
/// resource, as Azure/AML-Kubernetes' `deployextension.json`), read as an ``Extension`` per such resource. The
/// resource's name and properties are evaluated with ``ARMTemplateEvaluator`` using the parameters' default values.
/// Also reads an ARM deployment request (`{"properties": {"template": …, "parameters": {"x": {"value": …}}}}`),
/// whose parameter values are used before the defaults.
public struct ARMExtensionTemplateAdapter: ManifestAdapter {
    public let name = "ARM template of the Azure ML extension"

    /// The ARM resource type of cluster extensions.
    public static let extensionResourceType = "microsoft.kubernetesconfiguration/extensions"

    public init() {}

    public func matches(_ root: YAMLNode) -> Bool {
        Self.isTemplate(root) || root[key: "properties"]?[key: "template"].map(Self.isTemplate) == true
    }

    private static func isTemplate(_ node: YAMLNode) -> Bool {
        if let schema = node[key: "$schema"]?.scalar?.value.lowercased(), schema.contains("deploymenttemplate.json") {
            return true
        }
        return node[key: "resources"]?.items?.contains { isExtension($0) } ?? false
    }

    private static func isExtension(_ resource: YAMLNode) -> Bool {
        resource[key: "type"]?.scalar?.value.lowercased() == extensionResourceType
    }

    public func decode(_ root: MappingReader, fileStem: String) -> [any APIObject] {
        guard !Self.isTemplate(root.node) else { return decodeTemplate(root, values: [:]) }
        for key in ["id", "name", "type", "location", "tags"] { root.ignore(key) }
        return root.mapping("properties") { p -> [any APIObject]? in
            for key in ["mode", "debugSetting", "onErrorDeployment", "expressionEvaluationOptions"] { p.ignore(key) }
            var values: [String: Located<ARMValue>] = [:]
            p.mapping("parameters") { parameters -> Void? in
                for name in parameters.keys {
                    parameters.mapping(name) { entry -> Void? in
                        if let reference = entry.node("reference") {
                            entry.context.error(
                                entry.path.child("reference"),
                                reference.mark,
                                "Key Vault references are not supported; give the value"
                            )
                        }
                        if let value = entry.node("value") {
                            values[name] = Located(
                                ARMValue(literal: value),
                                path: entry.path.child("value"),
                                mark: value.mark
                            )
                        }
                        return ()
                    }
                }
                return ()
            }
            return p.mapping("template", required: true) { decodeTemplate($0, values: values) }
        } ?? []
    }

    private func decodeTemplate(_ t: MappingReader, values: [String: Located<ARMValue>]) -> [any APIObject] {
        let context = t.context
        let errorsBefore = context.errors.count
        for key in [
            "$schema", "contentVersion", "apiProfile", "functions", "variables", "outputs", "metadata",
            "definitions", "languageVersion",
        ] {
            t.ignore(key)
        }
        t.mapping("parameters") { parameters -> Void? in
            for name in parameters.keys {
                parameters.mapping(name) { declaration -> Void? in
                    _ = declaration.enumeration(
                        "type",
                        ["string", "securestring", "int", "bool", "object", "secureObject", "array"],
                        required: true,
                        caseInsensitive: true
                    )
                    for key in [
                        "defaultValue", "allowedValues", "minValue", "maxValue", "minLength", "maxLength",
                        "metadata", "nullable",
                    ] {
                        declaration.ignore(key)
                    }
                    return ()
                }
            }
            return ()
        }
        for name in values.keys where !(t.node[key: "parameters"]?[key: name] != nil) {
            if let value = values[name] {
                context.error(value.path, value.mark, "the template has no parameter \(FieldError.quote(name))")
            }
        }
        let evaluator = ARMTemplateEvaluator(template: t.node, path: t.path, parameterValues: values, context: context)
        guard evaluator.requireParameterValues() else {
            for key in t.keys { t.ignore(key) }
            return []
        }
        var objects: [any APIObject] = []
        _ = t.list("resources", required: true) { item, path -> Void? in
            guard let r = MappingReader(item, path: path, context: context) else { return nil }
            defer { r.finish() }
            guard Self.isExtension(item) else {
                for key in r.keys { r.ignore(key) }
                let type = item[key: "type"]?.scalar?.value ?? "?"
                context.warning(path, item.mark, "ignored: \(FieldError.quote(type)) is not a cluster extension")
                return nil
            }
            if let extensionObject = decodeResource(r, evaluator: evaluator) { objects.append(extensionObject) }
            return ()
        }
        if objects.isEmpty && context.errors.count == errorsBefore {
            context.error(
                t.path.child("resources"),
                t.mark("resources"),
                "the template declares no Microsoft.KubernetesConfiguration/extensions resource"
            )
        }
        return context.errors.count == errorsBefore ? objects : []
    }

    private func decodeResource(_ r: MappingReader, evaluator: ARMTemplateEvaluator) -> Extension? {
        let context = r.context
        for key in [
            "type", "apiVersion", "scope", "identity", "location", "dependsOn", "tags", "comments", "plan",
            "kind", "sku", "systemData",
        ] {
            r.ignore(key)
        }
        if let copy = r.node("copy") {
            context.error(r.path.child("copy"), copy.mark, "resource copy loops are not supported")
            return nil
        }
        if let condition = r.node("condition") {
            guard let value = evaluator.evaluate(condition, path: r.path.child("condition")) else { return nil }
            guard case .bool(let deploy) = value else {
                context.error(r.path.child("condition"), condition.mark, "expected a bool, found \(value.typeName)")
                return nil
            }
            if !deploy {
                for key in r.keys { r.ignore(key) }
                return nil
            }
        }
        let name = evaluatedString(r, "name", evaluator: evaluator, required: true).flatMap {
            AzureMLNames.convert($0.value, path: $0.path, mark: $0.mark, context: context)
        }
        let spec = r.mapping("properties", required: true) { p -> Extension.Spec? in
            for key in [
                "provisioningState", "statuses", "errorInfo", "customLocationSettings", "packageUri",
                "currentVersion", "isSystemExtension", "aksAssignedIdentity", "installedVersion",
            ] {
                p.ignore(key)
            }
            if let scope = p.node("scope"), let value = evaluator.evaluate(scope, path: p.path.child("scope")),
                value["namespace"] != nil
            {
                context.error(
                    p.path.child("scope"),
                    scope.mark,
                    "Invalid value: the Azure ML extension installs only at cluster scope"
                )
            }
            let extensionType = evaluatedString(p, "extensionType", evaluator: evaluator, required: true)
            let releaseTrain = evaluatedString(p, "releaseTrain", evaluator: evaluator, required: false)
            let version = evaluatedString(p, "version", evaluator: evaluator, required: false)
            var autoUpgrade: Located<Bool>?
            if let node = p.node("autoUpgradeMinorVersion"),
                let value = evaluator.evaluate(node, path: p.path.child("autoUpgradeMinorVersion"))
            {
                if case .bool(let flag) = value {
                    autoUpgrade = Located(flag, path: p.path.child("autoUpgradeMinorVersion"), mark: node.mark)
                } else {
                    context.error(
                        p.path.child("autoUpgradeMinorVersion"),
                        node.mark,
                        "expected a bool, found \(value.typeName)"
                    )
                }
            }
            let plain = settings(p, "configurationSettings", evaluator: evaluator)
            let protected = settings(p, "configurationProtectedSettings", evaluator: evaluator)
            guard let plain, let protected else { return nil }
            return Extension.build(
                extensionType: extensionType,
                releaseTrain: releaseTrain?.value,
                version: version,
                autoUpgradeMinorVersion: autoUpgrade,
                plain: plain,
                protected: protected,
                context: context
            )
        }
        guard let name, let spec else { return nil }
        return Extension(metadata: ObjectMeta(name: name), spec: spec)
    }

    private func evaluatedString(
        _ r: MappingReader,
        _ key: String,
        evaluator: ARMTemplateEvaluator,
        required: Bool
    ) -> Located<String>? {
        guard let node = r.node(key) else {
            if required { r.context.required(r.path.child(key), r.mark(key)) }
            return nil
        }
        guard let value = evaluator.evaluate(node, path: r.path.child(key)) else { return nil }
        guard case .string(let text) = value else {
            r.context.error(r.path.child(key), node.mark, "expected a string, found \(value.typeName)")
            return nil
        }
        return Located(text, path: r.path.child(key), mark: node.mark)
    }

    /// A settings object as evaluated: every value's text (booleans as `true`/`false`, numbers in decimal), each
    /// marked where the template wrote or computed it. An empty string or null is no settings, as the template
    /// writes `''` for "no protected settings".
    private func settings(
        _ r: MappingReader,
        _ key: String,
        evaluator: ARMTemplateEvaluator
    ) -> ExtensionSettingsValidator.LocatedSettings? {
        let path = r.path.child(key)
        var located = ExtensionSettingsValidator.LocatedSettings(values: [:], marks: [:], path: path, mark: r.mark(key))
        guard let node = r.node(key) else { return located }
        guard let value = evaluator.evaluate(node, path: path) else { return nil }
        switch value {
        case .null, .string(""): return located
        case .object(let entries):
            var ok = true
            for entry in entries {
                let text: String
                switch entry.value {
                case .string(let s): text = s
                case .bool(let b): text = b ? "true" : "false"
                case .int(let i): text = String(i)
                case .null: text = ""
                case .array, .object:
                    r.context.error(path.key(entry.key), entry.mark, "expected a string, found \(entry.value.typeName)")
                    ok = false
                    continue
                }
                located.values[entry.key] = text
                located.marks[entry.key] = entry.mark
            }
            return ok ? located : nil
        default:
            r.context.error(path, node.mark, "expected an object of settings, found \(value.typeName)")
            return nil
        }
    }
}
