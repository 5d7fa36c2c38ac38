import Foundation
import SkiffAPI

/// Resolves kinds and fetches typed objects from the daemon.
struct ObjectFetcher {
    let client: APIClient
    let registry = KindRegistry.builtIn

    /// The kind a kubectl-style name refers to, or kubectl's error.
    func resolve(_ name: String) throws -> any APIObject.Type {
        guard let type = registry.resolve(name).first else {
            throw ClientError("error: the server doesn't have a resource type \"\(name)\"")
        }
        return type
    }

    func list(_ type: any APIObject.Type, namespace: String?, labels: String?, fields: String?) async throws
        -> [any APIObject]
    {
        var query: [String] = []
        if let labels { query.append("labelSelector=" + escape(labels)) }
        if let fields { query.append("fieldSelector=" + escape(fields)) }
        let path = type.resource.collectionPath(namespace: namespace) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let body = try await client.getOK(path)
        return try (body["items"]?.items ?? []).map { try decode(type, $0) }
    }

    func get(_ type: any APIObject.Type, namespace: String?, name: String) async throws -> any APIObject {
        let body = try await client.getOK(type.resource.collectionPath(namespace: namespace) + "/" + escape(name))
        return try decode(type, body)
    }

    /// Events about one object, oldest first.
    func events(for object: any APIObject) async throws -> [any APIObject] {
        let resource = type(of: object).resource
        var fields = "involvedObject.kind=\(resource.kind),involvedObject.name=\(object.metadata.name)"
        if resource.namespaced { fields += ",involvedObject.namespace=\(object.metadata.namespace)" }
        let namespace = resource.namespaced ? object.metadata.namespace : "default"
        return try await list(Event.self, namespace: namespace, labels: nil, fields: fields)
    }

    private func decode(_ type: any APIObject.Type, _ node: YAMLNode) throws -> any APIObject {
        let context = DecodeContext(file: "response", includeStatus: true)
        guard let reader = MappingReader(node, path: FieldPath(), context: context),
            let object = ObjectDecoder.decode(type, root: reader)
        else {
            throw ClientError("error: cannot read the daemon's answer: \(context.errors.map(\.detail).joined(separator: "; "))")
        }
        return object
    }

    func escape(_ text: String) -> String {
        Self.escape(text)
    }

    /// Percent-escapes a path segment or query value.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+=")))
            ?? text
    }
}
