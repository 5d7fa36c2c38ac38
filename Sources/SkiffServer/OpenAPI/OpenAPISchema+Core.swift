/// Schemas of the core kinds Skiff serves (`v1`: Pod, Node, Namespace, Event): the fields their decoders accept,
/// with Kubernetes' descriptions shortened, and what Skiff does with them.
extension OpenAPISchema {
    static let container = object(
        "A process to run in the pod. Skiff runs `command` as a process on the node; `image` is recorded and shown "
            + "but no container image is pulled.",
        [
            "name": string("Name of the container, unique within the pod (DNS label)."),
            "image": string("Container image name. Recorded and shown; Skiff runs the command without an image."),
            "command": array("Entrypoint array, run as the process (not through a shell).", of: string("")),
            "args": array("Arguments to the entrypoint.", of: string("")),
            "workingDir": string("The process's working directory."),
            "env": array(
                "Environment variables to set in the process.",
                of: object(
                    "An environment variable.",
                    ["name": string("Name of the variable."), "value": string("Its value.")],
                    required: ["name"]
                )
            ),
            "ports": array(
                "Ports the container exposes (informational; `hostPort` is checked by the scheduler).",
                of: object(
                    "A network port.",
                    [
                        "name": string("Name of the port."),
                        "containerPort": integer("Port number."),
                        "hostPort": integer("Port on the node (the scheduler keeps pods from sharing one)."),
                        "hostIP": string("The node address to bind the host port to."),
                        "protocol": string("Protocol.", oneOf: ["TCP", "UDP", "SCTP"]),
                    ],
                    required: ["containerPort"]
                )
            ),
            "resources": resourceRequirements,
        ],
        required: ["name"]
    )

    static let resourceRequirements = object(
        "Compute resources required by the container: `cpu`, `memory`, `nvidia.com/gpu`, ….",
        [
            "requests": resourceList("The minimum amount of each resource the pod needs; the scheduler fits these."),
            "limits": resourceList("The maximum amount of each resource allowed (enforced through cgroups)."),
        ]
    )

    static let nodeSelectorTerm = object(
        "A term of a node selector: all its expressions must hold.",
        [
            "matchExpressions": array("Requirements on node labels.", of: nodeSelectorRequirement),
            "matchFields": array("Requirements on node fields (`metadata.name`).", of: nodeSelectorRequirement),
        ]
    )

    static let nodeSelectorRequirement = object(
        "A requirement: a key, an operator and values.",
        [
            "key": string("The label key (or field) the requirement applies to."),
            "operator": string("How the key relates to the values.", oneOf: ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
            "values": array("The values (one integer for Gt and Lt, none for Exists and DoesNotExist).", of: string("")),
        ],
        required: ["key", "operator"]
    )

    static let podSpec = object(
        "Specification of the desired behavior of the pod.",
        [
            "containers": array("The containers of the pod; at least one.", of: container),
            "initContainers": array("Containers run to completion, in order, before the others start.", of: container),
            "nodeName": string("The node the pod is bound to; set by the scheduler, or by the user to skip it."),
            "nodeSelector": map("Labels a node must have for the pod to fit there."),
            "affinity": object(
                "Node affinity scheduling rules.",
                [
                    "nodeAffinity": object(
                        "Node affinity: required and preferred node selector terms.",
                        [
                            "requiredDuringSchedulingIgnoredDuringExecution": object(
                                "The node must match one of these terms.",
                                ["nodeSelectorTerms": array("The terms, ORed.", of: nodeSelectorTerm)],
                                required: ["nodeSelectorTerms"]
                            ),
                            "preferredDuringSchedulingIgnoredDuringExecution": array(
                                "Terms the scheduler prefers, by weight.",
                                of: object(
                                    "A weighted preference.",
                                    [
                                        "weight": integer("Weight, 1-100."),
                                        "preference": nodeSelectorTerm,
                                    ],
                                    required: ["weight", "preference"]
                                )
                            ),
                        ]
                    )
                ]
            ),
            "tolerations": array(
                "Taints the pod tolerates.",
                of: object(
                    "A toleration of a taint.",
                    [
                        "key": string("The taint key; empty with Exists matches every taint."),
                        "operator": string("How the key relates to the value.", oneOf: ["Exists", "Equal"]),
                        "value": string("The taint value to match."),
                        "effect": string("The taint effect to match; empty matches all.", oneOf: ["NoSchedule", "PreferNoSchedule", "NoExecute"]),
                        "tolerationSeconds": integer("How long a NoExecute taint is tolerated.", format: "int64"),
                    ]
                )
            ),
            "restartPolicy": string("Restart policy for the containers.", oneOf: ["Always", "OnFailure", "Never"]),
            "priority": integer("The pod's priority, from its priority class."),
            "priorityClassName": string("The priority class of the pod."),
            "schedulerName": string("The scheduler that places the pod."),
            "terminationGracePeriodSeconds": integer("Seconds between SIGTERM and SIGKILL when the pod stops.", format: "int64"),
            "activeDeadlineSeconds": integer("Seconds the pod may run before it is failed.", format: "int64"),
        ],
        required: ["containers"]
    )

    static let containerState = object(
        "The state of a container: one of waiting, running, terminated.",
        [
            "waiting": object(
                "A container not yet running.",
                ["reason": string("Why it is waiting."), "message": string("More about it.")]
            ),
            "running": object("A running container.", ["startedAt": time("When it started.")]),
            "terminated": object(
                "A container that has exited.",
                [
                    "exitCode": integer("Exit status of the process."),
                    "signal": integer("Signal that ended the process."),
                    "reason": string("Why it terminated (`Completed`, `Error`, `OOMKilled`)."),
                    "message": string("More about it."),
                    "startedAt": time("When it started."),
                    "finishedAt": time("When it exited."),
                    "containerID": string("The runtime's id of the container."),
                ],
                required: ["exitCode"]
            ),
        ]
    )

    static let containerStatus = object(
        "The observed state of a container.",
        [
            "name": string("The container's name."),
            "state": containerState,
            "lastState": containerState,
            "ready": boolean("Whether the container is ready."),
            "restartCount": integer("How many times the container has been restarted."),
            "image": string("The image the container was declared with."),
            "imageID": string("The image's id (empty: Skiff pulls no images)."),
            "containerID": string("The runtime's id of the container."),
            "started": boolean("Whether the container has started."),
        ],
        required: ["name", "ready", "restartCount", "image", "imageID"]
    )

    static let pod = kind(
        Pod.resource,
        "Pod is a collection of containers run on a node. On Skiff each container runs as a process (no images).",
        [
            "spec": podSpec,
            "status": object(
                "Most recently observed status of the pod.",
                [
                    "phase": string("The pod's phase.", oneOf: ["Pending", "Running", "Succeeded", "Failed", "Unknown"]),
                    "conditions": conditions("Current service state of the pod (PodScheduled, Initialized, Ready, …)."),
                    "message": string("Why the pod is in this condition."),
                    "reason": string("A brief CamelCase reason (`Evicted`, `Preempted`)."),
                    "nominatedNodeName": string("The node a preempting pod is expected to run on."),
                    "hostIP": string("Address of the node the pod runs on."),
                    "podIP": string("Address of the pod."),
                    "startTime": time("When the node acknowledged the pod."),
                    "qosClass": string("Quality of service class.", oneOf: ["Guaranteed", "Burstable", "BestEffort"]),
                    "initContainerStatuses": array("Status of each init container.", of: containerStatus),
                    "containerStatuses": array("Status of each container.", of: containerStatus),
                ]
            ),
        ]
    )

    static let taint = object(
        "A taint: pods that do not tolerate it are kept off the node.",
        [
            "key": string("The taint key."),
            "value": string("The taint value."),
            "effect": string("What the taint does.", oneOf: ["NoSchedule", "PreferNoSchedule", "NoExecute"]),
            "timeAdded": time("When a NoExecute taint was added."),
        ],
        required: ["key", "effect"]
    )

    static let node = kind(
        Node.resource,
        "Node is a machine pods run on: the local machine, a declared (virtual) node, or a node of a compute cluster.",
        [
            "spec": object(
                "Spec defines the behavior of a node.",
                [
                    "unschedulable": boolean("Whether new pods are kept off the node (`kubectl cordon`)."),
                    "taints": array("Taints of the node.", of: taint),
                    "podCIDR": string("The pod IP range of the node."),
                    "providerID": string("The provider's id of the node."),
                    "declaredCapacity": resourceList(
                        "Skiff: the `status.capacity` a declared node's manifest gives, kept with the spec."
                    ),
                    "declaredAllocatable": resourceList(
                        "Skiff: the `status.allocatable` a declared node's manifest gives (default: its capacity)."
                    ),
                ]
            ),
            "status": object(
                "Most recently observed status of the node.",
                [
                    "capacity": resourceList("Total resources of the node."),
                    "allocatable": resourceList("Resources available to pods (defaults to capacity)."),
                    "conditions": array(
                        "Conditions of the node (`Ready`, …).",
                        of: object(
                            "A node condition.",
                            [
                                "type": string("Type of the condition."),
                                "status": string("Status.", oneOf: ["True", "False", "Unknown"]),
                                "reason": string("Reason of the last transition."),
                                "message": string("Message of the last transition."),
                                "lastHeartbeatTime": time("When the condition was last probed."),
                                "lastTransitionTime": time("When the status last changed."),
                            ],
                            required: ["type", "status"]
                        )
                    ),
                    "addresses": array(
                        "Addresses of the node.",
                        of: object(
                            "An address.",
                            [
                                "type": string("Type of the address (`InternalIP`, `Hostname`, …)."),
                                "address": string("The address."),
                            ],
                            required: ["type", "address"]
                        )
                    ),
                    "nodeInfo": object(
                        "General information about the node.",
                        [
                            "machineID": string("The machine id."),
                            "systemUUID": string("The system UUID."),
                            "bootID": string("The boot id."),
                            "kernelVersion": string("Kernel version (`uname -r`)."),
                            "osImage": string("The OS image (`/etc/os-release`)."),
                            "containerRuntimeVersion": string("The runtime running pods (`skiff://…`)."),
                            "kubeletVersion": string("The node agent's version."),
                            "kubeProxyVersion": string("Deprecated, empty."),
                            "operatingSystem": string("Operating system (`linux`)."),
                            "architecture": string("Architecture (`amd64`)."),
                        ],
                        required: [
                            "machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion",
                            "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture",
                        ]
                    ),
                ]
            ),
        ]
    )

    static let namespace = kind(
        Namespace.resource,
        "Namespace provides a scope for names of namespaced objects (pods, jobs, events).",
        [
            "spec": object(
                "Spec of the namespace.",
                ["finalizers": array("Finalizers that must be removed before the namespace is deleted.", of: string(""))]
            ),
            "status": object(
                "Status of the namespace.",
                [
                    "phase": string("Phase of the namespace.", oneOf: ["Active", "Terminating"]),
                    "conditions": conditions("Conditions of the namespace."),
                ]
            ),
        ]
    )

    static let event = kind(
        Event.resource,
        "Event is a report of something that happened to an object (scheduling, starts, exits, scale-ups).",
        [
            "involvedObject": object(
                "The object this event is about.",
                [
                    "kind": string("Kind of the object."),
                    "namespace": string("Namespace of the object (empty for cluster-scoped kinds)."),
                    "name": string("Name of the object."),
                    "uid": string("UID of the object."),
                    "apiVersion": string("API version of the object."),
                    "resourceVersion": string("The object's resourceVersion when the event was recorded."),
                    "fieldPath": string("The part of the object (`spec.containers{main}`)."),
                ]
            ),
            "reason": string("A short CamelCase reason (`FailedScheduling`, `Started`)."),
            "message": string("A human-readable description."),
            "source": object(
                "The component reporting the event.",
                ["component": string("Component (`skiff-scheduler`, `skiffd`)."), "host": string("Node name.")]
            ),
            "firstTimestamp": time("When the event was first recorded."),
            "lastTimestamp": time("When the event last occurred."),
            "count": integer("How many times it occurred."),
            "type": string("Type of the event.", oneOf: ["Normal", "Warning"]),
            "eventTime": string("When the event was observed, in microseconds (events.k8s.io form).", format: "date-time"),
            "action": string("What was done (events.k8s.io form)."),
            "reportingComponent": string("The controller that emitted the event."),
            "reportingInstance": string("The instance of that controller."),
        ]
    )
}
