/// Evaluates the expressions of an ARM deployment template far enough to read a resource's properties: the
/// functions `parameters`, `variables`, `if`, `equals`, `union`, `createObject`, `empty`, `not`, `and`, `last`,
/// `split`, and the template's own user-defined functions. Parameters take the values given, else their
/// `defaultValue`; one with neither is an error at its declaration. `if` evaluates only the branch it takes, as ARM
/// does. Errors go to the ``DecodeContext`` with the expression's position; evaluation results are nil after one.
public final class ARMTemplateEvaluator {
    /// The functions Skiff evaluates (besides user-defined ones).
    public static let supportedFunctions = [
        "and", "createObject", "empty", "equals", "if", "last", "not", "parameters", "split", "union", "variables",
    ]

    private struct Declaration {
        var name: String
        var node: YAMLNode
        var path: FieldPath
        var keyMark: Mark
    }

    private struct UserFunction {
        var parameterNames: [String]
        var output: YAMLNode
        var path: FieldPath
    }

    /// Where an expression is, for errors and for the marks of the object entries it builds.
    private struct Site {
        var path: FieldPath
        var mark: Mark
    }

    /// What `parameters('x')` means: the template's parameters, or a user-defined function's arguments.
    private enum Scope {
        case template
        case function(name: String, arguments: [String: ARMValue])
    }

    /// Where errors are recorded.
    public let context: DecodeContext
    private var parameters: [String: Declaration] = [:]
    private let values: [String: Located<ARMValue>]
    private var variables: [String: Declaration] = [:]
    private var functions: [String: UserFunction] = [:]
    private var parameterCache: [String: ARMValue] = [:]
    private var variableCache: [String: ARMValue] = [:]
    private var failed: Set<String> = []
    private var evaluating: Set<String> = []

    /// - Parameters:
    ///   - template: the deployment template's root mapping.
    ///   - path: the template's path in its document (empty at the top of a file).
    ///   - parameterValues: values given for parameters, by name (case-insensitive), with where they were given.
    public init(
        template: YAMLNode,
        path: FieldPath,
        parameterValues: [String: Located<ARMValue>],
        context: DecodeContext
    ) {
        self.context = context
        var values: [String: Located<ARMValue>] = [:]
        for (name, value) in parameterValues { values[name.lowercased()] = value }
        self.values = values
        for pair in template[key: "parameters"]?.pairs ?? [] {
            guard let name = pair.key.scalar?.value else { continue }
            parameters[name.lowercased()] = Declaration(
                name: name,
                node: pair.value,
                path: path.child("parameters").child(name),
                keyMark: pair.key.mark
            )
        }
        for pair in template[key: "variables"]?.pairs ?? [] {
            guard let name = pair.key.scalar?.value else { continue }
            variables[name.lowercased()] = Declaration(
                name: name,
                node: pair.value,
                path: path.child("variables").child(name),
                keyMark: pair.key.mark
            )
        }
        for (i, namespaceNode) in (template[key: "functions"]?.items ?? []).enumerated() {
            guard let namespace = namespaceNode[key: "namespace"]?.scalar?.value else { continue }
            for member in namespaceNode[key: "members"]?.pairs ?? [] {
                guard let name = member.key.scalar?.value, let output = member.value[key: "output"]?[key: "value"]
                else {
                    continue
                }
                let names = (member.value[key: "parameters"]?.items ?? []).compactMap { $0[key: "name"]?.scalar?.value }
                functions["\(namespace).\(name)".lowercased()] = UserFunction(
                    parameterNames: names,
                    output: output,
                    path: path.child("functions").index(i).child("members").child(name).child("output").child("value")
                )
            }
        }
    }

    /// The names of the template's parameters, in declaration order.
    public var parameterNames: [String] { parameters.values.sorted { $0.keyMark < $1.keyMark }.map(\.name) }

    /// Checks, as ARM does before it deploys, that every parameter has a value or a default; records an error at
    /// the declaration of each that has neither (in declaration order) and returns whether all have.
    public func requireParameterValues() -> Bool {
        var ok = true
        for declaration in parameters.values.sorted(by: { $0.keyMark < $1.keyMark }) {
            let key = declaration.name.lowercased()
            guard values[key] == nil, declaration.node[key: "defaultValue"] == nil else { continue }
            context.required(
                declaration.path,
                declaration.keyMark,
                "the template parameter \(FieldError.quote(declaration.name)) "
                    + "has no defaultValue and no value was given"
            )
            failed.insert("p:" + key)
            ok = false
        }
        return ok
    }

    /// Evaluates a template value: expression strings are evaluated, objects and arrays element by element,
    /// other values are taken literally.
    public func evaluate(_ node: YAMLNode, path: FieldPath) -> ARMValue? {
        evaluate(node, path: path, scope: .template)
    }

    private func evaluate(_ node: YAMLNode, path: FieldPath, scope: Scope) -> ARMValue? {
        switch node.content {
        case .scalar(let scalar):
            guard case .string = scalar.kind else { return ARMValue(literal: node) }
            guard ARMExpression.isExpression(scalar.value) else { return .string(ARMExpression.literal(scalar.value)) }
            let site = Site(path: path, mark: node.mark)
            let expression: ARMExpression
            do {
                expression = try ARMExpression.parse(String(scalar.value.dropFirst().dropLast()))
            } catch {
                context.invalid(path, node.mark, value: scalar.value, "not a valid template expression: \(error)")
                return nil
            }
            return evaluate(expression, scope: scope, site: site)
        case .sequence(let items):
            var result: [ARMValue] = []
            for (i, item) in items.enumerated() {
                guard let value = evaluate(item, path: path.index(i), scope: scope) else { return nil }
                result.append(value)
            }
            return .array(result)
        case .mapping(let pairs):
            var entries: [ARMObjectEntry] = []
            for pair in pairs {
                let key = pair.key.scalar?.value ?? ""
                guard let value = evaluate(pair.value, path: path.child(key), scope: scope) else { return nil }
                entries.append(ARMObjectEntry(key: key, value: value, mark: pair.value.mark))
            }
            return .object(entries)
        }
    }

    /// The value of a parameter: the one given, else its default (evaluated once).
    public func parameter(_ name: String) -> ARMValue? {
        let key = name.lowercased()
        if let cached = parameterCache[key] { return cached }
        guard !failed.contains("p:" + key), let declaration = parameters[key] else { return nil }
        let value: ARMValue?
        if let given = values[key] {
            value = check(given, against: declaration) ? given.value : nil
        } else if let defaultNode = declaration.node[key: "defaultValue"] {
            value = evaluate(defaultNode, path: declaration.path.child("defaultValue"))
        } else {
            context.required(
                declaration.path,
                declaration.keyMark,
                "the template parameter \(FieldError.quote(declaration.name)) "
                    + "has no defaultValue and no value was given"
            )
            value = nil
        }
        guard let value else {
            failed.insert("p:" + key)
            return nil
        }
        parameterCache[key] = value
        return value
    }

    /// A given value must have the declared type and, when the declaration lists them, one of its allowed values
    /// (defaults are not checked: templates such as the Azure ML extension's default to "" outside the list).
    private func check(_ given: Located<ARMValue>, against declaration: Declaration) -> Bool {
        let declared = declaration.node[key: "type"]?.scalar?.value.lowercased() ?? ""
        let expected: String
        switch declared {
        case "string", "securestring": expected = "string"
        case "object", "secureobject": expected = "object"
        default: expected = declared
        }
        if !expected.isEmpty && given.value.typeName != expected {
            context.invalid(
                given.path,
                given.mark,
                value: given.value.typeName,
                "the parameter \(FieldError.quote(declaration.name)) is of type \(declared)"
            )
            return false
        }
        if let allowed = declaration.node[key: "allowedValues"]?.items?.map(ARMValue.init(literal:)),
            !allowed.contains(where: { $0.isEqual(to: given.value) })
        {
            let text: String
            if case .string(let s) = given.value { text = s } else { text = given.value.typeName }
            let supported = allowed.map { value -> String in
                if case .string(let s) = value { return FieldError.quote(s) }
                return value.typeName
            }
            context.error(
                given.path,
                given.mark,
                "Unsupported value: \(FieldError.quote(text)): supported values: \(supported.joined(separator: ", "))"
            )
            return false
        }
        return true
    }

    private func variable(_ name: String, site: Site) -> ARMValue? {
        let key = name.lowercased()
        if let cached = variableCache[key] { return cached }
        guard !failed.contains("v:" + key) else { return nil }
        guard let declaration = variables[key] else {
            context.error(site.path, site.mark, "the template has no variable \(FieldError.quote(name))")
            return nil
        }
        guard evaluating.insert(key).inserted else {
            context.error(
                declaration.path,
                declaration.keyMark,
                "the variable \(FieldError.quote(name)) refers to itself"
            )
            failed.insert("v:" + key)
            return nil
        }
        let value = evaluate(declaration.node, path: declaration.path)
        evaluating.remove(key)
        guard let value else {
            failed.insert("v:" + key)
            return nil
        }
        variableCache[key] = value
        return value
    }

    // MARK: - Expressions

    private func evaluate(_ expression: ARMExpression, scope: Scope, site: Site) -> ARMValue? {
        switch expression {
        case .string(let text): return .string(text)
        case .int(let value): return .int(value)
        case .property(let base, let name):
            guard let value = evaluate(base, scope: scope, site: site) else { return nil }
            guard let entry = value[name] else {
                return fail(site, "\(value.typeName) has no property \(FieldError.quote(name))")
            }
            return entry.value
        case .index(let base, let indexExpression):
            guard let value = evaluate(base, scope: scope, site: site),
                let index = evaluate(indexExpression, scope: scope, site: site)
            else { return nil }
            switch (value, index) {
            case (.array(let items), .int(let i)) where i >= 0 && i < items.count: return items[Int(i)]
            case (.object, .string(let key)):
                guard let entry = value[key] else {
                    return fail(site, "object has no property \(FieldError.quote(key))")
                }
                return entry.value
            default: return fail(site, "cannot index \(value.typeName) with \(index.typeName)")
            }
        case .call(let namespace, let name, let arguments):
            if let namespace {
                return callUserFunction("\(namespace).\(name)", arguments, scope: scope, site: site)
            }
            return callBuiltIn(name, arguments, scope: scope, site: site)
        }
    }

    private func fail(_ site: Site, _ message: String) -> ARMValue? {
        context.error(site.path, site.mark, message)
        return nil
    }

    private func callUserFunction(_ name: String, _ arguments: [ARMExpression], scope: Scope, site: Site) -> ARMValue? {
        guard let function = functions[name.lowercased()] else {
            return fail(site, "the template defines no function \(FieldError.quote(name))")
        }
        guard arguments.count == function.parameterNames.count else {
            return fail(site, "\(name) takes \(function.parameterNames.count) arguments, found \(arguments.count)")
        }
        var bound: [String: ARMValue] = [:]
        for (parameter, argument) in zip(function.parameterNames, arguments) {
            guard let value = evaluate(argument, scope: scope, site: site) else { return nil }
            bound[parameter.lowercased()] = value
        }
        return evaluate(function.output, path: function.path, scope: .function(name: name, arguments: bound))
    }

    private func callBuiltIn(_ name: String, _ arguments: [ARMExpression], scope: Scope, site: Site) -> ARMValue? {
        func argument(_ i: Int) -> ARMValue? { evaluate(arguments[i], scope: scope, site: site) }
        func all() -> [ARMValue]? {
            var values: [ARMValue] = []
            for i in arguments.indices {
                guard let value = argument(i) else { return nil }
                values.append(value)
            }
            return values
        }
        func count(_ range: ClosedRange<Int>) -> Bool {
            if range.contains(arguments.count) { return true }
            let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "at least \(range.lowerBound)"
            context.error(site.path, site.mark, "\(name) takes \(expected) arguments, found \(arguments.count)")
            return false
        }
        func bool(_ value: ARMValue) -> Bool? {
            if case .bool(let b) = value { return b }
            context.error(site.path, site.mark, "\(name) expects a bool, found \(value.typeName)")
            return nil
        }
        switch name.lowercased() {
        case "parameters":
            guard count(1...1), case .string(let parameterName)? = argument(0) else { return nil }
            if case .function(let function, let bound) = scope {
                guard let value = bound[parameterName.lowercased()] else {
                    return fail(site, "the function \(function) has no parameter \(FieldError.quote(parameterName))")
                }
                return value
            }
            guard parameters[parameterName.lowercased()] != nil else {
                return fail(site, "the template has no parameter \(FieldError.quote(parameterName))")
            }
            return parameter(parameterName)
        case "variables":
            guard count(1...1), case .string(let variableName)? = argument(0) else { return nil }
            if case .function(let function, _) = scope {
                return fail(site, "the function \(function) may not use variables")
            }
            return variable(variableName, site: site)
        case "if":
            guard count(3...3), let condition = argument(0), let flag = bool(condition) else { return nil }
            return argument(flag ? 1 : 2)
        case "equals":
            guard count(2...2), let values = all() else { return nil }
            return .bool(values[0].isEqual(to: values[1]))
        case "not":
            guard count(1...1), let value = argument(0), let flag = bool(value) else { return nil }
            return .bool(!flag)
        case "and":
            guard count(2...Int.max) else { return nil }
            for i in arguments.indices {
                guard let value = argument(i), let flag = bool(value) else { return nil }
                if !flag { return .bool(false) }
            }
            return .bool(true)
        case "empty":
            guard count(1...1), let value = argument(0) else { return nil }
            switch value {
            case .null: return .bool(true)
            case .string(let s): return .bool(s.isEmpty)
            case .array(let a): return .bool(a.isEmpty)
            case .object(let o): return .bool(o.isEmpty)
            default: return fail(site, "empty expects a string, array or object, found \(value.typeName)")
            }
        case "createobject":
            guard arguments.count % 2 == 0, let values = all() else {
                return arguments.count % 2 == 0 ? nil : fail(site, "createObject takes pairs of keys and values")
            }
            var entries: [ARMObjectEntry] = []
            for i in stride(from: 0, to: values.count, by: 2) {
                guard case .string(let key) = values[i] else {
                    return fail(site, "createObject keys are strings, found \(values[i].typeName)")
                }
                entries.removeAll { $0.key.lowercased() == key.lowercased() }
                entries.append(ARMObjectEntry(key: key, value: values[i + 1], mark: site.mark))
            }
            return .object(entries)
        case "union":
            guard count(1...Int.max), let values = all() else { return nil }
            return union(values, site: site)
        case "last":
            guard count(1...1), let value = argument(0) else { return nil }
            switch value {
            case .array(let items): return items.last ?? .null
            case .string(let s): return .string(s.last.map(String.init) ?? "")
            default: return fail(site, "last expects a string or array, found \(value.typeName)")
            }
        case "split":
            guard count(2...2), let values = all() else { return nil }
            guard case .string(let text) = values[0] else {
                return fail(site, "split expects a string, found \(values[0].typeName)")
            }
            let delimiters: [String]
            switch values[1] {
            case .string(let d): delimiters = [d]
            case .array(let items):
                delimiters = items.compactMap { if case .string(let d) = $0 { d } else { nil } }
            default: return fail(site, "split expects a delimiter string or array, found \(values[1].typeName)")
            }
            return .array(Self.split(text, by: delimiters.filter { !$0.isEmpty }).map { .string($0) })
        default:
            return fail(
                site,
                "the template function \(FieldError.quote(name)) is not supported; Skiff evaluates "
                    + Self.supportedFunctions.joined(separator: ", ") + " and the template's own functions"
            )
        }
    }

    private func union(_ values: [ARMValue], site: Site) -> ARMValue? {
        if values.allSatisfy({ if case .object = $0 { true } else { false } }) {
            var merged: [ARMObjectEntry] = []
            for case .object(let entries) in values {
                for entry in entries {
                    if let i = merged.firstIndex(where: { $0.key.lowercased() == entry.key.lowercased() }) {
                        if case .object = merged[i].value, case .object = entry.value,
                            let deeper = union([merged[i].value, entry.value], site: site)
                        {
                            merged[i].value = deeper
                        } else {
                            merged[i] = entry
                        }
                    } else {
                        merged.append(entry)
                    }
                }
            }
            return .object(merged)
        }
        if values.allSatisfy({ if case .array = $0 { true } else { false } }) {
            var merged: [ARMValue] = []
            for case .array(let items) in values {
                for item in items where !merged.contains(where: { $0.isEqual(to: item) }) { merged.append(item) }
            }
            return .array(merged)
        }
        return fail(
            site,
            "union expects all objects or all arrays, found " + values.map(\.typeName).joined(separator: ", ")
        )
    }

    private static func split(_ text: String, by delimiters: [String]) -> [String] {
        guard !delimiters.isEmpty else { return [text] }
        var parts: [String] = []
        var current = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if let delimiter = delimiters.first(where: { rest.hasPrefix($0) }) {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(delimiter.count)
            } else {
                current.append(rest.removeFirst())
            }
        }
        parts.append(current)
        return parts
    }
}
