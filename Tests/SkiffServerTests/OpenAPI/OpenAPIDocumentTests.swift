import Foundation
import SkiffServer
import Testing

struct OpenAPIDocumentTests {
    let handler = APIHandler(store: MemoryStore(configuration: StoreConfiguration(kinds: .builtIn)), registry: .builtIn)

    private func get(_ path: String) async -> ReadResponse {
        await ResponseReading.read(await handler.handle(APIRequest(path: path)))
    }

    @Test func indexListsEveryGroupVersionWithAHashedURL() async throws {
        let index = await get("/openapi/v3")
        #expect(index.status == 200)
        guard case .object(let paths) = index.body["paths"] ?? .null else {
            Issue.record("no paths: \(index.text)")
            return
        }
        #expect(paths.entries.map(\.key) == ["api/v1", "apis/amlarc.azureml.com/v1alpha1", "apis/skiff.dev/v1alpha1"])
        for entry in paths.entries {
            let url = try #require(entry.value["serverRelativeURL"]?.stringValue)
            #expect(url.hasPrefix("/openapi/v3/\(entry.key)?hash="))
            let document = await get(String(url.prefix { $0 != "?" }))
            #expect(document.status == 200)
            #expect(document.body["openapi"] == .string("3.0.0"))
        }
        #expect(await get("/openapi/v2").status == 404)
        #expect(await get("/openapi/v3/apis/nope/v1").status == 404)
    }

    /// kubectl sends `fieldValidation=Strict` (and skips client-side validation) only when it finds a PATCH operation
    /// tagged with the kind that takes that query parameter.
    @Test func everyKindHasAPatchOperationTakingFieldValidation() async {
        for type in KindRegistry.builtIn.types {
            let r = type.resource
            let document = await get(r.group.isEmpty ? "/openapi/v3/api/v1" : "/openapi/v3/apis/\(r.group)/\(r.version)")
            guard case .object(let paths) = document.body["paths"] ?? .null else {
                Issue.record("no paths for \(r.kind)")
                continue
            }
            let patches = paths.entries.compactMap { entry -> JSONValue? in
                guard let patch = entry.value["patch"],
                    patch["x-kubernetes-group-version-kind"]?["kind"] == .string(r.kind)
                else { return nil }
                return patch
            }
            #expect(patches.count == 2, "\(r.kind): the object and its status")
            for patch in patches {
                let names = patch["parameters"]?.items.filter { $0["in"] == .string("query") }.compactMap {
                    $0["name"]?.stringValue
                }
                #expect(names?.contains("fieldValidation") == true, "\(r.kind)")
                #expect(names?.contains("dryRun") == true, "\(r.kind)")
            }
        }
    }

    @Test func instanceTypeSchemaDocumentsItsResources() async throws {
        let document = await get("/openapi/v3/apis/amlarc.azureml.com/v1alpha1")
        let schema = try #require(document.body["components"]?["schemas"]?["com.azureml.amlarc.v1alpha1.InstanceType"])
        #expect(
            schema["x-kubernetes-group-version-kind"]
                == .array([
                    .object([
                        "group": .string("amlarc.azureml.com"), "version": .string("v1alpha1"),
                        "kind": .string("InstanceType"),
                    ])
                ])
        )
        let resources = try #require(schema["properties"]?["spec"]?["properties"]?["resources"])
        #expect(resources["type"] == .string("object"))
        #expect(resources["description"]?.stringValue?.contains("limits") == true)
        #expect(resources["required"] == .strings(["limits"]))
        let limits = try #require(resources["properties"]?["limits"])
        #expect(limits["additionalProperties"]?["x-kubernetes-int-or-string"] == .bool(true))
    }

    /// The schemas stay truthful to the decoders: every field of every kind's encoding (what the decoders read back)
    /// is in its kind's schema.
    @Test func everyFieldOfDecodedManifestsIsInTheSchema() async throws {
        let manifests = Self.manifests + (try Self.exampleManifests())
        var kinds = Set<String>()
        for (file, text) in manifests {
            let result = ManifestDecoder.standard.decode(bytes: Array(text.utf8), file: file)
            #expect(result.errors.isEmpty, "\(file): \(result.errors)")
            for object in result.objects.map(\.object) {
                let r = type(of: object).resource
                kinds.insert(r.kind)
                let document = await get(r.group.isEmpty ? "/openapi/v3/api/v1" : "/openapi/v3/apis/\(r.group)/\(r.version)")
                let name = (r.group.isEmpty ? "io.k8s.api.core" : r.group.split(separator: ".").reversed().joined(separator: "."))
                    + ".\(r.version).\(r.kind)"
                let schema = try #require(document.body["components"]?["schemas"]?[name], "\(name)")
                let missing = Self.fieldsMissing(from: schema, in: ResponseReading.normalized(object.encoded()), path: "")
                #expect(missing.isEmpty, "\(r.kind) fields not in the schema: \(missing)")
            }
        }
        #expect(kinds.isSuperset(of: ["Pod", "Node", "Namespace", "Event", "InstanceType", "Job", "AmlCompute", "KubernetesCompute", "Extension"]))
    }

    /// The paths of `value`'s fields that `schema` does not describe (free-form parts excepted).
    static func fieldsMissing(from schema: JSONValue, in value: JSONValue, path: String) -> [String] {
        if schema["x-kubernetes-preserve-unknown-fields"] == .bool(true) { return [] }
        switch value {
        case .object(let object):
            if let additional = schema["additionalProperties"] {
                return object.entries.flatMap { fieldsMissing(from: additional, in: $0.value, path: "\(path).\($0.key)") }
            }
            return object.entries.flatMap { entry -> [String] in
                guard let field = schema["properties"]?[entry.key] else { return ["\(path).\(entry.key)"] }
                return fieldsMissing(from: field, in: entry.value, path: "\(path).\(entry.key)")
            }
        case .array(let items):
            guard let itemSchema = schema["items"] else { return [path] }
            return items.flatMap { fieldsMissing(from: itemSchema, in: $0, path: "\(path)[]") }
        default:
            return []
        }
    }

    static func exampleManifests() throws -> [(String, String)] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("manifests/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        return try files.sorted().map { ($0, try String(contentsOfFile: folder.appendingPathComponent($0).path, encoding: .utf8)) }
    }

    static let manifests: [(String, String)] = [
        (
            "pod.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: default, labels: {app: web}, annotations: {a: b}}
            spec:
              nodeName: node-a
              priorityClassName: high
              priority: 10
              restartPolicy: OnFailure
              terminationGracePeriodSeconds: 5
              activeDeadlineSeconds: 60
              nodeSelector: {disk: ssd}
              tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoExecute, tolerationSeconds: 3}]
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - {weight: 1, preference: {matchFields: [{key: metadata.name, operator: In, values: [n]}]}}
              initContainers: [{name: init, image: busybox, command: ["true"]}]
              containers:
                - name: main
                  image: python:3
                  command: [python, -c, "print(1)"]
                  args: [x]
                  workingDir: /tmp
                  env: [{name: A, value: b}]
                  ports: [{name: http, containerPort: 80, hostPort: 8080, protocol: TCP}]
                  resources: {requests: {cpu: 100m}, limits: {cpu: "1", memory: 1Gi, nvidia.com/gpu: 1}}
            """
        ),
        (
            "event.yaml",
            """
            apiVersion: v1
            kind: Event
            metadata: {name: web.1, namespace: default}
            involvedObject: {kind: Pod, namespace: default, name: web, uid: u1, apiVersion: v1, fieldPath: spec}
            reason: Started
            message: started
            type: Normal
            source: {component: skiffd, host: node-a}
            count: 2
            firstTimestamp: "2026-01-01T00:00:00Z"
            lastTimestamp: "2026-01-01T00:01:00Z"
            """
        ),
        (
            "node.yaml",
            """
            apiVersion: v1
            kind: Node
            metadata: {name: n1, labels: {a: b}}
            spec: {unschedulable: true, taints: [{key: k, value: v, effect: NoSchedule}], podCIDR: 10.0.0.0/24, providerID: x}
            """
        ),
        (
            "job.yaml",
            """
            apiVersion: skiff.dev/v1alpha1
            kind: Job
            metadata: {name: train, namespace: default}
            spec:
              command: python train.py --lr ${{inputs.lr}}
              environment: {image: "nvcr.io/nvidia/pytorch:24.01-py3"}
              environmentVariables: {NCCL_DEBUG: INFO}
              compute: gpu-cluster
              instanceType: gpu
              instanceCount: 2
              shmSize: 16g
              distribution: {type: pytorch, processCountPerInstance: 2}
              inputs: {lr: 0.01}
              outputs: {model: {type: uri_folder}}
              limits: {timeout: 3600}
              queueSettings: {jobTier: Spot, priority: high}
              displayName: Train
              experimentName: exp
              description: d
              tags: {owner: ml}
              properties: {p: q}
            """
        ),
        (
            "amlcompute.yaml",
            """
            apiVersion: skiff.dev/v1alpha1
            kind: AmlCompute
            metadata: {name: gpu-cluster}
            spec:
              size: standard_nc6s_v3
              tier: LowPriority
              minInstances: 1
              maxInstances: 4
              idleTimeBeforeScaleDown: 600
              location: westeurope
              description: d
              sshSettings: {adminUsername: azureuser, sshKeyValue: ssh-ed25519 AAAA}
              sshPublicAccessEnabled: false
              networkSettings: {vnetName: vnet, subnet: default, resourceGroup: net-rg}
              enableNodePublicIp: false
              tags: {team: ml}
            """
        ),
        (
            "instancetype.yaml",
            """
            apiVersion: amlarc.azureml.com/v1alpha1
            kind: InstanceType
            metadata: {name: small}
            spec:
              nodeSelector: {mylabel: v}
              resources:
                limits: {cpu: "1", nvidia.com/gpu: 1, memory: 2Gi}
                requests: {cpu: 700m, memory: 1500Mi}
            """
        ),
    ]
}
