extension StoreError {
    /// The error as Kubernetes' `Status` object (`kind: Status`, `status: Failure`, `message`, `reason`,
    /// `details`, `code`), ready for the API layer to send.
    public var status: JSONValue {
        var object = JSONObject()
        object["kind"] = .string("Status")
        object["apiVersion"] = .string("v1")
        object["metadata"] = .object(JSONObject())
        object["status"] = .string("Failure")
        object["message"] = .string(message)
        object["reason"] = .string(reason.rawValue)
        var details = JSONObject()
        details.put("name", nonEmpty: name)
        details.put("group", nonEmpty: group)
        details.put("kind", nonEmpty: kind)
        details.put(
            "causes",
            nonEmpty: causes.map { cause in
                var entry = JSONObject()
                entry.put("reason", nonEmpty: cause.type)
                entry.put("message", nonEmpty: cause.message)
                entry.put("field", nonEmpty: cause.field)
                return .object(entry)
            }
        )
        if reason == .timeout || reason == .serviceUnavailable { details["retryAfterSeconds"] = .int(1) }
        object.put("details", nonEmpty: details)
        object["code"] = .int(Int64(code))
        return .object(object)
    }
}
