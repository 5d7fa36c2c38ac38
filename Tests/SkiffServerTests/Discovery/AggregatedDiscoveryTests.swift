import SkiffServer
import Testing

struct AggregatedDiscoveryTests {
    static let kubectlAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    let handler = APIHandler(store: MemoryStore(configuration: StoreConfiguration(kinds: .builtIn)), registry: .builtIn)

    private func resources(_ list: JSONValue, group: String) -> [String: JSONValue] {
        var byName: [String: JSONValue] = [:]
        for item in list["items"]?.items ?? [] where item["metadata"]?["name"] == .string(group) {
            for version in item["versions"]?.items ?? [] {
                for resource in version["resources"]?.items ?? [] {
                    byName[resource["resource"]?.stringValue ?? ""] = resource
                }
            }
        }
        return byName
    }

    @Test func coreAnswersTheAggregatedListWithItsContentType() async {
        let response = await ResponseReading.read(
            await handler.handle(APIRequest(path: "/api", accept: Self.kubectlAccept))
        )
        #expect(response.contentType == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        #expect(response.body["kind"] == .string("APIGroupDiscoveryList"))
        #expect(response.body["apiVersion"] == .string("apidiscovery.k8s.io/v2"))
        let core = resources(response.body, group: "")
        #expect(core.keys.sorted() == ["events", "namespaces", "nodes", "pods"])
        let pods = core["pods"] ?? .null
        #expect(pods["scope"] == .string("Namespaced"))
        #expect(pods["shortNames"] == .strings(["po"]))
        #expect(pods["categories"] == .strings(["all"]))
        #expect(pods["singularResource"] == .string("pod"))
        #expect(pods["responseKind"] == .object(["group": .string(""), "version": .string("v1"), "kind": .string("Pod")]))
        #expect(
            pods["verbs"] == .strings(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"])
        )
        #expect(pods["subresources"]?.items.compactMap { $0["subresource"]?.stringValue } == ["log", "status"])
        #expect(core["nodes"]?["scope"] == .string("Cluster"))
        #expect(core["nodes"]?["shortNames"] == .strings(["no"]))
        #expect(core["nodes"]?["subresources"]?.items.compactMap { $0["subresource"]?.stringValue } == ["preempt", "status"])
        #expect(core["namespaces"]?["shortNames"] == .strings(["ns"]))
        #expect(core["events"]?["shortNames"] == .strings(["ev"]))
    }

    @Test func namedGroupsCarryShortNamesAndCategories() async {
        let response = await ResponseReading.read(
            await handler.handle(APIRequest(path: "/apis", accept: Self.kubectlAccept))
        )
        #expect(response.contentType == Discovery.aggregatedContentType)
        let names = response.body["items"]?.items.compactMap { $0["metadata"]?["name"]?.stringValue }
        #expect(names == ["amlarc.azureml.com", "skiff.dev"])
        let azure = resources(response.body, group: "amlarc.azureml.com")
        #expect(azure["instancetypes"]?["shortNames"] == .strings(["it"]))
        #expect(azure["instancetypes"]?["scope"] == .string("Cluster"))
        #expect(azure["instancetypes"]?["categories"] == .strings(["skiff"]))
        let skiff = resources(response.body, group: "skiff.dev")
        #expect(skiff["amlcomputes"]?["shortNames"] == .strings(["amlc"]))
        #expect(skiff["kubernetescomputes"]?["shortNames"] == .strings(["kc"]))
        #expect(skiff["extensions"]?["shortNames"] == .strings(["ext"]))
        #expect(skiff["jobs"]?["categories"] == .strings(["all", "skiff"]))
        #expect(skiff["jobs"]?["subresources"]?.items.compactMap { $0["subresource"]?.stringValue } == ["cancel", "status"])
        let versions = response.body["items"]?.items.first?["versions"]?.items ?? []
        #expect(versions.first?["freshness"] == .string("Current"))
    }

    @Test func plainJSONAcceptGetsLegacyDocuments() async {
        let core = await ResponseReading.read(await handler.handle(APIRequest(path: "/api", accept: "application/json, */*")))
        #expect(core.contentType == "application/json")
        #expect(core.body["kind"] == .string("APIVersions"))
        let groups = await ResponseReading.read(await handler.handle(APIRequest(path: "/apis")))
        #expect(groups.body["kind"] == .string("APIGroupList"))
        // v2beta1 alone is not served: legacy.
        let beta = await ResponseReading.read(
            await handler.handle(
                APIRequest(path: "/api", accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
            )
        )
        #expect(beta.body["kind"] == .string("APIVersions"))
    }

    @Test func legacyResourceListsHaveFullVerbsAndSubresources() async {
        let list = await ResponseReading.read(await handler.handle(APIRequest(path: "/api/v1")))
        let byName = Dictionary(
            uniqueKeysWithValues: (list.body["resources"]?.items ?? []).map { ($0["name"]?.stringValue ?? "", $0) }
        )
        #expect(
            byName["pods"]?["verbs"]
                == .strings(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"])
        )
        #expect(byName["pods/status"]?["verbs"] == .strings(["get", "patch", "update"]))
        #expect(byName["pods/log"]?["verbs"] == .strings(["get"]))
        #expect(byName["pods"]?["categories"] == .strings(["all"]))
    }
}
