/// The Python program the tests run with the official `kubernetes` client: one JSON document on stdout with what it
/// saw, so that the Swift test asserts on it (and its traceback on stderr when something raised).
///
/// `python3 script.py KUBECONFIG reads` lists nodes (the client's models refuse a `nodeInfo` missing a required
/// field), watches pods with a server timeout, lists instance types through `CustomObjectsApi`.
/// `python3 script.py KUBECONFIG writes` creates an instance type through `CustomObjectsApi`, patches it (JSON merge
/// patch, the client's default for custom objects), reads it back and deletes it.
enum PythonClientScript {
    static let text = #"""
        import json
        import sys
        import traceback

        from kubernetes import client, config, watch

        kubeconfig, mode = sys.argv[1], sys.argv[2]
        config.load_kube_config(config_file=kubeconfig)
        core = client.CoreV1Api()
        custom = client.CustomObjectsApi()
        result = {"mode": mode, "errors": {}}

        def step(name, body):
            try:
                result[name] = body()
            except Exception as error:  # report every step, not only the first failure
                status = getattr(error, "status", None)
                result["errors"][name] = {"type": type(error).__name__, "status": status, "text": str(error)[:2000]}
                traceback.print_exc()

        GROUP, VERSION, PLURAL = "amlarc.azureml.com", "v1alpha1", "instancetypes"

        if mode == "reads":
            def nodes():
                listed = core.list_node()
                out = []
                for node in listed.items:
                    info = node.status.node_info
                    out.append({
                        "name": node.metadata.name,
                        "nodeInfo": None if info is None else {
                            key: getattr(info, key) for key in info.attribute_map
                        },
                    })
                return out
            step("nodes", nodes)

            def watch_pods():
                events = []
                stream = watch.Watch().stream(core.list_pod_for_all_namespaces, timeout_seconds=3,
                                              _request_timeout=30)
                for event in stream:
                    events.append({"type": event["type"], "name": event["object"].metadata.name,
                                   "namespace": event["object"].metadata.namespace,
                                   "phase": event["object"].status.phase})
                return events
            step("watch", watch_pods)

            def instance_types():
                listed = custom.list_cluster_custom_object(GROUP, VERSION, PLURAL)
                return sorted(item["metadata"]["name"] for item in listed["items"])
            step("instanceTypes", instance_types)

            def one_instance_type():
                return custom.get_cluster_custom_object(GROUP, VERSION, PLURAL, "small")["spec"]
            step("smallSpec", one_instance_type)

        elif mode == "writes":
            body = {
                "apiVersion": GROUP + "/" + VERSION,
                "kind": "InstanceType",
                "metadata": {"name": "from-python", "labels": {"made-by": "python"}},
                "spec": {"resources": {"requests": {"cpu": "200m", "memory": "512Mi"},
                                       "limits": {"cpu": "200m", "memory": "512Mi"}}},
            }
            step("created", lambda: custom.create_cluster_custom_object(GROUP, VERSION, PLURAL, body)["metadata"]["name"])
            patch = {"metadata": {"labels": {"patched": "yes"}},
                     "spec": {"resources": {"limits": {"cpu": "400m"}}}}
            step("patched", lambda: custom.patch_cluster_custom_object(GROUP, VERSION, PLURAL, "from-python", patch)
                 ["metadata"]["labels"])
            def read_back():
                got = custom.get_cluster_custom_object(GROUP, VERSION, PLURAL, "from-python")
                return {"labels": got["metadata"].get("labels"),
                        "limits": got["spec"]["resources"]["limits"]}
            step("readBack", read_back)
            step("listed", lambda: sorted(i["metadata"]["name"] for i in
                                          custom.list_cluster_custom_object(GROUP, VERSION, PLURAL)["items"]))
            step("deleted", lambda: custom.delete_cluster_custom_object(GROUP, VERSION, PLURAL, "from-python")
                 .get("status", "ok"))

        print(json.dumps(result, default=str))
        """#
}
