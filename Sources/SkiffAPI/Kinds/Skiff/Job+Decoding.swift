extension Job {
    /// The three per-instance settings, which Skiff's Job holds at the top of its spec and Azure ML's CLI v2 under
    /// `resources` (and, for sweeps, under `trial.resources` too).
    struct InstanceSettings {
        var instanceType: Located<String>?
        var instanceCount: Located<Int64>?
        var shmSize: Located<String>?

        /// Reads them from `r`: Skiff's spec, or a CLI `resources` block. CLI-only keys that Skiff cannot honour
        /// are accepted with a warning.
        static func read(_ r: MappingReader, naming: FieldNaming) -> InstanceSettings {
            var settings = InstanceSettings()
            settings.instanceType = r.located(naming("instanceType"), r.string(naming("instanceType")))
            settings.instanceCount = r.located(naming("instanceCount"), r.int(naming("instanceCount")))
            settings.shmSize = r.located(naming("shmSize"), r.string(naming("shmSize")))
            if naming == .snakeCase {
                for key in ["docker_args", "locations", "max_instance_count", "properties"] where r.has(key) {
                    _ = r.node(key)
                    r.context.warning(r.path.child(key), r.keyMark(key), "ignored: Skiff does not use this setting")
                }
            }
            return settings
        }

        /// The trial's settings where the job's are absent; a setting given differently in both is an error.
        func merged(withTrial trial: InstanceSettings, context: DecodeContext) -> InstanceSettings {
            func pick<T: Equatable>(_ job: Located<T>?, _ trial: Located<T>?) -> Located<T>? {
                guard let job, let trial else { return job ?? trial }
                if job.value != trial.value {
                    context.invalid(
                        trial.path,
                        trial.mark,
                        value: "\(trial.value)",
                        "conflicts with \(job.path) (\(FieldError.quote("\(job.value)")))"
                    )
                }
                return job
            }
            return InstanceSettings(
                instanceType: pick(instanceType, trial.instanceType),
                instanceCount: pick(instanceCount, trial.instanceCount),
                shmSize: pick(shmSize, trial.shmSize)
            )
        }
    }

    /// Reads a Job spec as Skiff's kind (camelCase, inside `spec`) or Azure ML's CLI v2 (snake_case, at the top of
    /// a `type: command`/`type: sweep` document) writes it; `type` was read by the caller. Applies Azure ML's
    /// defaults and validates.
    public static func decode(_ r: MappingReader, naming: FieldNaming, type: JobType) -> Spec? {
        let context = r.context
        let errorsBefore = context.errors.count
        var spec = Spec(type: type)
        var instance =
            naming == .camelCase
            ? InstanceSettings.read(r, naming: naming)
            : r.mapping("resources") { InstanceSettings.read($0, naming: naming) } ?? InstanceSettings()
        spec.code = r.string("code")
        spec.environmentVariables = r.stringMap(naming("environmentVariables")) ?? [:]
        spec.compute = readCompute(r, naming: naming)
        spec.inputs = readObject(r, "inputs")
        spec.outputs = readObject(r, "outputs")
        spec.displayName = r.string(naming("displayName"))
        spec.experimentName = r.string(naming("experimentName"))
        spec.description = r.string("description")
        spec.tags = r.stringMap("tags", lenient: true) ?? [:]
        spec.properties = r.stringMap("properties", lenient: true) ?? [:]
        spec.limits =
            r.mapping("limits") { JobLimits.decode($0, naming: naming, sweep: type == .sweep) }
            ?? spec.limits
        spec.queueSettings = r.mapping(naming("queueSettings")) { JobQueueSettings.decode($0, naming: naming) }
        spec.identity = readFreeForm(
            r,
            "identity",
            requiringType: ["managed", "managed_identity", "user_identity", "aml_token"]
        )
        spec.services = r.json("services")
        switch type {
        case .command:
            spec.command = r.string("command", required: true)
            spec.environment = JobEnvironment.decode(r, key: "environment", required: true)
            resolveInstanceSettings(instance, naming: naming, into: &spec, context: context)
            spec.distribution = r.mapping("distribution") {
                JobDistribution.decode($0, naming: naming, instanceCount: spec.instanceCount)
            }
            if let command = r.located("command", spec.command) {
                checkBindings(command, spec: spec, allowSearchSpace: false, context: context)
            }
        case .sweep:
            spec.searchSpace = readSearchSpace(r, naming: naming)
            spec.samplingAlgorithm =
                SamplingAlgorithm.decode(r, key: naming("samplingAlgorithm"))
                ?? spec.samplingAlgorithm
            spec.objective = r.mapping("objective", required: true) { SweepObjective.decode($0, naming: naming) }
            spec.earlyTermination = readFreeForm(
                r,
                naming("earlyTermination"),
                requiringType: ["bandit", "median_stopping", "truncation_selection"]
            )
            var trialCommand: Located<String>?
            spec.trial = r.mapping("trial", required: true) { t in
                if naming == .snakeCase,
                    let trialSettings = t.mapping("resources", { InstanceSettings.read($0, naming: naming) })
                {
                    instance = instance.merged(withTrial: trialSettings, context: context)
                }
                resolveInstanceSettings(instance, naming: naming, into: &spec, context: context)
                let command = t.string("command", required: true)
                trialCommand = t.located("command", command)
                let environment = JobEnvironment.decode(t, key: "environment", required: true)
                let instanceCount = spec.instanceCount
                let distribution = t.mapping("distribution") {
                    JobDistribution.decode($0, naming: naming, instanceCount: instanceCount)
                }
                guard let command, let environment else { return nil }
                return JobTrial(
                    command: command,
                    code: t.string("code"),
                    environment: environment,
                    environmentVariables: t.stringMap(naming("environmentVariables")) ?? [:],
                    distribution: distribution
                )
            }
            if let trialCommand { checkBindings(trialCommand, spec: spec, allowSearchSpace: true, context: context) }
            checkSweep(spec, r, naming: naming, reportSearchSpace: context.errors.count == errorsBefore)
        }
        return context.errors.count == errorsBefore ? spec : nil
    }

    private static func resolveInstanceSettings(
        _ instance: InstanceSettings,
        naming: FieldNaming,
        into spec: inout Spec,
        context: DecodeContext
    ) {
        if let count = instance.instanceCount {
            if count.value < 1 || count.value > Int64(Int32.max) {
                context.error(
                    count.path,
                    count.mark,
                    "Invalid value: \(count.value): must be greater than or equal to 1"
                )
            } else {
                spec.instanceCount = Int(count.value)
            }
        }
        if let type = instance.instanceType {
            spec.instanceType = referencedName(type, naming: naming, context: context)
        }
        if let shm = instance.shmSize {
            if isShmSize(shm.value) {
                spec.shmSize = shm.value
            } else {
                context.invalid(
                    shm.path,
                    shm.mark,
                    value: shm.value,
                    "must be a positive number followed by b, k, m or g (for example \"2g\")"
                )
            }
        }
    }

    /// `<number><unit>` with a unit of b, k, m or g (any case) and a number above zero, as Docker's `--shm-size`.
    public static func isShmSize(_ text: String) -> Bool {
        var digits = Substring(text)
        if let last = digits.last, "bkmgBKMG".contains(last) { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return digits.contains { $0 != "0" }
    }

    /// A name another object is referred to by: Skiff's kinds take Kubernetes names as they are; Azure ML's
    /// documents go through ``AzureMLNames/convert(_:path:mark:context:)``.
    static func referencedName(_ name: Located<String>, naming: FieldNaming, context: DecodeContext) -> String? {
        if naming == .snakeCase {
            return AzureMLNames.convert(name.value, path: name.path, mark: name.mark, context: context)
        }
        for problem in NameValidation.isDNS1123Subdomain(name.value) {
            context.invalid(name.path, name.mark, value: name.value, problem)
        }
        return name.value
    }

    private static func readCompute(_ r: MappingReader, naming: FieldNaming) -> String? {
        guard let node = r.node("compute") else { return nil }
        if node.pairs != nil, naming == .snakeCase {
            r.context.error(
                r.path.child("compute"),
                node.mark,
                "the 2021 preview form compute: {target, instance_type} is obsolete; write compute: azureml:<name> "
                    + "and resources.instance_type"
            )
            return nil
        }
        guard let text = r.string("compute") else { return nil }
        let name = naming == .snakeCase ? AzureMLNames.computeName(fromReference: text) : text
        return referencedName(
            Located(name, path: r.path.child("compute"), mark: node.mark),
            naming: naming,
            context: r.context
        )
    }

    private static func readObject(_ r: MappingReader, _ key: String) -> JSONObject {
        guard let node = r.node(key) else { return JSONObject() }
        guard case .object(let object) = JSONValue(yaml: node) else {
            r.context.error(r.path.child(key), node.mark, "expected a mapping, found \(node.kindDescription)")
            return JSONObject()
        }
        return object
    }

    /// A free-form block that must be a mapping with a `type` among `types` (compared as the SDK does).
    private static func readFreeForm(_ r: MappingReader, _ key: String, requiringType types: [String]) -> JSONValue? {
        guard let node = r.node(key) else { return nil }
        let path = r.path.child(key)
        guard node.pairs != nil, case .object(let object) = JSONValue(yaml: node) else {
            r.context.error(path, node.mark, "expected a mapping, found \(node.kindDescription)")
            return nil
        }
        guard let type = object["type"]?.stringValue else {
            r.context.required(path.child("type"), node.mark)
            return nil
        }
        guard types.contains(FieldNaming.normalizedEnumValue(type)) else {
            r.context.notSupported(
                path.child("type"),
                node[key: "type"]?.mark ?? node.mark,
                value: type,
                supported: types
            )
            return nil
        }
        return .object(object)
    }

    /// What Azure ML refuses when a sweep is submitted: a grid over anything but `choice` parameters (naming the
    /// first such parameter), a distribution's bad parameters, and a malformed early-termination policy.
    private static func checkSweep(_ spec: Spec, _ r: MappingReader, naming: FieldNaming, reportSearchSpace: Bool) {
        let searchKey = naming("searchSpace")
        if !spec.searchSpace.isEmpty {
            do {
                let space = try SweepSearchSpace.parse(spec.searchSpace)
                if spec.samplingAlgorithm?.type == "grid", let bad = space.firstNonChoice {
                    let key = naming("samplingAlgorithm")
                    r.context.error(
                        r.path.child(key),
                        r.mark(key),
                        "grid sampling takes only choice parameters: \(searchKey).\(bad.name) is \(bad.type)"
                    )
                }
            } catch {
                if reportSearchSpace { r.context.error(r.path.child(searchKey), r.mark(searchKey), error.message) }
            }
        }
        if let policy = spec.earlyTermination {
            let key = naming("earlyTermination")
            do {
                _ = try SweepEarlyTermination.parse(policy)
            } catch {
                r.context.error(r.path.child(key), r.mark(key), error.message)
            }
        }
    }

    /// The parameters each search-space distribution needs (Azure ML's sweep reference).
    static let searchSpaceParameters: [String: [String]] = [
        "choice": ["values"], "randint": ["upper"],
        "uniform": ["min_value", "max_value"], "loguniform": ["min_value", "max_value"],
        "quniform": ["min_value", "max_value", "q"], "qloguniform": ["min_value", "max_value", "q"],
        "normal": ["mu", "sigma"], "lognormal": ["mu", "sigma"],
        "qnormal": ["mu", "sigma", "q"], "qlognormal": ["mu", "sigma", "q"],
    ]

    private static func readSearchSpace(_ r: MappingReader, naming: FieldNaming) -> JSONObject {
        let key = naming("searchSpace")
        guard let node = r.node(key) else {
            r.context.required(r.path.child(key), r.mark(key))
            return JSONObject()
        }
        let path = r.path.child(key)
        guard let pairs = node.pairs, !pairs.isEmpty else {
            r.context.error(path, node.mark, "expected a mapping of parameter names to distributions")
            return JSONObject()
        }
        for pair in pairs {
            let name = pair.key.scalar?.value ?? ""
            let parameterPath = path.child(name)
            guard let fields = pair.value.pairs else {
                r.context.error(
                    parameterPath,
                    pair.value.mark,
                    "expected a mapping with type, found \(pair.value.kindDescription)"
                )
                continue
            }
            guard let type = pair.value[key: "type"]?.scalar?.value else {
                r.context.required(parameterPath.child("type"), pair.value.mark)
                continue
            }
            guard let needed = searchSpaceParameters[type.lowercased()] else {
                r.context.notSupported(
                    parameterPath.child("type"),
                    pair.value[key: "type"]?.mark ?? pair.value.mark,
                    value: type,
                    supported: searchSpaceParameters.keys.sorted()
                )
                continue
            }
            let present = Set(fields.compactMap { $0.key.scalar?.value })
            for parameter in needed where !present.contains(parameter) {
                r.context.required(
                    parameterPath.child(parameter),
                    pair.value.mark,
                    "a \(type.lowercased()) distribution needs it"
                )
            }
        }
        guard case .object(let object) = JSONValue(yaml: node) else { return JSONObject() }
        return object
    }

    /// Checks that every `${{inputs.x}}`, `${{outputs.x}}` (and, in a sweep trial, `${{search_space.x}}`) in a
    /// command names something the job declares.
    private static func checkBindings(
        _ command: Located<String>,
        spec: Spec,
        allowSearchSpace: Bool,
        context: DecodeContext
    ) {
        for binding in bindings(in: command.value) {
            let known: Bool
            switch binding.scope {
            case "inputs": known = spec.inputs[binding.name] != nil
            case "outputs": known = spec.outputs[binding.name] != nil
            case "search_space" where allowSearchSpace: known = spec.searchSpace[binding.name] != nil
            default: continue
            }
            if !known {
                context.invalid(
                    command.path,
                    command.mark,
                    value: binding.text,
                    "\(binding.scope) has no \(FieldError.quote(binding.name))"
                )
            }
        }
    }

    /// The `${{scope.name}}` expressions in a command, in order (the Job controller substitutes them).
    public static func bindings(in command: String) -> [(text: String, scope: String, name: String)] {
        var found: [(String, String, String)] = []
        // Most commands hold no binding: rule that out on the bytes before searching by characters (a `${{` made
        // of characters is also one of bytes).
        guard containsBindingOpener(command.utf8) else { return found }
        var rest = Substring(command)
        while let open = rest.firstRange(of: "${{") {
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else { break }
            let inner = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            let parts = inner.split(separator: ".", maxSplits: 1)
            if parts.count == 2 {
                found.append((String(rest[open.lowerBound..<close.upperBound]), String(parts[0]), String(parts[1])))
            }
            rest = rest[close.upperBound...]
        }
        return found
    }

    private static func containsBindingOpener(_ bytes: String.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if byte == UInt8(ascii: "{"), previous == (UInt8(ascii: "$"), UInt8(ascii: "{")) { return true }
            previous = (previous.1, byte)
        }
        return false
    }
}
