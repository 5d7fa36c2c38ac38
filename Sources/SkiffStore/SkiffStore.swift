// SkiffStore: the typed object store, resourceVersion, indexes and watch fan-out.
@_exported import SkiffAPI
