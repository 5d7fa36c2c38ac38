// SkiffControllers: one level-based reconciler per kind.
@_exported import SkiffRuntime
