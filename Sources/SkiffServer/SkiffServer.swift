// SkiffServer: the Kubernetes-shaped HTTP API.
@_exported import SkiffStore
