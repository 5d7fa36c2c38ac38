/// The command a sweep runs for each trial, with its code, environment and distribution. The trial's
/// instance type, count and shared memory are the job's.
public struct JobTrial: Sendable, Hashable {
    /// The command; `${{search_space.x}}` refers to a sampled parameter.
    public var command: String
    /// A local path to the code folder.
    public var code: String?
    /// Where the command runs.
    public var environment: JobEnvironment
    /// Extra environment of every process.
    public var environmentVariables: [String: String]
    /// How each trial's processes spread over instances.
    public var distribution: JobDistribution?

    public init(
        command: String,
        code: String? = nil,
        environment: JobEnvironment,
        environmentVariables: [String: String] = [:],
        distribution: JobDistribution? = nil
    ) {
        self.command = command
        self.code = code
        self.environment = environment
        self.environmentVariables = environmentVariables
        self.distribution = distribution
    }

    /// The trial as a job prints it.
    public var encoded: JSONValue {
        var o = JSONObject()
        o["command"] = .string(command)
        o.put("code", nonEmpty: code)
        o["environment"] = environment.encoded
        o.put("environmentVariables", nonEmpty: environmentVariables)
        o.put("distribution", distribution?.encoded)
        return .object(o)
    }
}
