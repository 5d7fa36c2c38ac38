/// The command a sweep runs for each trial, with its code, environment and distribution. The trial's
/// instance type, count and shared memory are the job's.
public struct JobTrial: Sendable, Hashable {
    public var command: String
    public var code: String?
    public var environment: JobEnvironment
    public var environmentVariables: [String: String]
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
