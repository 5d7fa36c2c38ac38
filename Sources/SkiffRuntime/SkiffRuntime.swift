// SkiffRuntime: work queues on Dispatch, the folder watcher, the manifest loader, controllers and the clock.
@_exported import SkiffStore
