/// Schemas of Azure ML's InstanceType and Skiff's own kinds (Job, AmlCompute, KubernetesCompute, Extension), as
/// their decoders read the custom-resource form (camelCase under `spec`).
extension OpenAPISchema {
    static let instanceTypeSpec = object(
        "What a job's pods get and where they may run.",
        [
            "nodeSelector": map(
                "Labels a node must have for the job's pods (added to the extension's `nodeSelector.*` settings)."
            ),
            "resources": object(
                "The resources each pod of a job using this instance type requests and may use. `limits` is "
                    + "required; a request defaults to its limit; `nvidia.com/gpu` cannot be overcommitted (its "
                    + "request must equal its limit).",
                [
                    "requests": resourceList(
                        "The minimum amount of each resource a pod needs (`cpu: 700m`, `memory: 1500Mi`); each at "
                            + "most its limit."
                    ),
                    "limits": resourceList(
                        "The maximum amount of each resource a pod may use (`cpu: \"1\"`, `memory: 2Gi`, "
                            + "`nvidia.com/gpu: 1`)."
                    ),
                ],
                required: ["limits"]
            ),
        ],
        required: ["resources"]
    )

    static let instanceType = kind(
        InstanceType.resource,
        "InstanceType (Azure ML extension) names the node selector and resources a job's pods get. The instance "
            + "type named `defaultinstancetype` is used by jobs that name none.",
        [
            "spec": instanceTypeSpec,
            "status": object("What the controller observed.", ["conditions": conditions("Conditions (`Ready`).")]),
        ]
    )

    static let managedIdentity = object(
        "The managed identity of the compute or job.",
        [
            "type": string("Identity type (`system_assigned`, `user_assigned`, `managed`, `aml_token`, `none`)."),
            "userAssignedIdentities": array(
                "User-assigned identities.",
                of: object(
                    "A user-assigned identity.",
                    [
                        "resourceId": string("ARM id of the identity."),
                        "clientId": string("Client id."),
                        "principalId": string("Principal id."),
                    ]
                )
            ),
            "clientId": string("Client id."),
            "principalId": string("Principal id."),
            "tenantId": string("Tenant id."),
            "resourceId": string("ARM id of the identity."),
        ]
    )

    static let provisioningStatus = object(
        "What the controller observed.",
        [
            "provisioningState": string("Provisioning state (`Succeeded`, `Failed`, `Creating`)."),
            "conditions": conditions("Conditions (`Ready`)."),
        ]
    )

    static let job = kind(
        Job.resource,
        "Job is an Azure ML command or sweep job (the job YAML's fields, camelCase, under `spec`). Skiff runs its "
            + "command as pods on the target compute.",
        [
            "spec": object(
                "The job as Azure ML's job YAML declares it.",
                [
                    "type": string("Job type.", oneOf: ["command", "sweep"]),
                    "command": string("The command to run (`${{inputs.x}}` and `${{outputs.y}}` are substituted)."),
                    "code": string("Local path or URI of the code to run the command in."),
                    "environment": free("The environment: a name (`azureml:env:1`) or an inline `{image: …}`."),
                    "environmentVariables": map("Environment variables set for the command."),
                    "compute": string("Target compute: an AmlCompute or KubernetesCompute name (`azureml:` optional)."),
                    "instanceType": string("The InstanceType the pods get (default: the compute's default)."),
                    "instanceCount": integer("Number of nodes (pods) the job runs on."),
                    "shmSize": intOrString("Size of the pods' shared memory (`/dev/shm`), such as `2g`."),
                    "resources": object(
                        "Instance settings (alternative to the top-level fields).",
                        [
                            "instanceCount": integer("Number of nodes."),
                            "instanceType": string("The InstanceType."),
                            "shmSize": intOrString("Shared memory size."),
                        ]
                    ),
                    "distribution": object(
                        "Distributed training settings.",
                        [
                            "type": string("Framework.", oneOf: ["pytorch", "mpi", "tensorflow"]),
                            "processCountPerInstance": integer("Processes per node (pytorch, mpi)."),
                            "workerCount": integer("Workers (tensorflow)."),
                            "parameterServerCount": integer("Parameter servers (tensorflow)."),
                        ]
                    ),
                    "inputs": freeObject("Named inputs: literals or `{type, path}` data inputs."),
                    "outputs": freeObject("Named outputs: `{type, path, mode}`."),
                    "limits": object(
                        "Limits of the job.",
                        [
                            "timeout": intOrString("Maximum run time in seconds."),
                            "trialTimeout": intOrString("Maximum run time of each trial (sweep)."),
                            "maxTotalTrials": integer("Total trials (sweep)."),
                            "maxConcurrentTrials": integer("Trials run at once (sweep)."),
                        ]
                    ),
                    "queueSettings": object(
                        "Queueing of the job.",
                        [
                            "jobTier": string("Tier (`Spot`, `Basic`, `Standard`, `Premium`)."),
                            "priority": string("Priority (`low`, `medium`, `high`)."),
                        ]
                    ),
                    "displayName": string("Display name."),
                    "experimentName": string("Experiment the job belongs to."),
                    "description": string("Description."),
                    "tags": map("Tags."),
                    "properties": map("Properties."),
                    "identity": free("The identity the job runs with."),
                    "services": free("Interactive services (recorded, not started)."),
                    "trial": freeObject("The trial of a sweep job: `command`, `environment`, `code`, `distribution`."),
                    "samplingAlgorithm": free("How a sweep samples the search space (`random`, `grid`, `bayesian`)."),
                    "searchSpace": freeObject("The sweep's search space: one distribution per input."),
                    "objective": freeObject("The sweep's objective: `primaryMetric` and `goal`."),
                    "earlyTermination": freeObject("The sweep's early termination policy."),
                ]
            ),
            "status": object(
                "What the Job controller observed.",
                [
                    "phase": string("Phase (`Queued`, `Running`, `Completed`, `Failed`, `Canceled`)."),
                    "message": string("Why the job is in this phase."),
                    "startTime": time("When the job started running."),
                    "endTime": time("When the job finished."),
                    "cancelRequested": time("When cancellation was requested."),
                    "attempt": integer("Which attempt runs (after node preemption)."),
                    "pods": object(
                        "The job's pods by phase.",
                        [
                            "pending": integer("Pending pods."),
                            "running": integer("Running pods."),
                            "succeeded": integer("Succeeded pods."),
                            "failed": integer("Failed pods."),
                        ]
                    ),
                    "conditions": conditions("Conditions of the job."),
                ]
            ),
        ]
    )

    static let amlCompute = kind(
        AmlCompute.resource,
        "AmlCompute is an Azure ML compute cluster, simulated on Skiff: nodes of its VM size appear and disappear "
            + "between minInstances and maxInstances as jobs need them.",
        [
            "spec": object(
                "The cluster as Azure ML's compute YAML declares it.",
                [
                    "size": string("VM size (`Standard_NC6s_v3`), which gives each node its CPUs, memory and GPUs."),
                    "tier": string("Priority tier.", oneOf: ["Dedicated", "LowPriority"]),
                    "minInstances": integer("Nodes kept even when idle."),
                    "maxInstances": integer("Most nodes the cluster scales to."),
                    "idleTimeBeforeScaleDown": integer("Seconds a node stays idle before it is removed.", format: "int64"),
                    "location": string("Azure region."),
                    "description": string("Description."),
                    "identity": managedIdentity,
                    "sshSettings": object(
                        "SSH access to nodes.",
                        [
                            "adminUsername": string("Admin user name."),
                            "adminPassword": string("Admin password."),
                            "sshKeyValue": string("SSH public key."),
                        ]
                    ),
                    "sshPublicAccessEnabled": boolean("Whether SSH is open to the internet."),
                    "networkSettings": object(
                        "Virtual network settings.",
                        [
                            "vnetName": string("Virtual network."),
                            "subnet": string("Subnet."),
                            "resourceGroup": string("Resource group of the network."),
                        ]
                    ),
                    "enableNodePublicIp": boolean("Whether nodes get public addresses."),
                    "osType": string("Operating system of the nodes.", oneOf: ["Linux", "Windows"]),
                    "tags": map("Tags."),
                ]
            ),
            "status": object(
                "The cluster's state as Azure ML's REST API reports it.",
                [
                    "provisioningState": string("Provisioning state."),
                    "allocationState": string("Allocation state.", oneOf: ["Steady", "Resizing"]),
                    "allocationStateTransitionTime": time("When the allocation state last changed."),
                    "currentNodeCount": integer("Nodes now."),
                    "targetNodeCount": integer("Nodes being scaled to."),
                    "nodeStateCounts": object(
                        "Nodes by state.",
                        [
                            "idleNodeCount": integer("Idle nodes."),
                            "runningNodeCount": integer("Nodes running jobs."),
                            "preparingNodeCount": integer("Nodes being prepared."),
                            "unusableNodeCount": integer("Unusable nodes."),
                            "leavingNodeCount": integer("Nodes leaving."),
                            "preemptedNodeCount": integer("Preempted nodes."),
                        ]
                    ),
                    "errors": array(
                        "Errors.",
                        of: object("An error.", ["code": string("Code."), "message": string("Message.")])
                    ),
                    "conditions": conditions("Conditions."),
                    "nodes": array(
                        "The cluster's nodes.",
                        of: object("A node.", ["name": string("Node name."), "state": string("Node state.")])
                    ),
                    "scaleHistory": array(
                        "Recent scalings.",
                        of: object(
                            "A scaling.",
                            [
                                "time": time("When."),
                                "from": integer("Nodes before."),
                                "to": integer("Nodes after."),
                                "reason": string("Why."),
                            ]
                        )
                    ),
                ]
            ),
        ]
    )

    static let kubernetesCompute = kind(
        KubernetesCompute.resource,
        "KubernetesCompute attaches Skiff's own nodes as an Azure ML Kubernetes compute target: jobs sent to it run "
            + "in its namespace with its instance types.",
        [
            "spec": object(
                "The attached compute.",
                [
                    "namespace": string("The namespace the compute's jobs run in."),
                    "defaultInstanceType": string("The InstanceType of jobs that name none."),
                    "instanceTypes": map(
                        "Instance types declared with the compute (attach-config form), by name.",
                        of: instanceTypeSpec
                    ),
                    "resourceId": string("ARM id of the attached cluster."),
                    "description": string("Description."),
                    "location": string("Azure region."),
                    "identity": managedIdentity,
                ]
            ),
            "status": provisioningStatus,
        ]
    )

    static let extensionKind = kind(
        Extension.resource,
        "Extension is the Azure ML cluster extension's install: its configuration settings decide what the "
            + "cluster runs (training, inference, node selectors).",
        [
            "spec": object(
                "The extension as `az k8s-extension create` declares it.",
                [
                    "extensionType": string("Extension type (`microsoft.azureml.kubernetes`)."),
                    "releaseTrain": string("Release train (`stable`)."),
                    "version": string("Version."),
                    "autoUpgradeMinorVersion": boolean("Whether minor versions upgrade automatically."),
                    "configurationSettings": map(
                        "Settings (`enableTraining`, `enableInference`, `nodeSelector.KEY`, …), as strings."
                    ),
                    "configurationProtectedSettings": map("Protected settings, as strings."),
                ]
            ),
            "status": provisioningStatus,
        ]
    )
}
