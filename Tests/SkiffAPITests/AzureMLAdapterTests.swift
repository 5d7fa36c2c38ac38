import SkiffAPI
import Testing

struct AzureMLAdapterTests {
    /// Evaluates `expression` in a template with the given parameters and variables (JSON text of the members).
    func evaluate(
        _ expression: String,
        parameters: String = "{}",
        variables: String = "{}",
        functions: String = "[]",
        values: [String: ARMValue] = [:]
    ) throws -> (ARMValue?, [String]) {
        let text = """
            {"parameters": \(parameters), "variables": \(variables), "functions": \(functions),
             "outputs": {"x": {"value": "\(expression)"}}}
            """
        let root = try #require(try YAMLParser().parse(text, file: "t.json").first?.root)
        let context = DecodeContext(file: "t.json")
        let evaluator = ARMTemplateEvaluator(
            template: root,
            path: FieldPath(),
            parameterValues: values.mapValues { Located($0, path: FieldPath("values"), mark: .none) },
            context: context
        )
        let node = try #require(root[key: "outputs"]?[key: "x"]?[key: "value"])
        return (evaluator.evaluate(node, path: FieldPath("outputs.x.value")), context.errors.map(\.description))
    }

    func string(_ value: ARMValue?) -> String? {
        if case .string(let s)? = value { return s }
        return nil
    }

    @Test func parsesExpressions() throws {
        #expect(
            try ARMExpression.parse("if(parameters('a'), 'it''s', 'b')")
                == .call(
                    namespace: nil,
                    name: "if",
                    arguments: [
                        .call(namespace: nil, name: "parameters", arguments: [.string("a")]), .string("it's"),
                        .string("b"),
                    ]
                )
        )
        #expect(
            try ARMExpression.parse("default.f(variables('v').x[0])")
                == .call(
                    namespace: "default",
                    name: "f",
                    arguments: [
                        .index(
                            .property(.call(namespace: nil, name: "variables", arguments: [.string("v")]), "x"),
                            .int(0)
                        )
                    ]
                )
        )
        #expect(throws: ARMExpression.ParseError(offset: 11, message: "unterminated string literal")) {
            try ARMExpression.parse("equals('abc")
        }
        #expect(throws: ARMExpression.ParseError(offset: 12, message: "expected ')', found 'b'")) {
            try ARMExpression.parse("equals('a, 'b')")
        }
        #expect(ARMExpression.isExpression("[x()]") && !ARMExpression.isExpression("[[x]"))
        #expect(ARMExpression.literal("[[x]") == "[x]")
    }

    @Test func evaluatesTheFunctionsTheExtensionTemplateUses() throws {
        let parameters =
            #"{"flag": {"type": "bool", "defaultValue": true}, "id": {"type": "string", "defaultValue": "#
            + #""/a/b/aks1"}, "empty": {"type": "string", "defaultValue": ""}}"#
        #expect(
            string(try evaluate("[if(parameters('flag'), 'yes', parameters('missing'))]", parameters: parameters).0)
                == "yes"
        )
        #expect(string(try evaluate("[last(split(parameters('id'), '/'))]", parameters: parameters).0) == "aks1")
        let (and, _) = try evaluate(
            "[and(not(parameters('flag')), empty(parameters('empty')))]",
            parameters: parameters
        )
        #expect(and.map { $0.isEqual(to: .bool(false)) } == true)
        let (equal, _) = try evaluate("[equals(createObject('a', 1), createObject('a', 1))]")
        #expect(equal.map { $0.isEqual(to: .bool(true)) } == true)
        let (merged, errors) = try evaluate(
            "[union(variables('base'), createObject('b', 'two', 'c', parameters('flag')))]",
            parameters: parameters,
            variables: #"{"base": {"a": "one", "b": "zero", "n": {"x": 1}}}"#
        )
        #expect(errors == [])
        #expect(
            merged.map {
                $0.isEqual(
                    to: .object([
                        ARMObjectEntry(key: "a", value: .string("one"), mark: .none),
                        ARMObjectEntry(key: "b", value: .string("two"), mark: .none),
                        ARMObjectEntry(
                            key: "n",
                            value: .object([ARMObjectEntry(key: "x", value: .int(1), mark: .none)]),
                            mark: .none
                        ),
                        ARMObjectEntry(key: "c", value: .bool(true), mark: .none),
                    ])
                )
            } == true
        )
        // Entries remember where they came from: the literal's line, or the createObject expression's.
        if case .object(let entries)? = merged {
            #expect(entries.map(\.mark.line) == [1, 2, 1, 2])
        }
    }

    @Test func userDefinedFunctionsBindTheirParameters() throws {
        let functions =
            #"[{"namespace": "default", "members": {"boolToString": {"#
            + #""parameters": [{"name": "b", "type": "bool"}], "#
            + #""output": {"type": "string", "value": "[if(parameters('b'), 'True', 'False')]"}}}}]"#
        let (value, errors) = try evaluate(
            "[default.boolToString(parameters('x'))]",
            parameters: #"{"x": {"type": "bool"}}"#,
            functions: functions,
            values: ["x": .bool(false)]
        )
        #expect(errors == [] && string(value) == "False")
    }

    @Test func evaluationErrorsArePositioned() throws {
        let (unsupported, errors) = try evaluate("[concat('a', 'b')]")
        #expect(unsupported == nil)
        #expect(
            errors == [
                "t.json:2:29: outputs.x.value: the template function \"concat\" is not supported; Skiff evaluates and, "
                    + "createObject, empty, equals, if, last, not, parameters, split, union, variables and the "
                    + "template's own functions"
            ]
        )
        let (_, loop) = try evaluate("[variables('a')]", variables: #"{"a": "[variables('a')]"}"#)
        #expect(loop == ["t.json:1:34: variables.a: the variable \"a\" refers to itself"])
        let (_, wrongType) = try evaluate(
            "[parameters('p')]",
            parameters: #"{"p": {"type": "string", "allowedValues": ["A", "B"]}}"#,
            values: ["p": .string("C")]
        )
        #expect(wrongType == ["t.json: values: Unsupported value: \"C\": supported values: \"A\", \"B\""])
    }

    @Test func extensionTemplateValidatesItsEvaluatedSettings() throws {
        let template = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": {"enableInference": {"type": "bool", "defaultValue": true}},
              "variables": {"settings": {
                "enableInference": "[if(parameters('enableInference'), 'True', 'False')]",
                "inferenceRouterServiceType": "LoadBalancer"}},
              "resources": [
                {"type": "Microsoft.Resources/tags", "name": "x"},
                {"type": "Microsoft.KubernetesConfiguration/extensions", "apiVersion": "2022-03-01", "name": "ml",
                 "properties": {"extensionType": "microsoft.azureml.kubernetes",
                   "configurationSettings": "[variables('settings')]"}}
              ]
            }
            """
        let result = AzureMLTestSupport.decode(template, file: "ext.json")
        #expect(
            AzureMLTestSupport.messages(result) == [
                "ext.json:5:24: resources[1].properties.configurationSettings[enableInference]: Required value: "
                    + "inference "
                    + "needs HTTPS: set sslSecret (or sslCertPemFile and sslKeyPemFile in "
                    + "resources[1].properties.configurationProtectedSettings), or set allowInsecureConnections to True"
            ]
        )
        #expect(
            AzureMLTestSupport.warnings(result) == [
                "ext.json:8:5: warning: resources[0]: ignored: \"Microsoft.Resources/tags\" is not a cluster extension"
            ]
        )
    }

    @Test func namesAndReferences() {
        #expect(AzureMLNames.kubernetesName("GPU_Cluster") == "gpu-cluster")
        #expect(AzureMLNames.kubernetesName("_x_") == "x")
        #expect(AzureMLNames.computeName(fromReference: "azureml:gpu-cluster") == "gpu-cluster")
        #expect(
            AzureMLNames.computeName(
                fromReference: "azureml:/subscriptions/s/resourceGroups/r/providers/"
                    + "Microsoft.MachineLearningServices/workspaces/w/computes/k8s"
            ) == "k8s"
        )
        #expect(AzureMLNames.computeName(fromReference: "local") == "local")
        #expect(FieldNaming.snakeCase("idleTimeBeforeScaleDown") == "idle_time_before_scale_down")
        #expect(FieldNaming.camelCase("minInstances") == "minInstances")
        #expect(FieldNaming.normalizedEnumValue("SystemAssigned") == "system_assigned")
        #expect(FieldNaming.normalizedEnumValue("low_priority") == "low_priority")
        #expect(ISO8601Duration.seconds("PT5M") == 300)
        #expect(ISO8601Duration.seconds("P1DT1S") == 86_401)
        #expect(ISO8601Duration.seconds("PT") == nil && ISO8601Duration.seconds("P1M") == nil)
        #expect(ISO8601Duration.seconds("PT0.5S") == nil)
    }

    @Test func unsupportedAzureMLDocumentsGetOneError() {
        let pipeline = AzureMLTestSupport.decode(
            "$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\n"
                + "jobs: {}\n",
            file: "p.yml"
        )
        #expect(
            AzureMLTestSupport.messages(pipeline) == [
                "p.yml:1:10: $schema: Unsupported value: \"pipelinejob.schema.json\": Skiff reads Azure ML amlCompute, "
                    + "kubernetesCompute, commandJob and sweepJob documents"
            ]
        )
        let unknown = AzureMLTestSupport.decode("foo: 1\n", file: "x.yml")
        #expect(
            AzureMLTestSupport.messages(unknown) == [
                "x.yml:1:1: expected a Kubernetes object (apiVersion and kind) or an Azure ML document (type: "
                    + "amlcompute, "
                    + "kubernetes, command or sweep; an attach configuration; a REST body)"
            ]
        )
        #expect(AzureMLAdapters.all.count == 9)
    }
}
