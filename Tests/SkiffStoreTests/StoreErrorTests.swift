import SkiffStore
import Testing

struct StoreErrorTests {
    @Test func messagesAndCodesFollowKubernetes() {
        let resource = QualifiedResource(group: "amlarc.azureml.com", plural: "instancetypes")
        #expect(StoreError.notFound(resource, name: "x").message == "instancetypes.amlarc.azureml.com \"x\" not found")
        #expect(StoreError.notFound(resource, name: "x").code == 404)
        #expect(StoreError.alreadyExists(resource, name: "x").code == 409)
        #expect(StoreError.conflict(resource, name: "x").reason == .conflict)
        #expect(StoreError.expired("too old").code == 410)
        #expect(StoreError.badRequest("bad").code == 400)
        let pods = QualifiedResource(group: "", plural: "pods")
        #expect(StoreError.notFound(pods, name: "p").message == "pods \"p\" not found")
        let invalid = StoreError.invalid(
            GroupKind(group: "", kind: "Pod"),
            name: "p",
            causes: [
                StoreError.Cause(type: "FieldValueRequired", field: "metadata.name", message: "Required value"),
                StoreError.Cause(type: "FieldValueRequired", field: "spec", message: "Required value"),
            ]
        )
        #expect(invalid.code == 422)
        #expect(invalid.message == "Pod \"p\" is invalid: [metadata.name: Required value, spec: Required value]")
    }

    @Test func guessesResourceNamesForUnknownKinds() {
        #expect(QualifiedResource(guessingFrom: GroupKind(group: "", kind: "Policy")).description == "policies")
        #expect(QualifiedResource(guessingFrom: GroupKind(group: "x.io", kind: "Class")).description == "classes.x.io")
        #expect(QualifiedResource(guessingFrom: GroupKind(group: "", kind: "Key")).description == "keys")
    }

    @Test func rendersAStatusObject() {
        let error = StoreError.notFound(QualifiedResource(group: "skiff.dev", plural: "jobs"), name: "train")
        let status = error.status
        #expect(status["kind"]?.stringValue == "Status")
        #expect(status["status"]?.stringValue == "Failure")
        #expect(status["reason"]?.stringValue == "NotFound")
        #expect(status["message"]?.stringValue == "jobs.skiff.dev \"train\" not found")
        #expect(status["details"]?["name"]?.stringValue == "train")
        #expect(status["details"]?["kind"]?.stringValue == "jobs")
        #expect(status["details"]?["group"]?.stringValue == "skiff.dev")
        #expect(status["code"] == .int(404))
    }
}
