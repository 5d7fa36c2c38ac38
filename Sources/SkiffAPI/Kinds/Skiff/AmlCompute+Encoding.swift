extension AmlCompute {
    public func encodeSpec(into object: inout JSONObject) {
        var o = JSONObject()
        o["size"] = .string(spec.size)
        o["tier"] = .string(spec.tier.rawValue)
        o["minInstances"] = .int(Int64(spec.minInstances))
        o["maxInstances"] = .int(Int64(spec.maxInstances))
        o["idleTimeBeforeScaleDown"] = .int(spec.idleTimeBeforeScaleDown)
        o.put("location", nonEmpty: spec.location)
        o.put("description", nonEmpty: spec.description)
        o.put("identity", spec.identity?.encoded)
        if let ssh = spec.sshSettings {
            var s = JSONObject()
            s["adminUsername"] = .string(ssh.adminUsername)
            s.put("adminPassword", nonEmpty: ssh.adminPassword)
            s.put("sshKeyValue", nonEmpty: ssh.sshKeyValue)
            o["sshSettings"] = .object(s)
        }
        o.put("sshPublicAccessEnabled", spec.sshPublicAccessEnabled.map { .bool($0) })
        if let network = spec.networkSettings {
            var n = JSONObject()
            n.put("vnetName", nonEmpty: network.vnetName)
            n["subnet"] = .string(network.subnet)
            n.put("resourceGroup", nonEmpty: network.resourceGroup)
            o["networkSettings"] = .object(n)
        }
        o["enableNodePublicIp"] = .bool(spec.enableNodePublicIp)
        o["osType"] = .string(spec.osType.rawValue)
        o.put("tags", nonEmpty: spec.tags)
        object["spec"] = .object(o)
    }

    public func encodeStatus(into object: inout JSONObject) {
        guard status != Status() else { return }
        var o = JSONObject()
        o.put("provisioningState", nonEmpty: status.provisioningState)
        o.put("allocationState", status.allocationState.map { .string($0.rawValue) })
        o.put("allocationStateTransitionTime", status.allocationStateTransitionTime.map { .string($0.rfc3339) })
        o["currentNodeCount"] = .int(Int64(status.currentNodeCount))
        o["targetNodeCount"] = .int(Int64(status.targetNodeCount))
        o["nodeStateCounts"] = status.nodeStateCounts.encoded
        o.put(
            "errors",
            nonEmpty: status.errors.map { .object(["code": .string($0.code), "message": .string($0.message)]) }
        )
        o.put("conditions", nonEmpty: status.conditions.map(\.encoded))
        o.put(
            "nodes",
            nonEmpty: status.nodes.map { .object(["name": .string($0.name), "state": .string($0.state)]) }
        )
        o.put(
            "scaleHistory",
            nonEmpty: status.scaleHistory.map {
                .object([
                    "time": .string($0.time.rfc3339), "from": .int(Int64($0.from)), "to": .int(Int64($0.to)),
                    "reason": .string($0.reason),
                ])
            }
        )
        object["status"] = .object(o)
    }
}
